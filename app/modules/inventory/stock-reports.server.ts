/*
 * Reads of the stock ledger: balances, history, the move ledger, stock as at a date (from month balances and the
 * moves of the partial month), reorder list, expiring lots, and the reconciliation with the ledger. Keyset pages
 * throughout, so a page costs the same at any depth.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRow, queryRows, type Tx } from "~/db.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { summarise } from "~/modules/ledger/reports/movements.server";
import { containsPattern } from "~/modules/parties/parties.server";
import { AppError } from "~/modules/platform/errors";
import { addDays, isIsoDate, monthStart, todayIn } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { organisationSettings } from "~/modules/ledger/posting.server";
import { decodeCursor } from "./cursor";
import { getItem } from "./items.server";
import { itemHead, keysetPage, limitOf, literalLimit, whereAll, type ItemHead, type Page, type RawItemHead } from "./pages";
import { MOVE_KINDS, type MoveKind } from "./schema";

export type { Page } from "./pages";

export const BALANCE_PAGE_SIZE = 50;

export interface ReadOptions {
  /** False for readers who may not see cost (salesmen): values come back null. */
  withCost?: boolean;
}

const big = (value: unknown) => BigInt((value as string | number | null) ?? 0);
const cost = (value: unknown, options: ReadOptions) => (options.withCost === false ? null : big(value));

function checkReportDate(value: string, field: string): string {
  if (!isIsoDate(value)) throw new AppError("invalid", "Enter the date as YYYY-MM-DD.", { reason: "invalid_date", field });
  return value;
}

export interface BalanceRow extends ItemHead {
  warehouseId: string;
  warehouseCode: string;
  warehouseName: string;
  onHandMicro: bigint;
  reservedMicro: bigint;
  availableMicro: bigint;
  /** Null when cost is hidden. */
  valueMinor: bigint | null;
}

type RawBalance = RawItemHead & {
  warehouse_id: string;
  warehouse_code: string;
  warehouse_name: string;
  on_hand: string;
  reserved: string;
  value: string;
};

function toBalance(r: RawBalance, options: ReadOptions): BalanceRow {
  const onHand = big(r.on_hand);
  const reserved = big(r.reserved);
  return {
    ...itemHead(r),
    warehouseId: r.warehouse_id,
    warehouseCode: r.warehouse_code,
    warehouseName: r.warehouse_name,
    onHandMicro: onHand,
    reservedMicro: reserved,
    availableMicro: onHand - reserved,
    valueMinor: cost(r.value, options),
  };
}

export interface BalanceFilter {
  warehouseId?: string;
  itemId?: string;
  /** Part of the SKU or name. */
  search?: string;
  /** Leave out balances with nothing on hand and nothing reserved. */
  hideZero?: boolean;
  after?: string | null;
  limit?: number;
}

/**
 * The conditions on (item, warehouse) pairs of the balance lists (items i, stock_balances b, warehouses w, in SKU then
 * warehouse code order, keyset after the cursor); null for an id that is not a uuid, which matches nothing.
 */
function pairConditions(filter: { warehouseId?: string; itemId?: string; search?: string; after?: string | null }): SQL[] | null {
  if ((filter.warehouseId && !isUuid(filter.warehouseId)) || (filter.itemId && !isUuid(filter.itemId))) return null;
  const conditions: SQL[] = [];
  if (filter.warehouseId) conditions.push(sql`b.warehouse_id = ${filter.warehouseId}::uuid`);
  if (filter.itemId) conditions.push(sql`b.item_id = ${filter.itemId}::uuid`);
  const search = filter.search?.trim();
  if (search) conditions.push(sql`(i.sku ilike ${containsPattern(search)} or i.name ilike ${containsPattern(search)})`);
  const cursor = decodeCursor(filter.after, 2);
  if (cursor && typeof cursor[0] === "string" && typeof cursor[1] === "string") {
    conditions.push(sql`i.sku >= ${cursor[0]} and (i.sku, w.code) > (${cursor[0]}::text, ${cursor[1]}::text)`);
  }
  return conditions;
}

const pairsFrom = sql`from items i
      join stock_balances b on b.tenant_id = i.tenant_id and b.item_id = i.id
      join warehouses w on w.tenant_id = b.tenant_id and w.id = b.warehouse_id`;

