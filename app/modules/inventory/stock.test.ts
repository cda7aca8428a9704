import { sql } from "drizzle-orm";
import { databaseHandle, openDatabase, queryRow, queryRows, setDatabase, type DatabaseHandle } from "~/db.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { lockPeriod } from "~/modules/ledger/periods.server";
import { balanceSheet } from "~/modules/ledger/reports/balance-sheet.server";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { databaseRefusal } from "~/test/expect-database";
import { appRefusal } from "~/test/expect-refusal";
import { createMember, createOrganisationWithOwner } from "~/test/factories";
import { createStockCount, enterCountedQuantity, postStockCount, reviewStockCount } from "./counts.server";
import { createItem, type ItemInput } from "./items.server";
import { adjustStock, issueStock, receiveStock, releaseReservation, reserveStock, transferStock } from "./stock.server";
import { stockReconciliation } from "./stock-reports.server";
import { createWarehouse, defaultWarehouse, setAllowNegativeStock } from "./warehouses.server";

const DATE = "2026-03-10";

async function setup(item: Partial<ItemInput> = {}) {
  const org = await createOrganisationWithOwner();
  const { main, west, widget } = await withTenant(org.actor, async (tx) => ({
    main: (await defaultWarehouse(tx))!,
    west: await createWarehouse(tx, { code: "WEST", name: "West depot" }),
    widget: await createItem(tx, { sku: "W-1", name: "Widget", costMinor: 100n, units: [{ unit: "box", factor: "12" }], ...item }),
  }));
  return { ...org, main, west, widget };
}

async function balanceOf(actor: TenantActor, itemId: string, warehouseId: string) {
  return withTenant(actor, (tx) =>
    queryRow<{ on_hand: string; reserved: string; value: string }>(
      tx,
      sql`select on_hand_micro::text as on_hand, reserved_micro::text as reserved, value_minor::text as value from stock_balances where item_id = ${itemId}::uuid and warehouse_id = ${warehouseId}::uuid`,
    ),
  );
}

async function inventoryLedgerBalance(actor: TenantActor, asOf = "2026-12-31") {
  return withTenant(actor, async (tx) => {
    const inventory = (await findAccountByRole(tx, "inventory"))!;
    const sheet = await balanceSheet(tx, { asOf });
    return sheet.assets.lines.find((l) => l.accountId === inventory.id)?.amountMinor ?? 0n;
  });
}

