import { sql } from "drizzle-orm";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { post } from "~/modules/ledger/posting.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { appRefusal } from "~/test/expect-refusal";
import { createOrganisationWithOwner } from "~/test/factories";
import { queryRow } from "~/db.server";
import { canSeeCost } from "./cost";
import { createItem } from "./items.server";
import { issueStock, receiveStock, reserveStock, transferStock } from "./stock.server";
import {
  expiringLots,
  inventorySummary,
  itemHistory,
  itemStock,
  listBalances,
  listMoves,
  reorderList,
  stockAsOf,
  stockReconciliation,
  warehouseTotalsAsOf,
} from "./stock-reports.server";
import { createWarehouse, defaultWarehouse } from "./warehouses.server";

async function setup() {
  const org = await createOrganisationWithOwner();
  const data = await withTenant(org.actor, async (tx) => {
    const main = (await defaultWarehouse(tx))!;
    const west = await createWarehouse(tx, { code: "WEST", name: "West depot" });
    const items = [];
    for (let i = 0; i < 5; i++) items.push(await createItem(tx, { sku: `I-${i}`, name: `Item ${i}`, costMinor: 100n, reorderLevel: "5", reorderQty: i === 0 ? "20" : null }));
    return { main, west, items };
  });
  return { ...org, ...data };
}