/** Stock balances by SKU then warehouse code, 50 a page. */
export async function listBalances(tx: Tx, filter: BalanceFilter = {}, options: ReadOptions = {}): Promise<Page<BalanceRow>> {
  const limit = limitOf(filter.limit);
  const conditions = pairConditions(filter);
  if (!conditions) return { rows: [], next: null };
  if (filter.hideZero) conditions.push(sql`(b.on_hand_micro <> 0 or b.reserved_micro <> 0)`);
  const rows = await queryRows<RawBalance>(
    tx,
    sql`select b.item_id, i.sku, i.name, i.unit, i.unit_decimals, b.warehouse_id, w.code as warehouse_code, w.name as warehouse_name,
        b.on_hand_micro::text as on_hand, b.reserved_micro::text as reserved, b.value_minor::text as value
      ${pairsFrom}
      ${whereAll(conditions)}
      order by i.sku, w.code
      limit ${limit + 1}`,
  );
  return keysetPage(
    rows,
    limit,
    (r) => toBalance(r, options),
    (last) => [last.sku, last.warehouse_code],
  );
}

/** One balance (zero when the item never moved there). */
export async function getBalance(tx: Tx, itemId: string, warehouseId: string, options: ReadOptions = {}): Promise<BalanceRow> {
  const page = await listBalances(tx, { itemId, warehouseId, limit: 1 }, options);
  if (page.rows[0]) return page.rows[0];
  const item = await getItem(tx, itemId);
  const warehouse = await queryRow<{ code: string; name: string }>(tx, sql`select code, name from warehouses where id = ${isUuid(warehouseId) ? warehouseId : null}::uuid`);
  if (!warehouse) throw new AppError("not_found", "That warehouse does not exist in this organisation.", { reason: "unknown_warehouse", field: "warehouseId" });
  return {
    itemId,
    sku: item.sku,
    name: item.name,
    unit: item.unit,
    unitDecimals: item.unitDecimals,
    warehouseId,
    warehouseCode: warehouse.code,
    warehouseName: warehouse.name,
    onHandMicro: 0n,
    reservedMicro: 0n,
    availableMicro: 0n,
    valueMinor: options.withCost === false ? null : 0n,
  };
}

export interface LotBalance {
  warehouseId: string;
  lotId: string;
  lotNumber: string;
  expiryDate: string | null;
  onHandMicro: bigint;
}

/** The item's stock per warehouse (every warehouse it has a balance in) and per lot. 404 for an unknown item. */
export async function itemStock(tx: Tx, itemId: string, options: ReadOptions = {}): Promise<{ balances: BalanceRow[]; lots: LotBalance[] }> {
  await getItem(tx, itemId);
  const { rows } = await listBalances(tx, { itemId, limit: 500 }, options);
  const lots = await queryRows<{ warehouse_id: string; lot_id: string; lot_number: string; expiry_date: string | null; on_hand: string }>(
    tx,
    sql`select lb.warehouse_id, lb.lot_id, l.lot_number, l.expiry_date::text, lb.on_hand_micro::text as on_hand
      from stock_lot_balances lb join lots l on l.tenant_id = lb.tenant_id and l.id = lb.lot_id
      where lb.item_id = ${itemId}::uuid and lb.on_hand_micro <> 0
      order by lb.warehouse_id, l.expiry_date nulls last, l.lot_number`,
  );
  return {
    balances: rows,
    lots: lots.map((l) => ({ warehouseId: l.warehouse_id, lotId: l.lot_id, lotNumber: l.lot_number, expiryDate: l.expiry_date, onHandMicro: big(l.on_hand) })),
  };
}

export interface MoveRow extends ItemHead {
  id: string;
  warehouseId: string;
  warehouseCode: string;
  lotId: string | null;
  lotNumber: string | null;
  kind: MoveKind;
  qtyMicro: bigint;
  qtyAfterMicro: bigint;
  unitCostMinor: bigint | null;
  valueMinor: bigint | null;
  valueAfterMinor: bigint | null;
  sourceType: string;
  sourceId: string | null;
  sourceLine: number | null;
  reason: string | null;
  transferId: string | null;
  journalEntryId: string | null;
  moveDate: string;
  postedAt: Date;
  userId: string | null;
}