describe("receiving and issuing", () => {
  it("receives at cost, issues at the moving average, and posts both to the ledger", async () => {
    const { actor, main, widget } = await setup();
    const receipt = await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "10", unitCostMinor: 200n, date: DATE }));
    expect(receipt.balances[0]).toMatchObject({ onHandMicro: 10_000_000n, valueMinor: 2000n, availableMicro: 10_000_000n });
    expect(receipt.journalEntryId).not.toBeNull();
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "1", unit: "box", unitCostMinor: 3000n, date: DATE }));
    // 22 units worth 5000: an average of 227.27...
    const issue = await withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "11", date: DATE, source: { type: "sales_invoice", id: "INV-1", line: 1 } }));
    expect(issue.moves).toHaveLength(1);
    expect(issue.moves[0]).toMatchObject({ kind: "issue", qtyMicro: -11_000_000n, valueMinor: -2500n, qtyAfterMicro: 11_000_000n, valueAfterMinor: 2500n });
    // The rest takes exactly what is left: no rounding remains.
    const last = await withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "11", date: DATE }));
    expect(last.balances[0]).toMatchObject({ onHandMicro: 0n, valueMinor: 0n });
    expect(await inventoryLedgerBalance(actor)).toBe(0n);
    await withTenant(actor, async (tx) => {
      const cogs = (await findAccountByRole(tx, "cost_of_goods_sold"))!;
      const sheet = await queryRow<{ debit: string }>(tx, sql`select sum(debit_minor)::text as debit from journal_lines where account_id = ${cogs.id}::uuid`);
      expect(sheet?.debit).toBe("5000");
    });
  });

  it("refuses to oversell, naming what is available, and writes nothing", async () => {
    const { actor, main, widget } = await setup();
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "3", date: DATE }));
    const refusal = await appRefusal(withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "4", date: DATE })), 409);
    expect(refusal.message).toContain("3 pcs on hand");
    expect([refusal.reason, refusal.field]).toEqual(["insufficient_stock", "quantity"]);
    expect(await balanceOf(actor, widget.id, main.id)).toEqual({ on_hand: "3000000", reserved: "0", value: "300" });
    const moves = await withTenant(actor, (tx) => queryRows(tx, sql`select 1 from stock_moves`));
    expect(moves).toHaveLength(1);
  });

  it("lets the stock go negative only when the organisation allows it", async () => {
    const { actor, main, widget } = await setup();
    await withTenant(actor, (tx) => setAllowNegativeStock(tx, true));
    const issue = await withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "2", date: DATE }));
    expect(issue.balances[0]).toMatchObject({ onHandMicro: -2_000_000n, valueMinor: -200n });
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "2", unitCostMinor: 100n, date: DATE }));
    expect(await balanceOf(actor, widget.id, main.id)).toMatchObject({ on_hand: "0", value: "0" });
    expect(await inventoryLedgerBalance(actor)).toBe(0n);
  });

  it("records one audit event per operation, naming the journal entry its moves point to", async () => {
    const { actor, main, widget } = await setup();
    const receipt = await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "5", unitCostMinor: 100n, date: DATE }));
    const issue = await withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "2", date: DATE }));
    await withTenant(actor, async (tx) => {
      const events = await queryRows<{ action: string; entry: string | null }>(
        tx,
        sql`select action, after -> 'journalEntry' ->> 'id' as entry from audit_events where action like 'inventory.stock%' or action = 'ledger.entry_posted' order by id`,
      );
      expect(events).toEqual([
        { action: "inventory.stock_received", entry: receipt.journalEntryId },
        { action: "inventory.stock_issued", entry: issue.journalEntryId },
      ]);
      const moves = await queryRows<{ entry: string; source: string }>(
        tx,
        sql`select m.journal_entry_id::text as entry, e.source_type as source from stock_moves m join journal_entries e on e.id = m.journal_entry_id order by m.posted_at`,
      );
      expect(moves).toEqual([
        { entry: receipt.journalEntryId, source: "stock_move" },
        { entry: issue.journalEntryId, source: "stock_move" },
      ]);
      expect(await verifyAuditChain(tx)).toMatchObject({ ok: true });
    });
  });

  it("leaves nothing of an operation whose posting is refused after its moves were written", async () => {
    const { actor, main, widget } = await setup();
    await withTenant(actor, (tx) => lockPeriod(tx, "2026-03-01", null));
    await appRefusal(withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "5", date: DATE })), 409);
    expect(await balanceOf(actor, widget.id, main.id)).toBeUndefined();
    expect(await withTenant(actor, (tx) => queryRows(tx, sql`select 1 from stock_moves union all select 1 from stock_month_balances`))).toHaveLength(0);
  });

  it("keeps stock moves append-only", async () => {
    const { actor, main, widget } = await setup();
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "3", date: DATE }));
    const message = await databaseRefusal(withTenant(actor, (tx) => tx.execute(sql`update stock_moves set qty_micro = 1`)));
    expect(message).toMatch(/append-only/);
    expect(await databaseRefusal(withTenant(actor, (tx) => tx.execute(sql`delete from stock_moves`)))).toMatch(/append-only/);
  });
});

