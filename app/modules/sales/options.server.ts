import type { Tx } from "~/db.server";
import { listItems } from "~/modules/inventory/items.server";
import { listWarehouses } from "~/modules/inventory/warehouses.server";
import { listTaxRates } from "~/modules/ledger/tax-rates.server";
import { listPartyOptions } from "~/modules/parties/parties.server";

export interface DraftFormOptions {
  customers: Array<{ id: string; name: string }>;
  items: Array<{ id: string; sku: string; name: string; unit: string; kind: "stock" | "service"; salePriceMinor: string }>;
  warehouses: Array<{ id: string; code: string; name: string }>;
  taxRates: Array<{ id: string; name: string; rateBp: number }>;
}

/** The customers the member sees (a salesman: his own), for a filter or a form. */
export async function customerOptions(tx: Tx): Promise<Array<{ id: string; name: string }>> {
  return (await listPartyOptions(tx)).filter((p) => p.kind === "customer").map(({ id, name }) => ({ id, name }));
}

/** What the draft form offers: the customers the member sees, active items, warehouses and tax rates. */
export async function draftFormOptions(tx: Tx): Promise<DraftFormOptions> {
  const customers = await customerOptions(tx);
  const items = (await listItems(tx, { status: "active", limit: 500 }, { withCost: false })).rows.map((i) => ({
    id: i.id,
    sku: i.sku,
    name: i.name,
    unit: i.unit,
    kind: i.kind,
    salePriceMinor: i.salePriceMinor.toString(),
  }));
  const warehouses = (await listWarehouses(tx, { status: "active" })).map(({ id, code, name }) => ({ id, code, name }));
  const taxRates = (await listTaxRates(tx, { activeOnly: true })).map(({ id, name, rateBp }) => ({ id, name, rateBp }));
  return { customers, items, warehouses, taxRates };
}