export interface MoveFilter {
  itemId?: string;
  warehouseId?: string;
  lotId?: string;
  kind?: MoveKind;
  sourceType?: string;
  sourceId?: string;
  /** Move dates, inclusive. */
  from?: string;
  to?: string;
  after?: string | null;
  limit?: number;
}

/** The move ledger, newest first (by when the move was written), with filters; a keyset page at a time. */
export async function listMoves(tx: Tx, filter: MoveFilter = {}, options: ReadOptions = {}): Promise<Page<MoveRow>> {
  const limit = limitOf(filter.limit);
  for (const id of [filter.itemId, filter.warehouseId, filter.lotId]) if (id !== undefined && !isUuid(id)) return { rows: [], next: null };
  if (filter.kind && !MOVE_KINDS.includes(filter.kind)) throw new AppError("invalid", "Choose a kind of move.", { reason: "invalid_kind", field: "kind" });
  const conditions: SQL[] = [];
  if (filter.itemId) conditions.push(sql`m.item_id = ${filter.itemId}::uuid`);
  if (filter.warehouseId) conditions.push(sql`m.warehouse_id = ${filter.warehouseId}::uuid`);
  if (filter.lotId) conditions.push(sql`m.lot_id = ${filter.lotId}::uuid`);
  if (filter.kind) conditions.push(sql`m.kind = ${filter.kind}`);
  if (filter.sourceType) conditions.push(sql`m.source_type = ${filter.sourceType}`);
  if (filter.sourceId) conditions.push(sql`m.source_id = ${filter.sourceId}`);
  if (filter.from) conditions.push(sql`m.move_date >= ${checkReportDate(filter.from, "from")}::date`);
  if (filter.to) conditions.push(sql`m.move_date <= ${checkReportDate(filter.to, "to")}::date`);
  const cursor = decodeCursor(filter.after, 2);
  if (cursor && typeof cursor[0] === "string" && typeof cursor[1] === "string" && isUuid(cursor[1]) && !Number.isNaN(Date.parse(cursor[0]))) {
    conditions.push(sql`(m.posted_at, m.id) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)`);
  }
  const rows = await queryRows<
    RawItemHead & {
      id: string;
      warehouse_id: string;
      warehouse_code: string;
      lot_id: string | null;
      lot_number: string | null;
      kind: MoveKind;
      qty: string;
      qty_after: string;
      unit_cost: string;
      value: string;
      value_after: string;
      source_type: string;
      source_id: string | null;
      source_line: number | null;
      reason: string | null;
      transfer_id: string | null;
      journal_entry_id: string | null;
      move_date: string;
      posted_at: string;
      posted_at_text: string;
      user_id: string | null;
    }
  >(
    tx,
    sql`select m.id, m.item_id, i.sku, i.name, i.unit, i.unit_decimals, m.warehouse_id, w.code as warehouse_code, m.lot_id, l.lot_number, m.kind,
        m.qty_micro::text as qty, m.qty_after_micro::text as qty_after, m.unit_cost_minor::text as unit_cost, m.value_minor::text as value,
        m.value_after_minor::text as value_after, m.source_type, m.source_id, m.source_line, m.reason, m.transfer_id, m.journal_entry_id,
        m.move_date::text, m.posted_at, to_char(m.posted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as posted_at_text, m.user_id
      from stock_moves m
      join items i on i.tenant_id = m.tenant_id and i.id = m.item_id
      join warehouses w on w.tenant_id = m.tenant_id and w.id = m.warehouse_id
      left join lots l on l.tenant_id = m.tenant_id and l.id = m.lot_id
      ${whereAll(conditions)}
      order by m.posted_at desc, m.id desc
      limit ${limit + 1}`,
  );
  return keysetPage(
    rows,
    limit,
    (r) => ({
      ...itemHead(r),
      id: r.id,
      warehouseId: r.warehouse_id,
      warehouseCode: r.warehouse_code,
      lotId: r.lot_id,
      lotNumber: r.lot_number,
      kind: r.kind,
      qtyMicro: big(r.qty),
      qtyAfterMicro: big(r.qty_after),
      unitCostMinor: cost(r.unit_cost, options),
      valueMinor: cost(r.value, options),
      valueAfterMinor: cost(r.value_after, options),
      sourceType: r.source_type,
      sourceId: r.source_id,
      sourceLine: r.source_line,
      reason: r.reason,
      transferId: r.transfer_id,
      journalEntryId: r.journal_entry_id,
      moveDate: r.move_date,
      postedAt: new Date(r.posted_at),
      userId: r.user_id,
    }),
    (last) => [last.posted_at_text, last.id],
  );
}