describe("bad input", () => {
  it("refuses each naming the field, and another organisation's ids as not found", async () => {
    const { actor, main, west, widget } = await setup();
    const other = await setup();
    const issue = (input: Partial<Parameters<typeof issueStock>[1]>) =>
      appRefusal(withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "1", date: DATE, ...input })));
    const unknownItem = await issue({ itemId: other.widget.id });
    expect([unknownItem.status, unknownItem.field]).toEqual([404, "itemId"]);
    const unknownWarehouse = await issue({ warehouseId: other.main.id });
    expect([unknownWarehouse.status, unknownWarehouse.field]).toEqual([404, "warehouseId"]);
    expect((await issue({ itemId: "nope" })).status).toBe(404);
    for (const quantity of ["0", "-1", "abc", ""]) {
      const refusal = await issue({ quantity });
      expect([refusal.status, refusal.field]).toEqual([400, "quantity"]);
    }
    const decimals = await issue({ quantity: "1.5" });
    expect([decimals.status, decimals.field, decimals.reason]).toEqual([400, "quantity", "too_many_decimals"]);
    expect((await issue({ unit: "pallet" })).field).toBe("unit");
    expect((await issue({ date: "2026-02-30" })).field).toBe("date");
    const same = await appRefusal(withTenant(actor, (tx) => transferStock(tx, { itemId: widget.id, fromWarehouseId: west.id, toWarehouseId: west.id, quantity: "1", date: DATE })));
    expect([same.status, same.field]).toEqual([400, "toWarehouseId"]);
    const reason = await appRefusal(withTenant(actor, (tx) => adjustStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "1", reason: " ", date: DATE })));
    expect([reason.status, reason.field]).toEqual([400, "reason"]);
    const lot = await appRefusal(withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "1", lotNumber: "L1", date: DATE })));
    expect([lot.status, lot.field]).toEqual([400, "lotNumber"]);
    expect(await withTenant(actor, (tx) => queryRows(tx, sql`select 1 from stock_moves`))).toHaveLength(0);
    expect(await withTenant(actor, (tx) => queryRows(tx, sql`select 1 from journal_entries`))).toHaveLength(0);
  });

  it("takes decimals where the unit allows them, and counts boxes in base units", async () => {
    const { actor, main, widget } = await setup({ sku: "KG", unit: "kg", unitDecimals: 3, units: [{ unit: "sack", factor: "25" }] });
    const result = await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "1.25", unit: "sack", unitCostMinor: 1000n, date: DATE }));
    expect(result.balances[0]).toMatchObject({ onHandMicro: 31_250_000n, valueMinor: 1250n });
    const refusal = await appRefusal(withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "0.0001", date: DATE })));
    expect(refusal.reason).toBe("too_many_decimals");
    await withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "0.125", date: DATE }));
    expect((await balanceOf(actor, widget.id, main.id))?.on_hand).toBe("31125000");
  });
});

describe("transfers, adjustments and counts", () => {
  it("transfers both sides at the source's cost with no P&L effect", async () => {
    const { actor, main, west, widget } = await setup();
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "10", unitCostMinor: 150n, date: DATE }));
    const result = await withTenant(actor, (tx) => transferStock(tx, { itemId: widget.id, fromWarehouseId: main.id, toWarehouseId: west.id, quantity: "4", date: DATE }));
    expect(result.moves.map((m) => [m.kind, m.qtyMicro, m.valueMinor])).toEqual([
      ["transfer_out", -4_000_000n, -600n],
      ["transfer_in", 4_000_000n, 600n],
    ]);
    expect(result.journalEntryId).toBeNull();
    expect(await balanceOf(actor, widget.id, west.id)).toMatchObject({ on_hand: "4000000", value: "600" });
    const refusal = await appRefusal(withTenant(actor, (tx) => transferStock(tx, { itemId: widget.id, fromWarehouseId: west.id, toWarehouseId: main.id, quantity: "5", date: DATE })), 409);
    expect(refusal.message).toContain("4 pcs");
  });

  it("adjusts with a reason and posts a count's differences", async () => {
    const { actor, main, widget } = await setup();
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "10", unitCostMinor: 100n, date: DATE }));
    const adjust = await withTenant(actor, (tx) => adjustStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "-2", reason: "Broken", date: DATE }));
    expect(adjust.moves[0]).toMatchObject({ kind: "adjustment", qtyMicro: -2_000_000n, valueMinor: -200n });
    const count = await withTenant(actor, (tx) => createStockCount(tx, { warehouseId: main.id, countDate: DATE }));
    await withTenant(actor, (tx) => enterCountedQuantity(tx, count.id, { itemId: widget.id, counted: "5" }));
    const review = await withTenant(actor, (tx) => reviewStockCount(tx, count.id));
    expect(review.lines.map((l) => [l.sku, l.expectedMicro, l.countedMicro, l.differenceMicro, l.differenceValueMinor])).toEqual([["W-1", 8_000_000n, 5_000_000n, -3_000_000n, -300n]]);
    const posted = await withTenant(actor, (tx) => postStockCount(tx, count.id));
    expect(posted.count.status).toBe("posted");
    expect(posted.result.moves.map((m) => [m.kind, m.qtyMicro])).toEqual([["count", -3_000_000n]]);
    expect(await balanceOf(actor, widget.id, main.id)).toMatchObject({ on_hand: "5000000", value: "500" });
    expect((await appRefusal(withTenant(actor, (tx) => postStockCount(tx, count.id)), 409)).reason).toBe("count_closed");
    expect(await inventoryLedgerBalance(actor)).toBe(500n);
  });
});

