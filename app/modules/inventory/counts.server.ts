/*
 * Stock counts: open a count for a warehouse, enter what was counted per item (and lot), review the differences
 * against the books, post them as count moves (stock.server.ts) in one transaction.
 */
import { sql } from "drizzle-orm";
import { queryRow, queryRows, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { organisationSettings } from "~/modules/ledger/posting.server";
import { AppError } from "~/modules/platform/errors";
import { isIsoDate, todayIn } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { getItem, unitFactor } from "./items.server";
import { inBaseUnit, parseQuantity, QTY_DECIMALS, QTY_SCALE, valueOf } from "./quantities";
import { postCountDifferences, type StockResult } from "./stock.server";
import { getWarehouse } from "./warehouses.server";

export interface StockCount {
  id: string;
  warehouseId: string;
  countDate: string;
  note: string;
  status: "open" | "posted" | "cancelled";
  createdAt: Date;
  postedAt: Date | null;
}

export interface StockCountLine {
  id: string;
  itemId: string;
  sku: string;
  name: string;
  unit: string;
  unitDecimals: number;
  lotId: string | null;
  lotNumber: string | null;
  countedMicro: bigint;
  /** What the books hold now (open count) or held when it was posted. */
  expectedMicro: bigint;
  differenceMicro: bigint;
  /** The difference at the current average cost (open) or as posted; null when cost is hidden. */
  differenceValueMinor: bigint | null;
}

const NOT_FOUND = "That stock count does not exist in this organisation.";

type CountRow = {
  id: string;
  warehouse_id: string;
  count_date: string;
  note: string;
  status: StockCount["status"];
  created_at: string | Date;
  posted_at: string | Date | null;
};

const toCount = (r: CountRow): StockCount => ({
  id: r.id,
  warehouseId: r.warehouse_id,
  countDate: r.count_date,
  note: r.note,
  status: r.status,
  createdAt: new Date(r.created_at),
  postedAt: r.posted_at ? new Date(r.posted_at) : null,
});

async function loadCount(tx: Tx, id: string, lock = false): Promise<StockCount> {
  if (!isUuid(id)) throw new AppError("not_found", NOT_FOUND, { reason: "unknown_count", field: "countId" });
  const row = await queryRow<CountRow>(
    tx,
    sql`select id, warehouse_id, count_date::text, note, status, created_at, posted_at from stock_counts where id = ${id}::uuid ${lock ? sql`for update` : sql``}`,
  );
  if (!row) throw new AppError("not_found", NOT_FOUND, { reason: "unknown_count", field: "countId" });
  return toCount(row);
}

function open(count: StockCount) {
  if (count.status !== "open") throw new AppError("conflict", `That count is ${count.status} already.`, { reason: "count_closed" });
}

/** Opens a count for a warehouse, dated (the date its adjustments are posted on) today unless given. */
export async function createStockCount(tx: Tx, input: { warehouseId: string; countDate?: string; note?: string }): Promise<StockCount> {
  const warehouse = await getWarehouse(tx, input.warehouseId);
  const date = input.countDate?.trim() || todayIn((await organisationSettings(tx)).timeZone);
  if (!isIsoDate(date)) throw new AppError("invalid", "Enter the count date as YYYY-MM-DD.", { reason: "invalid_date", field: "countDate" });
  const row = await queryRow<CountRow>(
    tx,
    sql`insert into stock_counts (tenant_id, warehouse_id, count_date, note, created_by_user_id)
      values (app_tenant_id(), ${warehouse.id}::uuid, ${date}::date, ${(input.note ?? "").trim().slice(0, 1000)}, app_user_id())
      returning id, warehouse_id, count_date::text, note, status, created_at, posted_at`,
  );
  const count = toCount(row!);
  await recordAudit(tx, { action: "inventory.stock_count_created", entityType: "stock_count", entityId: count.id, after: count });
  return count;
}

/** Enters (or corrects) the counted quantity of an item, and lot for a lot-tracked item, in an open count. */
export async function enterCountedQuantity(
  tx: Tx,
  countId: string,
  input: { itemId: string; counted: string | number | bigint; unit?: string | null; lotNumber?: string | null },
): Promise<{ itemId: string; lotId: string | null; countedMicro: bigint }> {
  const count = await loadCount(tx, countId, true);
  open(count);
  const item = await getItem(tx, input.itemId);
  if (item.kind !== "stock") throw new AppError("invalid", `${item.sku} is a service: it has no stock.`, { reason: "service_item", field: "itemId" });
  const label = "The counted quantity";
  // In the base unit, its decimals; in another unit (a box of 12), converted exactly or refused, never rounded.
  const counted =
    !input.unit || input.unit === item.unit
      ? parseQuantity(input.counted, { decimals: item.unitDecimals, field: "counted", label, allowZero: true, unit: item.unit })
      : inBaseUnit(parseQuantity(input.counted, { decimals: QTY_DECIMALS, field: "counted", label, allowZero: true, unit: input.unit }), unitFactor(item, input.unit), {
          decimals: item.unitDecimals,
          field: "counted",
          unit: item.unit,
        });
  let lotId: string | null = null;
  const lotNumber = input.lotNumber?.trim() || null;
  if (item.lotTracked) {
    if (!lotNumber) throw new AppError("invalid", `${item.sku} is tracked by lot: enter the lot number.`, { reason: "lot_required", field: "lotNumber" });
    const lot = await queryRow<{ id: string }>(tx, sql`select id from lots where item_id = ${item.id}::uuid and lot_number = ${lotNumber}`);
    lotId =
      lot?.id ??
      (await queryRow<{ id: string }>(
        tx,
        sql`insert into lots (tenant_id, item_id, lot_number) values (app_tenant_id(), ${item.id}::uuid, ${lotNumber})
          on conflict (tenant_id, item_id, lot_number) do update set lot_number = excluded.lot_number returning id`,
      ))!.id;
  } else if (lotNumber) {
    throw new AppError("invalid", `${item.sku} is not tracked by lot.`, { reason: "lot_not_tracked", field: "lotNumber" });
  }
  await tx.execute(sql`insert into stock_count_lines (tenant_id, count_id, item_id, lot_id, counted_micro)
    values (app_tenant_id(), ${count.id}::uuid, ${item.id}::uuid, ${lotId}::uuid, ${counted.toString()}::bigint)
    on conflict (tenant_id, count_id, item_id, coalesce(lot_id, '00000000-0000-0000-0000-000000000000'::uuid))
    do update set counted_micro = excluded.counted_micro, entered_at = now()`);
  await recordAudit(tx, { action: "inventory.stock_counted", entityType: "stock_count", entityId: count.id, after: { itemId: item.id, lotId, countedMicro: counted } });
  return { itemId: item.id, lotId, countedMicro: counted };
}

/** Removes an item's line from an open count. */
export async function removeCountLine(tx: Tx, countId: string, lineId: string): Promise<void> {
  const count = await loadCount(tx, countId, true);
  open(count);
  if (!isUuid(lineId)) throw new AppError("not_found", "That line is not in the count.", { reason: "unknown_line" });
  const rows = await queryRows<{ id: string }>(tx, sql`delete from stock_count_lines where id = ${lineId}::uuid and count_id = ${count.id}::uuid returning id`);
  if (!rows.length) throw new AppError("not_found", "That line is not in the count.", { reason: "unknown_line" });
  await recordAudit(tx, { action: "inventory.stock_count_line_removed", entityType: "stock_count", entityId: count.id, after: { lineId } });
}

/** The count and its lines with the differences against the books (for an open count, as the books stand now). */
export async function reviewStockCount(tx: Tx, countId: string, options: { withCost?: boolean } = {}): Promise<{ count: StockCount; lines: StockCountLine[] }> {
  const count = await loadCount(tx, countId);
  const rows = await queryRows<{
    id: string;
    item_id: string;
    sku: string;
    name: string;
    unit: string;
    unit_decimals: number;
    lot_id: string | null;
    lot_number: string | null;
    counted: string;
    expected: string;
    on_hand: string;
    value: string;
    posted_value: string | null;
  }>(
    tx,
    sql`select c.id, c.item_id, i.sku, i.name, i.unit, i.unit_decimals, c.lot_id, l.lot_number, c.counted_micro::text as counted,
        coalesce(c.expected_micro, case when c.lot_id is null then b.on_hand_micro else lb.on_hand_micro end, 0)::text as expected,
        coalesce(b.on_hand_micro, 0)::text as on_hand, coalesce(b.value_minor, 0)::text as value,
        (select m.value_minor::text from stock_moves m where m.id = c.move_id) as posted_value
      from stock_count_lines c
      join items i on i.id = c.item_id
      left join lots l on l.id = c.lot_id
      left join stock_balances b on b.item_id = c.item_id and b.warehouse_id = ${count.warehouseId}::uuid
      left join stock_lot_balances lb on lb.item_id = c.item_id and lb.warehouse_id = ${count.warehouseId}::uuid and lb.lot_id = c.lot_id
      where c.count_id = ${count.id}::uuid
      order by i.sku, l.lot_number nulls first`,
  );
  const lines = rows.map((r) => {
    const counted = BigInt(r.counted);
    const expected = BigInt(r.expected);
    const difference = counted - expected;
    const onHand = BigInt(r.on_hand);
    const average = onHand > 0n ? (BigInt(r.value) * QTY_SCALE) / onHand : 0n;
    const differenceValue = r.posted_value !== null ? BigInt(r.posted_value) : count.status === "posted" ? 0n : valueOf(difference, average);
    return {
      id: r.id,
      itemId: r.item_id,
      sku: r.sku,
      name: r.name,
      unit: r.unit,
      unitDecimals: r.unit_decimals,
      lotId: r.lot_id,
      lotNumber: r.lot_number,
      countedMicro: counted,
      expectedMicro: expected,
      differenceMicro: difference,
      differenceValueMinor: options.withCost === false ? null : differenceValue,
    };
  });
  return { count, lines };
}

/** Posts an open count: an adjustment move (kind "count") for each difference, one ledger entry, the count closed. */
export async function postStockCount(tx: Tx, countId: string): Promise<{ count: StockCount; result: StockResult }> {
  const count = await loadCount(tx, countId, true);
  open(count);
  const lines = await queryRows<{ id: string; item_id: string; lot_id: string | null; counted: string }>(
    tx,
    sql`select id, item_id, lot_id, counted_micro::text as counted from stock_count_lines where count_id = ${count.id}::uuid order by item_id, lot_id`,
  );
  if (lines.length === 0) throw new AppError("invalid", "Enter at least one counted quantity before posting the count.", { reason: "empty_count" });
  const { result, expected } = await postCountDifferences(tx, {
    countId: count.id,
    warehouseId: count.warehouseId,
    date: count.countDate,
    lines: lines.map((l) => ({ itemId: l.item_id, lotId: l.lot_id, countedMicro: BigInt(l.counted) })),
  });
  const moveOf = new Map(result.moves.map((m) => [`${m.itemId}:${m.lotId ?? ""}`, m.id]));
  await tx.execute(sql`update stock_count_lines c set expected_micro = r.expected, move_id = r.move_id
    from jsonb_to_recordset(${JSON.stringify(
      lines.map((l) => ({ id: l.id, expected: (expected.get(`${l.item_id}:${l.lot_id ?? ""}`) ?? 0n).toString(), move_id: moveOf.get(`${l.item_id}:${l.lot_id ?? ""}`) ?? null })),
    )}::jsonb) as r(id uuid, expected bigint, move_id uuid)
    where c.id = r.id`);
  const row = await queryRow<CountRow>(
    tx,
    sql`update stock_counts set status = 'posted', posted_at = now(), posted_by_user_id = app_user_id() where id = ${count.id}::uuid
      returning id, warehouse_id, count_date::text, note, status, created_at, posted_at`,
  );
  const posted = toCount(row!);
  if (result.moves.length === 0) await recordAudit(tx, { action: "inventory.stock_count_posted", entityType: "stock_count", entityId: count.id, after: { moves: 0 } });
  return { count: posted, result };
}

export async function cancelStockCount(tx: Tx, countId: string): Promise<StockCount> {
  const count = await loadCount(tx, countId, true);
  open(count);
  const row = await queryRow<CountRow>(
    tx,
    sql`update stock_counts set status = 'cancelled' where id = ${count.id}::uuid returning id, warehouse_id, count_date::text, note, status, created_at, posted_at`,
  );
  await recordAudit(tx, { action: "inventory.stock_count_cancelled", entityType: "stock_count", entityId: count.id });
  return toCount(row!);
}

export async function getStockCount(tx: Tx, countId: string): Promise<StockCount> {
  return loadCount(tx, countId);
}

/** Counts, newest first (at most 200). */
export async function listStockCounts(tx: Tx, filter: { warehouseId?: string; status?: StockCount["status"] } = {}): Promise<StockCount[]> {
  if (filter.warehouseId && !isUuid(filter.warehouseId)) return [];
  const rows = await queryRows<CountRow>(
    tx,
    sql`select id, warehouse_id, count_date::text, note, status, created_at, posted_at from stock_counts
      where true ${filter.warehouseId ? sql`and warehouse_id = ${filter.warehouseId}::uuid` : sql``}
        ${filter.status ? sql`and status = ${filter.status}` : sql``}
      order by created_at desc, id desc limit 200`,
  );
  return rows.map(toCount);
}
