import { sql } from "drizzle-orm";
import { db, queryRows } from "~/db.server";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { createItem } from "~/modules/inventory/items.server";
import { createParty } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { appRefusal } from "~/test/expect-refusal";
import { createMember, createOrganisationWithOwner } from "~/test/factories";
import { parseForm } from "~/utils/forms";
import { customerPriceListSchema, priceListActionSchema, priceListSchema, type PriceListInput } from "./price-list-forms";
import {
  createPriceList,
  customerPriceList,
  discountedLineMinor,
  listPriceListItems,
  listPriceLists,
  priceFor,
  removeItemPrice,
  setCustomerPriceList,
  setItemPrice,
  updatePriceList,
} from "./price-lists.server";

const list = (overrides: Partial<PriceListInput> = {}): PriceListInput => ({
  name: "Wholesale",
  taxInclusive: false,
  discount: 0,
  validFrom: null,
  validUntil: null,
  isDefault: false,
  isActive: true,
  ...overrides,
});
const customer = (name: string, assignedUserId: string | null = null) => ({ name, email: null, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, assignedUserId });

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

async function setUp() {
  const org = await createOrganisationWithOwner();
  const { item, kilo, acme } = await withTenant(org.actor, async (tx) => ({
    item: await createItem(tx, { sku: "PEN", name: "Pen", salePriceMinor: 250n }),
    kilo: await createItem(tx, { sku: "FLOUR", name: "Flour", unit: "kg", unitDecimals: 3, salePriceMinor: 120n }),
    acme: await createParty(tx, "customer", customer("Acme")),
  }));
  return { org, item, kilo, acme };
}