describe("lots", () => {
  it("takes the earliest expiry first, or the lot named", async () => {
    const { actor, main, widget } = await setup({ sku: "MILK", lotTracked: true });
    await withTenant(actor, async (tx) => {
      await receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "5", lotNumber: "LATE", expiryDate: "2026-09-01", unitCostMinor: 100n, date: DATE });
      await receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "3", lotNumber: "EARLY", expiryDate: "2026-04-01", unitCostMinor: 100n, date: DATE });
      await receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "2", lotNumber: "NONE", unitCostMinor: 100n, date: DATE });
    });
    const fefo = await withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "4", date: DATE }));
    const lotNumbers = await withTenant(actor, (tx) => queryRows<{ id: string; lot_number: string }>(tx, sql`select id, lot_number from lots`));
    const name = new Map(lotNumbers.map((l) => [l.id, l.lot_number]));
    expect(fefo.moves.map((m) => [name.get(m.lotId!), m.qtyMicro])).toEqual([
      ["EARLY", -3_000_000n],
      ["LATE", -1_000_000n],
    ]);
    const named = await withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "2", lotNumber: "NONE", date: DATE }));
    expect(name.get(named.moves[0].lotId!)).toBe("NONE");
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "2", lotNumber: "NONE", unitCostMinor: 100n, date: DATE }));
    const tooMuch = await appRefusal(withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "5", lotNumber: "LATE", date: DATE })), 409);
    expect(tooMuch.message).toContain("lot LATE");
    expect((await appRefusal(withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "1", date: DATE })))).field).toBe("lotNumber");
  });
});

describe("reservations", () => {
  it("holds stock back from issues and other reservations, and gives it back on release or issue", async () => {
    const { actor, main, widget } = await setup();
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "10", date: DATE }));
    const { reservation, balance } = await withTenant(actor, (tx) => reserveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "7", source: { type: "sales_order", id: "SO-1" } }));
    expect(balance).toMatchObject({ onHandMicro: 10_000_000n, reservedMicro: 7_000_000n, availableMicro: 3_000_000n });
    const refused = await appRefusal(withTenant(actor, (tx) => reserveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "4", source: { type: "sales_order", id: "SO-2" } })), 409);
    expect(refused.message).toContain("3 pcs available");
    expect((await appRefusal(withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "4", date: DATE })), 409)).message).toContain("3 pcs available");
    // The issue that fulfils the reservation may take the reserved units.
    await withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "7", reservationId: reservation.id, date: DATE }));
    expect(await balanceOf(actor, widget.id, main.id)).toMatchObject({ on_hand: "3000000", reserved: "0" });
    expect((await appRefusal(withTenant(actor, (tx) => releaseReservation(tx, reservation.id)), 409)).reason).toBe("reservation_closed");
    const second = await withTenant(actor, (tx) => reserveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "3", source: { type: "sales_order", id: "SO-3" } }));
    await withTenant(actor, (tx) => releaseReservation(tx, second.reservation.id));
    expect(await balanceOf(actor, widget.id, main.id)).toMatchObject({ on_hand: "3000000", reserved: "0" });
    const other = await createOrganisationWithOwner();
    expect((await appRefusal(withTenant(other.actor, (tx) => releaseReservation(tx, second.reservation.id)), 404)).reason).toBe("unknown_reservation");
  });
});