describe("stock reads", () => {
  it("pages balances by SKU and warehouse, and hides value from those who may not see cost", async () => {
    const { actor, main, west, items } = await setup();
    await withTenant(actor, async (tx) => {
      for (const item of items) {
        await receiveStock(tx, { itemId: item.id, warehouseId: main.id, quantity: "10", unitCostMinor: 100n, date: "2026-01-05" });
        await receiveStock(tx, { itemId: item.id, warehouseId: west.id, quantity: "1", unitCostMinor: 100n, date: "2026-01-05" });
      }
    });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await withTenant(actor, (tx) => listBalances(tx, { after, limit: 3 }));
      seen.push(...page.rows.map((r) => `${r.sku}/${r.warehouseCode}`));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(items.flatMap((i) => [`${i.sku}/MAIN`, `${i.sku}/WEST`]));
    const hidden = await withTenant(actor, (tx) => listBalances(tx, { warehouseId: west.id }, { withCost: false }));
    expect(hidden.rows.map((r) => [r.sku, r.onHandMicro, r.valueMinor])).toEqual(items.map((i) => [i.sku, 1_000_000n, null]));
    const history = await withTenant(actor, (tx) => itemHistory(tx, items[0].id, {}, { withCost: false }));
    expect(history.rows.map((r) => [r.warehouseCode, r.qtyMicro, r.valueMinor, r.unitCostMinor])).toEqual([
      ["WEST", 1_000_000n, null, null],
      ["MAIN", 10_000_000n, null, null],
    ]);
    expect(canSeeCost("salesman")).toBe(false);
    expect(canSeeCost("storekeeper")).toBe(true);
  });

  it("reads history a keyset page at a time, newest first, with filters", async () => {
    const { actor, main, west, items } = await setup();
    await withTenant(actor, async (tx) => {
      await receiveStock(tx, { itemId: items[0].id, warehouseId: main.id, quantity: "10", date: "2026-01-05" });
      for (let i = 0; i < 5; i++) await issueStock(tx, { itemId: items[0].id, warehouseId: main.id, quantity: "1", date: "2026-01-06" });
      await transferStock(tx, { itemId: items[0].id, fromWarehouseId: main.id, toWarehouseId: west.id, quantity: "2", date: "2026-01-07" });
    });
    const pages: number[][] = [];
    let after: string | null = null;
    for (;;) {
      const page = await withTenant(actor, (tx) => itemHistory(tx, items[0].id, { after, limit: 3 }));
      pages.push(page.rows.map((r) => Number(r.qtyAfterMicro / 1_000_000n)));
      if (!page.next) break;
      after = page.next;
    }
    // The transfer is two moves (in at WEST, out of MAIN), each with its own warehouse's quantity after.
    expect(pages).toEqual([[2, 3, 5], [6, 7, 8], [9, 10]]);
    expect((await withTenant(actor, (tx) => listMoves(tx, { kind: "issue" }))).rows).toHaveLength(5);
    expect((await withTenant(actor, (tx) => listMoves(tx, { warehouseId: west.id }))).rows.map((r) => r.kind)).toEqual(["transfer_in"]);
    expect((await withTenant(actor, (tx) => listMoves(tx, { from: "2026-01-07", to: "2026-01-07" }))).rows).toHaveLength(2);
    const other = await createOrganisationWithOwner();
    expect((await appRefusal(withTenant(other.actor, (tx) => itemHistory(tx, items[0].id)), 404)).reason).toBe("unknown_item");
    expect((await appRefusal(withTenant(other.actor, (tx) => itemStock(tx, items[0].id)), 404)).reason).toBe("unknown_item");
  });

  it("tells the stock and value as at a past date, per item and per warehouse, across months", async () => {
    const { actor, main, west, items } = await setup();
    await withTenant(actor, async (tx) => {
      await receiveStock(tx, { itemId: items[0].id, warehouseId: main.id, quantity: "10", unitCostMinor: 100n, date: "2026-01-05" });
      await issueStock(tx, { itemId: items[0].id, warehouseId: main.id, quantity: "3", date: "2026-02-10" });
      await transferStock(tx, { itemId: items[0].id, fromWarehouseId: main.id, toWarehouseId: west.id, quantity: "2", date: "2026-03-15" });
      // A move dated back into January counts in January.
      await receiveStock(tx, { itemId: items[0].id, warehouseId: main.id, quantity: "1", unitCostMinor: 100n, date: "2026-01-20" });
    });
    const at = async (date: string) => {
      const page = await withTenant(actor, (tx) => stockAsOf(tx, { date }));
      return page.rows.map((r) => [r.warehouseCode, r.onHandMicro / 1_000_000n, r.valueMinor]);
    };
    // Every item and warehouse that has had stock has a row, zero before its first move.
    expect(await at("2026-01-10")).toEqual([["MAIN", 10n, 1000n], ["WEST", 0n, 0n]]);
    expect(await at("2026-01-31")).toEqual([["MAIN", 11n, 1100n], ["WEST", 0n, 0n]]);
    expect(await at("2026-02-10")).toEqual([["MAIN", 8n, 800n], ["WEST", 0n, 0n]]);
    expect(await at("2026-03-14")).toEqual([["MAIN", 8n, 800n], ["WEST", 0n, 0n]]);
    expect(await at("2026-03-15")).toEqual([["MAIN", 6n, 600n], ["WEST", 2n, 200n]]);
    const totals = await withTenant(actor, (tx) => warehouseTotalsAsOf(tx, "2026-03-15"));
    expect(totals.map((t) => [t.code, t.valueMinor])).toEqual([["MAIN", 600n], ["WEST", 200n]]);
    expect((await withTenant(actor, (tx) => warehouseTotalsAsOf(tx, "2026-02-09"))).map((t) => t.valueMinor)).toEqual([1100n, 0n]);
    expect((await appRefusal(withTenant(actor, (tx) => stockAsOf(tx, { date: "March" })), 400)).field).toBe("date");
  });

  it("pages the stock as at a date by keyset, by SKU and warehouse, filtered by warehouse and item", async () => {
    const { actor, main, west, items } = await setup();
    await withTenant(actor, async (tx) => {
      for (const [i, item] of items.entries()) {
        await receiveStock(tx, { itemId: item.id, warehouseId: main.id, quantity: String(10 + i), unitCostMinor: 100n, date: "2026-01-05" });
        await receiveStock(tx, { itemId: item.id, warehouseId: west.id, quantity: "2", unitCostMinor: 100n, date: "2026-01-06" });
        await issueStock(tx, { itemId: item.id, warehouseId: main.id, quantity: "1", date: "2026-02-20" });
      }
    });
    const all = async (filter: { warehouseId?: string; search?: string }, date = "2026-02-15") => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page = await withTenant(actor, (tx) => stockAsOf(tx, { date, ...filter, after, limit: 3 }, { withCost: false }));
        seen.push(...page.rows.map((r) => `${r.sku}/${r.warehouseCode}=${r.onHandMicro / 1_000_000n}${r.valueMinor === null ? "" : "!"}`));
        if (!page.next) break;
        after = page.next;
      }
      return seen;
    };
    expect(await all({})).toEqual(items.flatMap((item, i) => [`${item.sku}/MAIN=${10 + i}`, `${item.sku}/WEST=2`]));
    expect(await all({}, "2026-02-20")).toEqual(items.flatMap((item, i) => [`${item.sku}/MAIN=${9 + i}`, `${item.sku}/WEST=2`]));
    expect(await all({ warehouseId: west.id })).toEqual(items.map((item) => `${item.sku}/WEST=2`));
    expect(await all({ search: "I-3" })).toEqual(["I-3/MAIN=13", "I-3/WEST=2"]);
    expect(await all({ warehouseId: "not-a-uuid" })).toEqual([]);
    // A page size that is not a whole number is read as one; the totals add up the same day.
    expect((await withTenant(actor, (tx) => stockAsOf(tx, { date: "2026-02-15", limit: 2.5 }))).rows).toHaveLength(2);
    expect((await withTenant(actor, (tx) => stockAsOf(tx, { date: "2026-02-15", limit: Number.NaN }))).rows).toHaveLength(10);
    const totals = await withTenant(actor, (tx) => warehouseTotalsAsOf(tx, "2026-02-20"));
    expect(totals.map((t) => [t.code, t.qtyMicro / 1_000_000n, t.valueMinor])).toEqual([
      ["MAIN", 55n, 5500n],
      ["WEST", 10n, 1000n],
    ]);
  });

  it("lists items at or below their reorder level with a suggested quantity", async () => {
    const { actor, main, items } = await setup();
    await withTenant(actor, async (tx) => {
      await receiveStock(tx, { itemId: items[0].id, warehouseId: main.id, quantity: "4", date: "2026-01-05" });
      await receiveStock(tx, { itemId: items[1].id, warehouseId: main.id, quantity: "8", date: "2026-01-05" });
      await reserveStock(tx, { itemId: items[1].id, warehouseId: main.id, quantity: "4", source: { type: "sales_order", id: "SO-1" } });
      await receiveStock(tx, { itemId: items[2].id, warehouseId: main.id, quantity: "9", date: "2026-01-05" });
      await receiveStock(tx, { itemId: items[3].id, warehouseId: main.id, quantity: "9", date: "2026-01-05" });
      await receiveStock(tx, { itemId: items[4].id, warehouseId: main.id, quantity: "9", date: "2026-01-05" });
    });
    const list = await withTenant(actor, (tx) => reorderList(tx));
    expect(list.rows.map((r) => [r.sku, r.availableMicro / 1_000_000n, r.suggestedQtyMicro / 1_000_000n])).toEqual([
      ["I-0", 4n, 20n],
      ["I-1", 4n, 1n],
    ]);
    expect((await withTenant(actor, (tx) => inventorySummary(tx))).toReorder).toBe(2);
  });

  it("lists lots that expire soon, expired ones first", async () => {
    const { actor, main } = await setup();
    await withTenant(actor, async (tx) => {
      const milk = await createItem(tx, { sku: "MILK", name: "Milk", lotTracked: true });
      await receiveStock(tx, { itemId: milk.id, warehouseId: main.id, quantity: "5", lotNumber: "A", expiryDate: "2026-01-01", date: "2025-12-01" });
      await receiveStock(tx, { itemId: milk.id, warehouseId: main.id, quantity: "5", lotNumber: "B", expiryDate: "2026-01-20", date: "2025-12-01" });
      await receiveStock(tx, { itemId: milk.id, warehouseId: main.id, quantity: "5", lotNumber: "C", expiryDate: "2026-06-01", date: "2025-12-01" });
    });
    const lots = await withTenant(actor, (tx) => expiringLots(tx, { asOf: "2026-01-10", withinDays: 30 }));
    expect(lots.map((l) => [l.lotNumber, l.expired])).toEqual([["A", true], ["B", false]]);
  });

  it("shows a manual posting to the inventory account as a difference in the reconciliation", async () => {
    const { actor, main, items } = await setup();
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: items[0].id, warehouseId: main.id, quantity: "10", unitCostMinor: 100n, date: "2026-01-05" }));
    expect((await withTenant(actor, (tx) => stockReconciliation(tx, { asOf: "2026-01-31" }))).differenceMinor).toBe(0n);
    await withTenant(actor, async (tx) => {
      const inventory = (await findAccountByRole(tx, "inventory"))!;
      const cash = (await findAccountByRole(tx, "cash"))!;
      await post(tx, { entryDate: "2026-01-10", memo: "By hand", source: { type: "manual" }, lines: [{ accountId: inventory.id, debitMinor: 50n }, { accountId: cash.id, creditMinor: 50n }] });
    });
    const report = await withTenant(actor, (tx) => stockReconciliation(tx, { asOf: "2026-01-31" }));
    expect([report.stockValueMinor, report.ledgerMinor, report.differenceMinor]).toEqual([1000n, 1050n, -50n]);
    expect((await withTenant(actor, (tx) => stockReconciliation(tx, { asOf: "2026-01-04" }))).differenceMinor).toBe(0n);
    const moves = await withTenant(actor, (tx) => queryRow<{ n: number }>(tx, sql`select count(*)::int as n from stock_moves`));
    expect(moves?.n).toBe(1);
  });
});
