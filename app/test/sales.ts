import { createItem, type ItemInput } from "~/modules/inventory/items.server";
import { receiveStock } from "~/modules/inventory/stock.server";
import { defaultWarehouse } from "~/modules/inventory/warehouses.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { createTaxRate } from "~/modules/ledger/tax-rates.server";
import type { CustomerInput } from "~/modules/parties/forms";
import { createParty } from "~/modules/parties/parties.server";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner } from "./factories";

export const SALE_DATE = "2026-03-10";

export function customerInput(overrides: Partial<CustomerInput> = {}): CustomerInput {
  return { name: "Acme Wholesale", email: null, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, ...overrides };
}

/**
 * An organisation ready to sell: a standard tax rate of 20%, a widget (sale price 10.00, 20% tax) with 10 in the
 * main warehouse at 4.00 each, a service without stock, and a customer.
 */
export async function salesSetup(options: { stock?: string; item?: Partial<ItemInput> } = {}) {
  const org = await createOrganisationWithOwner();
  const made = await withTenant(org.actor, async (tx) => {
    const taxPayable = (await findAccountByRole(tx, "tax_payable"))!;
    const standard = await createTaxRate(tx, { name: "Standard", rateBp: 2000, accountId: taxPayable.id });
    const main = (await defaultWarehouse(tx))!;
    const widget = await createItem(tx, { sku: "W-1", name: "Widget", salePriceMinor: 1000n, costMinor: 400n, taxRateBp: 2000, ...options.item });
    const service = await createItem(tx, { sku: "S-1", name: "Installation", kind: "service", salePriceMinor: 5000n, taxRateBp: 0 });
    await receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: options.stock ?? "10", unitCostMinor: 400n, date: SALE_DATE });
    const customer = await createParty(tx, "customer", customerInput());
    return { taxPayable, standard, main, widget, service, customer };
  });
  return { ...org, ...made };
}

export async function customerFor(actor: TenantActor, overrides: Partial<CustomerInput> = {}) {
  return withTenant(actor, (tx) => createParty(tx, "customer", customerInput(overrides)));
}