describe("concurrency", () => {
  let many: DatabaseHandle | undefined;
  let previous: DatabaseHandle | undefined;
  beforeAll(async () => {
    previous = databaseHandle();
    if (previous.kind === "postgres" && previous.url) {
      many = await openDatabase({ url: previous.url, maxConnections: 50 });
      setDatabase(many);
    }
  });
  afterAll(async () => {
    if (previous) setDatabase(previous);
    await many?.close();
  });

  it("lets exactly 10 of 50 buyers of one unit have the 10 in stock, on separate connections, never below zero", async () => {
    const { actor, main, widget } = await setup();
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "10", unitCostMinor: 100n, date: DATE }));
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => withTenant(actor, (tx) => issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "1", date: DATE, source: { type: "sales_invoice", id: `INV-${i}` } }))),
    );
    const succeeded = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(succeeded).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, reason: "insufficient_stock" });
    expect(await balanceOf(actor, widget.id, main.id)).toMatchObject({ on_hand: "0", value: "0" });
    const lowest = await withTenant(actor, (tx) => queryRow<{ min: string }>(tx, sql`select min(qty_after_micro)::text as min from stock_moves`));
    expect(lowest?.min).toBe("0");
    expect(await inventoryLedgerBalance(actor)).toBe(0n);
  });

  it("serialises reservations and issues under the same lock", async () => {
    const { actor, main, widget } = await setup();
    await withTenant(actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "10", date: DATE }));
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        withTenant<unknown>(actor, (tx) =>
          i % 2 ? reserveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "1", source: { type: "sales_order", id: `SO-${i}` } }) : issueStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "1", date: DATE }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const balance = await balanceOf(actor, widget.id, main.id);
    expect(BigInt(balance!.on_hand) - BigInt(balance!.reserved)).toBe(0n);
    expect(BigInt(balance!.on_hand)).toBeGreaterThanOrEqual(0n);
  });

  it("transfers in opposite directions at once without deadlock", async () => {
    const { actor, main, west, widget } = await setup();
    await withTenant(actor, async (tx) => {
      await receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "20", date: DATE });
      await receiveStock(tx, { itemId: widget.id, warehouseId: west.id, quantity: "20", date: DATE });
    });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTenant(actor, (tx) => transferStock(tx, { itemId: widget.id, fromWarehouseId: i % 2 ? main.id : west.id, toWarehouseId: i % 2 ? west.id : main.id, quantity: "1", date: DATE })),
      ),
    );
    expect((await balanceOf(actor, widget.id, main.id))?.on_hand).toBe("20000000");
  });

  it("runs transfers, receipts, issues and adjustments of many items in the same warehouses at once without deadlock", async () => {
    const { actor, main, west } = await setup();
    const items = await withTenant(actor, async (tx) => {
      const made = [];
      for (let i = 0; i < 6; i++) {
        const item = await createItem(tx, { sku: `MIX-${i}`, name: `Mixed ${i}`, costMinor: 100n });
        await receiveStock(tx, { itemId: item.id, warehouseId: main.id, quantity: "50", date: DATE });
        await receiveStock(tx, { itemId: item.id, warehouseId: west.id, quantity: "50", date: DATE });
        made.push(item);
      }
      return made;
    });
    const operations = Array.from({ length: 48 }, (_, i) => {
      const item = items[i % items.length];
      const [from, to] = i % 2 ? [main.id, west.id] : [west.id, main.id];
      return withTenant<unknown>(actor, (tx) => {
        switch (i % 4) {
          case 0:
            return transferStock(tx, { itemId: item.id, fromWarehouseId: from, toWarehouseId: to, quantity: "1", date: DATE });
          case 1:
            return issueStock(tx, { itemId: item.id, warehouseId: to, quantity: "1", date: DATE });
          case 2:
            return receiveStock(tx, { itemId: item.id, warehouseId: from, quantity: "1", date: DATE });
          default:
            return adjustStock(tx, { itemId: item.id, warehouseId: to, quantity: "-1", reason: "Breakage", date: DATE });
        }
      });
    });
    const results = await Promise.allSettled(operations);
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(await inventoryLedgerBalance(actor)).toBe(
      await withTenant(actor, async (tx) => BigInt((await queryRow<{ value: string }>(tx, sql`select sum(value_minor)::text as value from stock_balances`))!.value)),
    );
    expect(await withTenant(actor, (tx) => verifyAuditChain(tx))).toMatchObject({ ok: true });
  });
});