describe("price lists", () => {
  it("prices from the customer's list with quantity breaks, then the default list, then the item's sale price", async () => {
    const { org, item, kilo, acme } = await setUp();
    const at = (customerId: string | null, itemId: string, quantity: bigint | string, date = "2026-06-01") => withTenant(org.actor, (tx) => priceFor(tx, { customerId, itemId, quantity, date }));
    // No list at all: the item's own price, no discount, tax-exclusive.
    expect(await at(acme.id, item.id, "1")).toEqual({ unitPriceMinor: 250n, discountBp: 0, taxInclusive: false, priceListId: null });

    const retail = await withTenant(org.actor, (tx) => createPriceList(tx, list({ name: "Retail", isDefault: true, taxInclusive: true })));
    await withTenant(org.actor, (tx) => setItemPrice(tx, retail.id, { sku: "PEN", minQuantity: "0", unitPrice: 300n }));
    expect(await at(acme.id, item.id, "1")).toEqual({ unitPriceMinor: 300n, discountBp: 0, taxInclusive: true, priceListId: retail.id });
    // The default list has no price for flour: the item's price, under the default list.
    expect(await at(acme.id, kilo.id, "2.5")).toEqual({ unitPriceMinor: 120n, discountBp: 0, taxInclusive: false, priceListId: retail.id });

    const wholesale = await withTenant(org.actor, (tx) => createPriceList(tx, list({ name: "Wholesale", discount: 1250 })));
    await withTenant(org.actor, async (tx) => {
      await setItemPrice(tx, wholesale.id, { sku: "PEN", minQuantity: "", unitPrice: 200n });
      await setItemPrice(tx, wholesale.id, { sku: "PEN", minQuantity: "100", unitPrice: 180n });
      await setItemPrice(tx, wholesale.id, { sku: "PEN", minQuantity: "1,000", unitPrice: 150n });
      await setItemPrice(tx, wholesale.id, { sku: "FLOUR", minQuantity: "25.5", unitPrice: 90n });
      await setCustomerPriceList(tx, acme.id, wholesale.id);
    });
    expect(await at(acme.id, item.id, "99")).toEqual({ unitPriceMinor: 200n, discountBp: 1250, taxInclusive: false, priceListId: wholesale.id });
    expect(await at(acme.id, item.id, "100")).toMatchObject({ unitPriceMinor: 180n });
    expect(await at(acme.id, item.id, 999_999_999n)).toMatchObject({ unitPriceMinor: 180n });
    expect(await at(acme.id, item.id, 1_000_000_000n)).toMatchObject({ unitPriceMinor: 150n });
    // Below the list's only flour break: the default list has none either, so the item's price with the list's discount.
    expect(await at(acme.id, kilo.id, "25.499")).toEqual({ unitPriceMinor: 120n, discountBp: 1250, taxInclusive: false, priceListId: wholesale.id });
    expect(await at(acme.id, kilo.id, "25.5")).toMatchObject({ unitPriceMinor: 90n });
    // Another customer (or none) buys from the default list.
    expect(await at(null, item.id, "100")).toMatchObject({ unitPriceMinor: 300n, priceListId: retail.id });

    // Outside its dates, or inactive, the customer's list gives way to the default.
    await withTenant(org.actor, (tx) => updatePriceList(tx, wholesale.id, list({ name: "Wholesale", discount: 1250, validFrom: "2026-07-01", validUntil: "2026-12-31" })));
    expect(await at(acme.id, item.id, "100", "2026-06-30")).toMatchObject({ unitPriceMinor: 300n, priceListId: retail.id });
    expect(await at(acme.id, item.id, "100", "2026-07-01")).toMatchObject({ unitPriceMinor: 180n, priceListId: wholesale.id });
    expect(await at(acme.id, item.id, "100", "2027-01-01")).toMatchObject({ priceListId: retail.id });

    // Replacing a break's price and removing one.
    await withTenant(org.actor, (tx) => setItemPrice(tx, wholesale.id, { sku: "PEN", minQuantity: "100", unitPrice: 175n }));
    const prices = await withTenant(org.actor, (tx) => listPriceListItems(tx, wholesale.id));
    expect(prices.map((p) => [p.sku, p.minQuantityMicro, p.unitPriceMinor])).toEqual([
      ["FLOUR", 25_500_000n, 90n],
      ["PEN", 0n, 200n],
      ["PEN", 100_000_000n, 175n],
      ["PEN", 1_000_000_000n, 150n],
    ]);
    await withTenant(org.actor, (tx) => removeItemPrice(tx, wholesale.id, prices[3].id));
    expect(await at(acme.id, item.id, "5000", "2026-08-01")).toMatchObject({ unitPriceMinor: 175n });
    expect((await withTenant(org.actor, (tx) => listPriceLists(tx))).map((l) => [l.name, l.isDefault, l.prices, l.customers])).toEqual([
      ["Retail", true, 1, 0],
      ["Wholesale", false, 3, 1],
    ]);
    const actions = (await withTenant(org.actor, (tx) => listAuditEvents(tx, { entityType: "price_list", limit: 50 }))).events.map((e) => e.action);
    expect(actions.filter((a) => a === "sales.price_set")).toHaveLength(6);
    expect(actions).toContain("sales.price_removed");
  });

  it("refuses what does not fit: an unknown SKU, too many decimals for the unit, another organisation's item or list", async () => {
    const { org, acme } = await setUp();
    const other = await createOrganisationWithOwner();
    const theirs = await withTenant(other.actor, (tx) => createItem(tx, { sku: "THEIRS", name: "Theirs" }));
    const wholesale = await withTenant(org.actor, (tx) => createPriceList(tx, list()));
    expect(await appRefusal(withTenant(org.actor, (tx) => setItemPrice(tx, wholesale.id, { sku: "THEIRS", minQuantity: "0", unitPrice: 1n })), 400)).toMatchObject({ field: "sku" });
    expect(await appRefusal(withTenant(org.actor, (tx) => setItemPrice(tx, wholesale.id, { sku: "PEN", minQuantity: "1.5", unitPrice: 1n })), 400)).toMatchObject({ field: "minQuantity" });
    expect(await appRefusal(withTenant(org.actor, (tx) => setItemPrice(tx, wholesale.id, { sku: "PEN", minQuantity: "0", unitPrice: -1n })), 400)).toMatchObject({ field: "unitPrice" });
    await appRefusal(withTenant(org.actor, (tx) => priceFor(tx, { customerId: acme.id, itemId: theirs.id, quantity: "1", date: "2026-01-01" })), 404);
    await appRefusal(withTenant(other.actor, (tx) => updatePriceList(tx, wholesale.id, list())), 404);
    expect(await appRefusal(withTenant(other.actor, (tx) => setCustomerPriceList(tx, acme.id, null)), 404)).toMatchObject({ reason: "unknown_customer" });
    const elsewhere = await withTenant(other.actor, (tx) => createPriceList(tx, list({ name: "Elsewhere" })));
    expect(await appRefusal(withTenant(org.actor, (tx) => setCustomerPriceList(tx, acme.id, elsewhere.id)), 400)).toMatchObject({ field: "priceListId" });
    expect(await appRefusal(withTenant(org.actor, (tx) => createPriceList(tx, list({ name: "wholesale" }))), 409)).toMatchObject({ field: "name" });
    expect(await appRefusal(withTenant(org.actor, (tx) => createPriceList(tx, list({ name: "Off", isDefault: true, isActive: false }))), 400)).toMatchObject({ field: "isActive" });
  });

  it("keeps one default list, also when two are made the default at once", async () => {
    const { org } = await setUp();
    const results = await Promise.allSettled(["First", "Second"].map((name) => withTenant(org.actor, (tx) => createPriceList(tx, list({ name, isDefault: true })))));
    for (const result of results) if (result.status === "rejected") expect(result.reason).toMatchObject({ status: 409, field: "isDefault" });
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    const third = await withTenant(org.actor, (tx) => createPriceList(tx, list({ name: "Third", isDefault: true })));
    const defaults = await queryRows<{ id: string }>(db(), sql`select id from price_lists where tenant_id = ${org.organisation.id} and is_default`);
    expect(defaults.map((d) => d.id)).toEqual([third.id]);
  });

  it("gives a salesman the price list of his own customers only", async () => {
    const { org } = await setUp();
    const sally = await createMember(org.actor, "salesman");
    const sam = await createMember(org.actor, "salesman");
    const wholesale = await withTenant(org.actor, (tx) => createPriceList(tx, list()));
    const [sallys, sams] = await withTenant(org.actor, async (tx) => {
      const mine = await createParty(tx, "customer", customer("Sally's", sally.user.id));
      const his = await createParty(tx, "customer", customer("Sam's", sam.user.id));
      await setCustomerPriceList(tx, mine.id, wholesale.id);
      await setCustomerPriceList(tx, his.id, wholesale.id);
      return [mine, his];
    });
    expect((await withTenant(sally.actor, (tx) => customerPriceList(tx, sallys.id)))?.id).toBe(wholesale.id);
    await appRefusal(withTenant(sally.actor, (tx) => customerPriceList(tx, sams.id)), 404);
    const rows = await withTenant(sally.actor, (tx) => queryRows<{ customer_id: string }>(tx, sql`select customer_id from customer_price_lists`));
    expect(rows.map((r) => r.customer_id)).toEqual([sallys.id]);
    expect((await withTenant(sally.actor, (tx) => listPriceLists(tx)))[0].customers).toBe(1);
  });

  it("reads the forms exactly and refuses a negative price or a discount over 100% beside the field", () => {
    const action = priceListActionSchema("EUR");
    const errors = (schema: Parameters<typeof parseForm>[0], values: Record<string, string>) => {
      const result = parseForm(schema, form(values));
      return result.ok ? {} : result.errors;
    };
    expect(errors(action, { intent: "set-price", sku: "PEN", unitPrice: "-0.01" })).toEqual({ unitPrice: "The unit price cannot be negative." });
    expect(errors(action, { intent: "set-price", sku: "PEN", unitPrice: "" })).toEqual({ unitPrice: "Enter the unit price." });
    expect(errors(action, { intent: "update", name: "Trade", discount: "100.01" })).toEqual({ discount: "The discount is a percentage from 0 to 100, like 10 or 12.5." });
    expect(errors(action, { intent: "update", name: "Trade", validFrom: "2026-05-01", validUntil: "2026-04-30" })).toEqual({ validUntil: "The last day cannot be before the first day." });
    expect(errors(priceListSchema, { name: "", discount: "-5" })).toMatchObject({ name: "Enter a name for the price list.", discount: expect.any(String) });
    expect(errors(customerPriceListSchema, { intent: "price-list", priceListId: "nope" })).toEqual({ priceListId: "Choose a price list from the list." });
    expect(parseForm(action, form({ intent: "set-price", sku: "PEN", minQuantity: "12", unitPrice: "1,234.56" }))).toMatchObject({ ok: true, data: { unitPrice: 123_456n, minQuantity: "12" } });
    expect(parseForm(action, form({ intent: "update", name: "Trade", discount: "12.5", taxInclusive: "on" }))).toMatchObject({ ok: true, data: { discount: 1250, taxInclusive: true, isDefault: false } });
  });

  it("computes a discounted line exactly, rounding once at the end", () => {
    // 3 x 0.333 at 12.5% off: 0.874125 -> 0.87 (in cents: 87.4125 -> 87).
    expect(discountedLineMinor(33n, 3_000_000n, 1250)).toBe(87n);
    // 2.5 kg at 1.99 with 10%: 4.4775 -> 4.48.
    expect(discountedLineMinor(199n, 2_500_000n, 1000)).toBe(448n);
    // Huge amounts stay exact (no float): 1,000,000 units at 999,999,999.99.
    expect(discountedLineMinor(99_999_999_999n, 1_000_000_000_000n, 0)).toBe(99_999_999_999_000_000n);
    expect(discountedLineMinor(500n, 1_000_000n, 10_000)).toBe(0n);
  });
});