/** An item's moves, newest first (404 for an unknown item). */
export async function itemHistory(tx: Tx, itemId: string, filter: Omit<MoveFilter, "itemId"> = {}, options: ReadOptions = {}): Promise<Page<MoveRow>> {
  if (!isUuid(itemId)) throw new AppError("not_found", "That item does not exist in this organisation.", { reason: "unknown_item", field: "itemId" });
  const page = await listMoves(tx, { ...filter, itemId }, options);
  if (page.rows.length === 0 && !filter.after) await getItem(tx, itemId);
  return page;
}

export interface AsOfRow extends ItemHead {
  warehouseId: string;
  warehouseCode: string;
  onHandMicro: bigint;
  valueMinor: bigint | null;
}

/**
 * Stock and value per item and warehouse at the end of `date`, a page of 50 by SKU and warehouse code. The page's
 * pairs are chosen first, by keyset as the balance list chooses them; then each one's month rows before the date's
 * month (stock_month_balances, by its key) and its moves of that month up to the date (stock_moves_item_date_idx).
 * A page reads its 51 pairs' months and days, whatever the size of the stock ledger.
 */
export async function stockAsOf(tx: Tx, filter: { date: string; warehouseId?: string; search?: string; after?: string | null; limit?: number }, options: ReadOptions = {}): Promise<Page<AsOfRow>> {
  const date = checkReportDate(filter.date, "date");
  const month = monthStart(date);
  const limit = limitOf(filter.limit);
  const conditions = pairConditions(filter);
  if (!conditions) return { rows: [], next: null };
  const rows = await queryRows<RawItemHead & { warehouse_id: string; warehouse_code: string; qty: string; value: string }>(
    tx,
    sql`with page as materialized (
        select b.tenant_id, b.item_id, i.sku, i.name, i.unit, i.unit_decimals, b.warehouse_id, w.code as warehouse_code
        ${pairsFrom}
        ${whereAll(conditions)}
        order by i.sku, w.code
        ${literalLimit(limit + 1)}
      )
      select p.item_id, p.sku, p.name, p.unit, p.unit_decimals, p.warehouse_id, p.warehouse_code,
        (coalesce(months.qty, 0) + coalesce(days.qty, 0))::text as qty, (coalesce(months.value, 0) + coalesce(days.value, 0))::text as value
      from page p
      left join lateral (
        select sum(s.qty_in_micro - s.qty_out_micro) as qty, sum(s.value_in_minor - s.value_out_minor) as value
        from stock_month_balances s
        where s.tenant_id = p.tenant_id and s.item_id = p.item_id and s.warehouse_id = p.warehouse_id and s.month < ${month}::date
      ) months on true
      left join lateral (
        select sum(m.qty_micro) as qty, sum(m.value_minor) as value
        from stock_moves m
        where m.tenant_id = p.tenant_id and m.item_id = p.item_id and m.warehouse_id = p.warehouse_id
          and m.move_date >= ${month}::date and m.move_date <= ${date}::date
      ) days on true
      order by p.sku, p.warehouse_code`,
  );
  return keysetPage(
    rows,
    limit,
    (r) => ({ ...itemHead(r), warehouseId: r.warehouse_id, warehouseCode: r.warehouse_code, onHandMicro: big(r.qty), valueMinor: cost(r.value, options) }),
    (last) => [last.sku, last.warehouse_code],
  );
}

export interface WarehouseTotal {
  warehouseId: string;
  code: string;
  name: string;
  /** Quantities of different items added up: a count of units, for orientation only. */
  qtyMicro: bigint;
  valueMinor: bigint;
}

/**
 * Every warehouse's stock at the end of `date`: per warehouse, its month rows before the date's month and the days
 * of that month up to the date (stock_warehouse_months, by its key).
 */