describe("valuation and the ledger", () => {
  it("reconciles with the inventory account after a random mix of receipts, issues, transfers, adjustments and counts", async () => {
    const { actor, main, west, widget } = await setup();
    const gadget = await withTenant(actor, (tx) => createItem(tx, { sku: "G-1", name: "Gadget", unitDecimals: 2, costMinor: 333n }));
    const items = [widget.id, gadget.id];
    const warehouses = [main.id, west.id];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 60; i++) {
      const itemId = items[random(2)];
      const warehouseId = warehouses[random(2)];
      const date = `2026-0${1 + random(3)}-${String(1 + random(28)).padStart(2, "0")}`;
      const quantity = String(1 + random(9));
      const op = random(5);
      await withTenant(actor, async (tx) => {
        if (op === 0) await receiveStock(tx, { itemId, warehouseId, quantity, unitCostMinor: BigInt(97 + random(400)), date });
        else if (op === 1) await issueStock(tx, { itemId, warehouseId, quantity, date });
        else if (op === 2) await transferStock(tx, { itemId, fromWarehouseId: warehouseId, toWarehouseId: warehouses.find((w) => w !== warehouseId)!, quantity, date });
        else if (op === 3) await adjustStock(tx, { itemId, warehouseId, quantity: random(2) ? quantity : `-${quantity}`, reason: "Random", date });
        else {
          const count = await createStockCount(tx, { warehouseId, countDate: date });
          await enterCountedQuantity(tx, count.id, { itemId, counted: String(random(12)) });
          await postStockCount(tx, count.id);
        }
      }).catch((error: unknown) => {
        if ((error as { reason?: string }).reason !== "insufficient_stock") throw error;
      });
    }
    const stockValue = await withTenant(actor, (tx) => queryRow<{ value: string; min: string }>(tx, sql`select sum(value_minor)::text as value, min(on_hand_micro)::text as min from stock_balances`));
    expect(BigInt(stockValue!.min)).toBeGreaterThanOrEqual(0n);
    expect(await inventoryLedgerBalance(actor)).toBe(BigInt(stockValue!.value));
    for (const asOf of ["2026-01-15", "2026-02-28", "2026-03-31"]) {
      const report = await withTenant(actor, (tx) => stockReconciliation(tx, { asOf }));
      expect(report.differenceMinor).toBe(0n);
      expect(report.ledgerMinor).toBe(await inventoryLedgerBalance(actor, asOf));
    }
  });
});

describe("roles", () => {
  it("a storekeeper moves stock; module operations leave permission checks to routes", async () => {
    const { actor, main, widget } = await setup();
    const storekeeper = await createMember(actor, "storekeeper");
    const result = await withTenant(storekeeper.actor, (tx) => receiveStock(tx, { itemId: widget.id, warehouseId: main.id, quantity: "1", date: DATE }));
    expect(result.balances[0].onHandMicro).toBe(1_000_000n);
  });
});
