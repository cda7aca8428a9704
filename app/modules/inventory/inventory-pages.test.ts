/*
 * The inventory pages as their loaders and actions answer: who sees cost, stock as at a date, the reconciliation, the
 * organisation's negative-stock setting, the units editor and the expiring lots, with their refusals.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "~/db.server";
import { loader as itemLoader } from "~/routes/app.$org.inventory+/items.$itemId._index";
import { action as unitsAction, loader as unitsLoader } from "~/routes/app.$org.inventory+/items.$itemId.units";
import { loader as itemsLoader } from "~/routes/app.$org.inventory+/items._index";
import { loader as expiringLoader } from "~/routes/app.$org.inventory+/expiring";
import { loader as reconciliationLoader } from "~/routes/app.$org.inventory+/reconciliation";
import { action as settingsAction, loader as settingsLoader } from "~/routes/app.$org.inventory+/settings";
import { loader as asOfLoader } from "~/routes/app.$org.inventory+/stock.as-of";
import { loader as asOfCsvLoader } from "~/routes/app.$org.inventory+/stock.as-of[.csv]";
import { loader as stockLoader } from "~/routes/app.$org.inventory+/stock._index";
import { withTenant } from "~/modules/tenancy/context.server";
import type { Role } from "~/modules/tenancy/permissions";
import { appRefusal } from "~/test/expect-refusal";
import { createMember, createOrganisationWithOwner } from "~/test/factories";
import { formPost, getRequest, respond, sessionCookie } from "~/test/requests";
import { canSeeCost } from "./cost";
import { createItem, getItem } from "./items.server";
import { issueStock, receiveStock } from "./stock.server";
import { defaultWarehouse, getInventorySettings } from "./warehouses.server";

async function stockedOrganisation() {
  const org = await createOrganisationWithOwner();
  const { item, main } = await withTenant(org.actor, async (tx) => {
    const main = (await defaultWarehouse(tx))!;
    const item = await createItem(tx, { sku: "TEA-1", name: "Green tea", costMinor: 250n, salePriceMinor: 499n });
    await receiveStock(tx, { itemId: item.id, warehouseId: main.id, quantity: "10", unitCostMinor: 250n, date: "2026-01-05" });
    await issueStock(tx, { itemId: item.id, warehouseId: main.id, quantity: "4", date: "2026-02-10" });
    return { item, main };
  });
  const cookies = new Map<Role, string>([["owner", await sessionCookie(org.user.id)]]);
  const as = async (role: Role) => {
    if (!cookies.has(role)) cookies.set(role, await sessionCookie((await createMember(org.actor, role)).user.id));
    return cookies.get(role)!;
  };
  const slug = org.organisation.slug;
  const get = async (loader: Parameters<typeof respond>[0], path: string, role: Role = "owner", params: Record<string, string> = {}) =>
    respond(loader, getRequest(`/app/${slug}/inventory${path}`, { cookie: await as(role) }), { org: slug, ...params });
  const post = async (action: Parameters<typeof respond>[0], path: string, fields: Record<string, string>, role: Role = "owner", params: Record<string, string> = {}) =>
    respond(action, formPost(`/app/${slug}/inventory${path}`, fields, { cookie: await as(role) }), { org: slug, ...params });
  return { ...org, item, main, get, post };
}

const data = async (response: Response) => {
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown> & { [key: string]: any };
};

describe("the inventory pages", () => {
  it("show a salesman items and availability but no cost or value on the item, items, stock and as-at pages", async () => {
    const org = await stockedOrganisation();
    expect(canSeeCost("salesman")).toBe(false);
    const pages = async (role: Role) => ({
      items: await data(await org.get(itemsLoader, "/items", role)),
      item: await data(await org.get(itemLoader, `/items/${org.item.id}`, role, { itemId: org.item.id })),
      stock: await data(await org.get(stockLoader, "/stock", role)),
      asOf: await data(await org.get(asOfLoader, "/stock/as-of?date=2026-01-31", role)),
    });
    const salesman = await pages("salesman");
    expect(salesman.items.items[0]).toMatchObject({ sku: "TEA-1", onHand: "6", available: "6", salePrice: "499", cost: null });
    expect(salesman.item.item).toMatchObject({ salePrice: "499", cost: null });
    expect(salesman.item.stock[0]).toMatchObject({ onHand: "6", available: "6", value: null });
    expect(salesman.item.totals.value).toBeNull();
    expect(salesman.item.moves.map((m: { unitCost: unknown; value: unknown; valueAfter: unknown }) => [m.unitCost, m.value, m.valueAfter])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(salesman.stock.balances[0]).toMatchObject({ available: "6", value: null });
    expect(salesman.stock.totals).toBeNull();
    expect(salesman.asOf.rows[0]).toMatchObject({ onHand: "10", value: null });
    expect(salesman.asOf.totals[0].value).toBeNull();
    for (const page of Object.values(salesman)) {
      expect(page.showCost).toBe(false);
      // Not in the page's data at all: not the cost (250), the value on hand (1500), nor the value as at January (2500).
      expect(JSON.stringify(page)).not.toMatch(/"(250|1500|2500|-1000)"/);
    }
    // A storekeeper sees them.
    const storekeeper = await pages("storekeeper");
    expect(storekeeper.items.items[0].cost).toBe("250");
    expect(storekeeper.item.stock[0].value).toBe("1500");
    expect(storekeeper.asOf.rows[0].value).toBe("2500");
  });

  it("shows the stock as at a past date with totals per warehouse, and ignores a date it cannot read", async () => {
    const org = await stockedOrganisation();
    const january = await data(await org.get(asOfLoader, "/stock/as-of?date=2026-01-31"));
    expect(january.date).toBe("2026-01-31");
    expect(january.rows.map((r: { sku: string; warehouseCode: string; onHand: string; value: string }) => [r.sku, r.warehouseCode, r.onHand, r.value])).toEqual([["TEA-1", "MAIN", "10", "2500"]]);
    expect(january.totals).toEqual([{ id: org.main.id, name: org.main.name, units: "10", value: "2500" }]);
    const before = await data(await org.get(asOfLoader, `/stock/as-of?date=2026-01-04&warehouse=${org.main.id}`));
    expect(before.rows[0].onHand).toBe("0");
    // The organisation's own pattern reads too (en-GB: 10/02/2026).
    expect((await data(await org.get(asOfLoader, "/stock/as-of?date=10/02/2026"))).rows[0].onHand).toBe("6");
    // The download holds what the page lists at that date; a salesman's has no value column.
    const csv = await org.get(asOfCsvLoader, "/stock/as-of.csv?date=2026-01-31");
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split(/\r?\n/)).toEqual(["date,sku,name,warehouse,unit,on_hand,value_eur", "2026-01-31,TEA-1,Green tea,MAIN,pcs,10,25.00"]);
    const salesmanCsv = await (await org.get(asOfCsvLoader, "/stock/as-of.csv?date=2026-01-31", "salesman")).text();
    expect(salesmanCsv.split(/\r?\n/)[0]).toBe("date,sku,name,warehouse,unit,on_hand");
    const bad = await data(await org.get(asOfLoader, "/stock/as-of?date=31-31-2026&warehouse=nope&after=%00"));
    expect(bad.dateErrors.date).toBeTruthy();
    expect(bad.ignored.map((p: { name: string }) => p.name)).toContain("warehouse");
  });

  it("reconciles stock with the inventory account for those who read the ledger, difference zero", async () => {
    const org = await stockedOrganisation();
    for (const [date, value] of [
      ["2026-01-31", "2500"],
      ["2026-02-10", "1500"],
      ["2025-12-31", "0"],
    ]) {
      const report = await data(await org.get(reconciliationLoader, `/reconciliation?date=${date}`, "accountant"));
      expect([report.stockValue, report.ledger, report.difference]).toEqual([value, value, "0"]);
      expect(report.warehouses).toEqual([{ id: org.main.id, name: org.main.name, value }]);
    }
    for (const role of ["salesman", "storekeeper"] as const) expect((await org.get(reconciliationLoader, "/reconciliation", role)).status).toBe(403);
  });

  it("lets an owner or an administrator allow negative stock, audited, and no one else", async () => {
    const org = await stockedOrganisation();
    expect((await data(await org.get(settingsLoader, "/settings", "admin"))).allowNegativeStock).toBe(false);
    for (const role of ["storekeeper", "accountant", "salesman", "viewer"] as const) {
      expect((await org.get(settingsLoader, "/settings", role)).status).toBe(403);
      expect((await org.post(settingsAction, "/settings", { allowNegativeStock: "on" }, role)).status).toBe(403);
    }
    const refused = await appRefusal(withTenant(org.actor, (tx) => issueStock(tx, { itemId: org.item.id, warehouseId: org.main.id, quantity: "7", date: "2026-03-01" })), 409);
    expect(refused.reason).toBe("insufficient_stock");
    const on = await org.post(settingsAction, "/settings", { allowNegativeStock: "on" }, "admin");
    expect([on.status, on.headers.get("location")]).toEqual([302, `/app/${org.organisation.slug}/inventory/settings`]);
    expect((await withTenant(org.actor, (tx) => getInventorySettings(tx))).allowNegativeStock).toBe(true);
    await withTenant(org.actor, (tx) => issueStock(tx, { itemId: org.item.id, warehouseId: org.main.id, quantity: "7", date: "2026-03-01" }));
    expect((await org.post(settingsAction, "/settings", {})).status).toBe(302);
    expect((await withTenant(org.actor, (tx) => getInventorySettings(tx))).allowNegativeStock).toBe(false);
    const audit = await withTenant(org.actor, (tx) =>
      queryRows<{ action: string; after: { allowNegativeStock: boolean } }>(tx, sql`select action, after from audit_events where action = 'inventory.settings_updated' order by occurred_at, id`),
    );
    expect(audit.map((a) => a.after.allowNegativeStock)).toEqual([true, false]);
  });

  it("edits an item's units, each refusal beside its own row, for those who write inventory only", async () => {
    const org = await stockedOrganisation();
    const path = `/items/${org.item.id}/units`;
    const params = { itemId: org.item.id };
    expect((await data(await org.get(unitsLoader, path, "storekeeper", params))).rows).toBe(3);
    // Row 1 left blank: the refusal of the second filled row is said beside row 2 of the form.
    const fields = { "units.0.unit": "box", "units.0.factor": "12", "units.2.unit": "pack", "units.2.factor": "2.5" };
    const refused = await org.post(unitsAction, path, fields, "storekeeper", params);
    expect(refused.status).toBe(400);
    const failure = (await refused.json()) as { errors: Record<string, string>; values: Record<string, string> };
    expect(Object.keys(failure.errors)).toEqual(["units.2.factor"]);
    expect(failure.values["units.2.unit"]).toBe("pack");
    expect((await getItemUnits(org)).length).toBe(0);
    const saved = await org.post(unitsAction, path, { ...fields, "units.2.factor": "6" }, "storekeeper", params);
    expect(saved.status).toBe(302);
    expect(await getItemUnits(org)).toEqual([
      ["pack", 6_000_000n],
      ["box", 12_000_000n],
    ]);
    expect((await org.post(unitsAction, path, { "units.0.unit": "x".repeat(21), "units.0.factor": "1" }, "storekeeper", params)).status).toBe(400);
    expect((await org.post(unitsAction, path, fields, "viewer", params)).status).toBe(403);
    const other = await stockedOrganisation();
    expect((await other.post(unitsAction, path, fields, "owner", params)).status).toBe(404);
    expect((await other.get(unitsLoader, path, "owner", params)).status).toBe(404);
  });

  it("lists lots expiring within the days asked for, and ignores days it cannot read", async () => {
    const org = await stockedOrganisation();
    await withTenant(org.actor, async (tx) => {
      const milk = await createItem(tx, { sku: "MILK", name: "Milk", lotTracked: true });
      await receiveStock(tx, { itemId: milk.id, warehouseId: org.main.id, quantity: "5", lotNumber: "L-OLD", expiryDate: "2020-01-01", date: "2019-12-01" });
      await receiveStock(tx, { itemId: milk.id, warehouseId: org.main.id, quantity: "5", lotNumber: "L-FAR", expiryDate: "2999-01-01", date: "2019-12-01" });
    });
    const soon = await data(await org.get(expiringLoader, "/expiring?days=10", "salesman"));
    expect(soon.lots.map((l: { lotNumber: string; expired: boolean }) => [l.lotNumber, l.expired])).toEqual([["L-OLD", true]]);
    const bad = await data(await org.get(expiringLoader, "/expiring?days=99999&warehouse=x"));
    expect(bad.days).toBe(30);
    expect(bad.ignored.map((p: { name: string }) => p.name).sort()).toEqual(["days", "warehouse"]);
  });
});

async function getItemUnits(org: Awaited<ReturnType<typeof stockedOrganisation>>) {
  return (await withTenant(org.actor, (tx) => getItem(tx, org.item.id))).units.map((u) => [u.unit, u.factorMicro]);
}