export async function warehouseTotalsAsOf(tx: Tx, date: string): Promise<WarehouseTotal[]> {
  const asOf = checkReportDate(date, "date");
  const month = monthStart(asOf);
  const day = Number(asOf.slice(8, 10));
  const rows = await queryRows<{ id: string; code: string; name: string; qty: string; value: string }>(
    tx,
    sql`select w.id, w.code, w.name,
        (coalesce(months.qty, 0) + coalesce(days.qty, 0))::text as qty, (coalesce(months.value, 0) + coalesce(days.value, 0))::text as value
      from warehouses w
      left join lateral (
        select sum(s.qty_micro) as qty, sum(s.value_minor) as value
        from stock_warehouse_months s
        where s.tenant_id = w.tenant_id and s.warehouse_id = w.id and s.month < ${month}::date
      ) months on true
      left join lateral (
        select (select sum(x) from unnest(s.day_qty[1:${day}::int]) x) as qty, (select sum(x) from unnest(s.day_value[1:${day}::int]) x) as value
        from stock_warehouse_months s
        where s.tenant_id = w.tenant_id and s.warehouse_id = w.id and s.month = ${month}::date
      ) days on true
      order by w.code`,
  );
  return rows.map((r) => ({ warehouseId: r.id, code: r.code, name: r.name, qtyMicro: big(r.qty), valueMinor: big(r.value) }));
}

export interface ReorderRow extends ItemHead {
  onHandMicro: bigint;
  reservedMicro: bigint;
  availableMicro: bigint;
  reorderLevelMicro: bigint;
  reorderQtyMicro: bigint | null;
  /** The reorder quantity, or at least what brings available back to the reorder level. */
  suggestedQtyMicro: bigint;
}

/** Active stock items whose available stock (over all warehouses) is at or below their reorder level, by SKU. */
export async function reorderList(tx: Tx, filter: { after?: string | null; limit?: number } = {}): Promise<Page<ReorderRow>> {
  const limit = limitOf(filter.limit);
  const cursor = decodeCursor(filter.after, 1);
  const rows = await queryRows<RawItemHead & { on_hand: string; reserved: string; level: string; qty: string | null }>(
    tx,
    sql`select i.id as item_id, i.sku, i.name, i.unit, i.unit_decimals, s.on_hand::text, s.reserved::text, i.reorder_level_micro::text as level, i.reorder_qty_micro::text as qty
      from items i
      cross join lateral (
        select coalesce(sum(b.on_hand_micro), 0) as on_hand, coalesce(sum(b.reserved_micro), 0) as reserved
        from stock_balances b where b.tenant_id = i.tenant_id and b.item_id = i.id
      ) s
      where i.reorder_level_micro is not null and i.is_active and i.kind = 'stock'
        and s.on_hand - s.reserved <= i.reorder_level_micro
        ${cursor && typeof cursor[0] === "string" ? sql`and i.sku > ${cursor[0]}` : sql``}
      order by i.sku
      limit ${limit + 1}`,
  );
  return keysetPage(
    rows,
    limit,
    (r) => {
      const onHand = big(r.on_hand);
      const reserved = big(r.reserved);
      const level = big(r.level);
      const qty = r.qty === null ? null : big(r.qty);
      const shortfall = level - (onHand - reserved);
      const suggested = qty !== null && qty > shortfall ? qty : shortfall > 0n ? shortfall : (qty ?? 0n);
      return {
        ...itemHead(r),
        onHandMicro: onHand,
        reservedMicro: reserved,
        availableMicro: onHand - reserved,
        reorderLevelMicro: level,
        reorderQtyMicro: qty,
        suggestedQtyMicro: suggested,
      };
    },
    (last) => [last.sku],
  );
}

export interface ExpiringLot extends ItemHead {
  warehouseId: string;
  warehouseCode: string;
  lotId: string;
  lotNumber: string;
  expiryDate: string;
  onHandMicro: bigint;
  expired: boolean;
}

/** Lots with stock that expire within `withinDays` of today (or `asOf`), expired ones included, soonest first. */
export async function expiringLots(tx: Tx, filter: { withinDays?: number; asOf?: string; warehouseId?: string; limit?: number } = {}): Promise<ExpiringLot[]> {
  const asOf = filter.asOf ? checkReportDate(filter.asOf, "asOf") : todayIn((await organisationSettings(tx)).timeZone);
  const days = filter.withinDays ?? 30;
  if (!Number.isInteger(days) || days < 0 || days > 3650) throw new AppError("invalid", "The number of days is a whole number from 0 to 3650.", { reason: "invalid_days", field: "withinDays" });
  if (filter.warehouseId && !isUuid(filter.warehouseId)) return [];
  const until = addDays(asOf, days);
  const rows = await queryRows<RawItemHead & { warehouse_id: string; warehouse_code: string; lot_id: string; lot_number: string; expiry_date: string; on_hand: string }>(
    tx,
    sql`select lb.item_id, i.sku, i.name, i.unit, i.unit_decimals, lb.warehouse_id, w.code as warehouse_code, lb.lot_id, l.lot_number, l.expiry_date::text, lb.on_hand_micro::text as on_hand
      from lots l
      join stock_lot_balances lb on lb.tenant_id = l.tenant_id and lb.lot_id = l.id
      join items i on i.tenant_id = l.tenant_id and i.id = l.item_id
      join warehouses w on w.tenant_id = lb.tenant_id and w.id = lb.warehouse_id
      where l.expiry_date is not null and l.expiry_date <= ${until}::date and lb.on_hand_micro > 0
        ${filter.warehouseId ? sql`and lb.warehouse_id = ${filter.warehouseId}::uuid` : sql``}
      order by l.expiry_date, i.sku, l.lot_number
      limit ${limitOf(filter.limit, 200)}`,
  );
  return rows.map((r) => ({
    ...itemHead(r),
    warehouseId: r.warehouse_id,
    warehouseCode: r.warehouse_code,
    lotId: r.lot_id,
    lotNumber: r.lot_number,
    expiryDate: r.expiry_date,
    onHandMicro: big(r.on_hand),
    expired: r.expiry_date < asOf,
  }));
}

export interface StockReconciliation {
  asOf: string;
  warehouses: WarehouseTotal[];
  /** The sum of the warehouses' stock value. */
  stockValueMinor: bigint;
  inventoryAccount: { id: string; code: string; name: string } | null;
  /** The inventory account's balance (debit positive) at the end of asOf. */
  ledgerMinor: bigint;
  /** Stock value minus the ledger: zero unless something was posted to the inventory account by hand. */
  differenceMinor: bigint;
}

/** The stock value per warehouse beside the inventory account's balance in the ledger, at the end of `asOf`. */
export async function stockReconciliation(tx: Tx, options: { asOf: string }): Promise<StockReconciliation> {
  const asOf = checkReportDate(options.asOf, "asOf");
  const warehouses = await warehouseTotalsAsOf(tx, asOf);
  const stockValueMinor = warehouses.reduce((sum, w) => sum + w.valueMinor, 0n);
  const account = await findAccountByRole(tx, "inventory");
  let ledgerMinor = 0n;
  if (account) {
    const movement = (await summarise(tx, { from: monthStart(asOf), to: asOf }, { accountId: account.id })).get(account.id);
    if (movement) ledgerMinor = movement.openingMinor + movement.debitMinor - movement.creditMinor;
  }
  return {
    asOf,
    warehouses,
    stockValueMinor,
    inventoryAccount: account ? { id: account.id, code: account.code, name: account.name } : null,
    ledgerMinor,
    differenceMinor: stockValueMinor - ledgerMinor,
  };
}

/** The stock summary of the inventory overview: items, stock value, items to reorder, lots expiring in 30 days. */
export async function inventorySummary(tx: Tx): Promise<{ items: number; stockValueMinor: bigint; toReorder: number; expiringSoon: number }> {
  const row = await queryRow<{ items: number; value: string; reorder: number }>(
    tx,
    sql`select (select count(*)::int from items where is_active) as items,
        (select coalesce(sum(value_minor), 0)::text from stock_balances) as value,
        (select count(*)::int from items i where i.reorder_level_micro is not null and i.is_active and i.kind = 'stock'
          and (select coalesce(sum(b.on_hand_micro - b.reserved_micro), 0) from stock_balances b where b.item_id = i.id) <= i.reorder_level_micro) as reorder`,
  );
  const expiring = await expiringLots(tx, { withinDays: 30, limit: 500 });
  return { items: Number(row?.items ?? 0), stockValueMinor: big(row?.value), toReorder: Number(row?.reorder ?? 0), expiringSoon: expiring.length };
}
