/*
 * The stock ledger: the only way stock changes (docs/decisions/0020-quantities-and-valuation.md).
 *
 * Every operation, in the caller's transaction:
 *   1. reads the items and warehouses it names and locks their balance rows (SELECT ... FOR UPDATE, ordered by
 *      item then warehouse id, so that two operations on the same rows never deadlock);
 *   2. works out each move in memory: the quantity in base-unit millionths, its value at the moving average cost
 *      of the item in that warehouse (receipts at their own cost), the balance after it; refuses when on hand or
 *      available (on hand - reserved) would go below zero unless the organisation allows negative stock;
 *   3. writes the moves, the balances, the lot, month and warehouse-month balances in one statement;
 *   4. posts the value to the ledger (ledger.post, source "stock_move", the moves' entry id chosen beforehand and
 *      their foreign key checked at commit) with the operation's audit event: the number series, the account
 *      balances and the audit head, the rows every operation of the organisation waits for, are locked last,
 *      for that one statement and the commit. An operation without value (a transfer) records its event with
 *      the stock rows.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRow, queryRowPrepared, queryRows, type Tx } from "~/db.server";
import { auditAppendCtes, recordAudit } from "~/modules/audit/audit.server";
import { accountIdsByRoleSql, findAccountsByRoles } from "~/modules/ledger/accounts.server";
import { organisationSettings, post, postingContextSql, readPostingContext, type PostingContext, type PostingLine } from "~/modules/ledger/posting.server";
import { AppError } from "~/modules/platform/errors";
import { isIsoDate, monthStart, todayIn } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { divRound, formatQuantity, parseQuantity, QTY_SCALE, valueOf } from "./quantities";
import type { MoveKind } from "./schema";

type AccountRole = Parameters<typeof findAccountsByRoles>[1][number];


export interface StockSource {
  /** What caused the move: "manual", "sales_invoice", "purchase_receipt", "stock_count", "import", ... */
  type: string;
  id?: string | null;
  line?: number | null;
}

export interface StockMove {
  id: string;
  itemId: string;
  warehouseId: string;
  lotId: string | null;
  kind: MoveKind;
  qtyMicro: bigint;
  unitCostMinor: bigint;
  valueMinor: bigint;
  qtyAfterMicro: bigint;
  valueAfterMinor: bigint;
  moveDate: string;
  journalEntryId: string | null;
  transferId: string | null;
}

export interface Balance {
  itemId: string;
  warehouseId: string;
  onHandMicro: bigint;
  reservedMicro: bigint;
  availableMicro: bigint;
  valueMinor: bigint;
}

export interface StockResult {
  moves: StockMove[];
  /** The balances after the operation, one per item and warehouse it touched. */
  balances: Balance[];
  journalEntryId: string | null;
}

interface LoadedItem {
  id: string;
  sku: string;
  name: string;
  unit: string;
  unit_decimals: number;
  kind: "stock" | "service";
  lot_tracked: boolean;
  is_active: boolean;
  cost_minor: string;
  units: Array<{ unit: string; factor_micro: string }> | null;
}

interface LoadedWarehouse {
  id: string;
  code: string;
  name: string;
  is_active: boolean;
}

interface BalanceState {
  itemId: string;
  warehouseId: string;
  onHand: bigint;
  reserved: bigint;
  value: bigint;
  /** Whether the row exists already (otherwise it is inserted by the write). */
  exists: boolean;
}

const key = (itemId: string, warehouseId: string) => `${itemId}:${warehouseId}`;

/** The state an operation works on: its items, warehouses, settings and locked balances. */
class StockContext {
  readonly balances = new Map<string, BalanceState>();
  readonly moves: Array<StockMove & { sourceType: string; sourceId: string | null; sourceLine: number | null; reason: string | null }> = [];
  readonly lotDeltas = new Map<string, { itemId: string; warehouseId: string; lotId: string; delta: bigint }>();
  readonly lotOnHand = new Map<string, bigint>();

  constructor(
    readonly items: Map<string, LoadedItem>,
    readonly warehouses: Map<string, LoadedWarehouse>,
    readonly allowNegative: boolean,
    /** The ids of the accounts with a role (inventory, cost of goods sold, ...), read with the rest. */
    readonly accountsByRole: Record<string, string>,
    /** What the operation's posting checks, read with the rest when the date was given. */
    readonly posting: PostingContext | null,
  ) {}

  item(id: string): LoadedItem {
    const item = this.items.get(id);
    if (!item) throw new AppError("not_found", "That item does not exist in this organisation.", { reason: "unknown_item", field: "itemId" });
    return item;
  }

  balance(itemId: string, warehouseId: string): BalanceState {
    const state = this.balances.get(key(itemId, warehouseId));
    if (!state) throw new Error("balance not locked");
    return state;
  }
}

const NO_ITEM = () => new AppError("not_found", "That item does not exist in this organisation.", { reason: "unknown_item", field: "itemId" });
const NO_WAREHOUSE = (field: string) => new AppError("not_found", "That warehouse does not exist in this organisation.", { reason: "unknown_warehouse", field });

/**
 * One round trip: the items, the warehouses, the organisation's setting, the existing balance rows of the
 * pairs, locked in (item, warehouse) order, and (with `posting`) what the operation's ledger posting will check.
 * Pairs without a row get one (inserted in the same order) and are locked on a second trip, only when `create`.
 */
async function openContext(
  tx: Tx,
  itemIds: string[],
  warehouseIds: Array<{ id: string; field: string }>,
  pairs: Array<[string, string]>,
  options: { create: boolean; posting?: { date: string | null; accountIds?: Array<string | null | undefined>; partyIds?: Array<string | null | undefined> } },
): Promise<StockContext> {
  for (const id of itemIds) if (!isUuid(id)) throw NO_ITEM();
  for (const w of warehouseIds) if (!isUuid(w.id)) throw NO_WAREHOUSE(w.field);
  const sorted = [...new Map(pairs.map((p) => [key(p[0], p[1]), p])).values()].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  const pairItems = `{${sorted.map((p) => p[0]).join(",")}}`;
  const pairWarehouses = `{${sorted.map((p) => p[1]).join(",")}}`;
  const posting = options.posting?.date ? options.posting : null;
  const row = await queryRowPrepared<{ items: LoadedItem[] | string | null; warehouses: LoadedWarehouse[] | string | null; allow_negative: boolean | null; balances: unknown; accounts: unknown; posting: unknown }>(
    tx,
    sql`with locked as (
        select b.item_id, b.warehouse_id, b.on_hand_micro::text as on_hand, b.reserved_micro::text as reserved, b.value_minor::text as value
        from stock_balances b
        join unnest(${pairItems}::uuid[], ${pairWarehouses}::uuid[]) as p(item_id, warehouse_id)
          on b.item_id = p.item_id and b.warehouse_id = p.warehouse_id
        order by b.item_id, b.warehouse_id
        for update of b
      )
      select
        (select json_agg(json_build_object('id', i.id, 'sku', i.sku, 'name', i.name, 'unit', i.unit, 'unit_decimals', i.unit_decimals,
            'kind', i.kind, 'lot_tracked', i.lot_tracked, 'is_active', i.is_active, 'cost_minor', i.cost_minor::text,
            'units', (select json_agg(json_build_object('unit', u.unit, 'factor_micro', u.factor_micro::text)) from item_units u where u.item_id = i.id)))
          from items i where i.id = any(${`{${[...new Set(itemIds)].join(",")}}`}::uuid[])) as items,
        (select json_agg(json_build_object('id', w.id, 'code', w.code, 'name', w.name, 'is_active', w.is_active))
          from warehouses w where w.id = any(${`{${[...new Set(warehouseIds.map((w) => w.id))].join(",")}}`}::uuid[])) as warehouses,
        (select s.allow_negative_stock from inventory_settings s) as allow_negative,
        ${accountIdsByRoleSql()} as accounts,
        ${posting ? postingContextSql({ entryDate: posting.date!, accountIds: posting.accountIds ?? [], partyIds: posting.partyIds ?? [], roleAccounts: true }) : sql`null::json`} as posting,
        (select coalesce(json_agg(l), '[]'::json) from locked l) as balances`,
  );
  const parse = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;
  const items = new Map((parse<LoadedItem[] | null>(row?.items) ?? []).map((i) => [i.id, i]));
  const warehouses = new Map((parse<LoadedWarehouse[] | null>(row?.warehouses) ?? []).map((w) => [w.id, w]));
  for (const id of itemIds) if (!items.has(id)) throw NO_ITEM();
  for (const w of warehouseIds) {
    const warehouse = warehouses.get(w.id);
    if (!warehouse) throw NO_WAREHOUSE(w.field);
    if (!warehouse.is_active) throw new AppError("invalid", `${warehouse.name} is inactive.`, { reason: "inactive_warehouse", field: w.field });
  }
  for (const item of items.values()) {
    if (item.kind !== "stock") throw new AppError("invalid", `${item.sku} ${item.name} is a service: it has no stock.`, { reason: "service_item", field: "itemId" });
  }
  const context = new StockContext(
    items,
    warehouses,
    row?.allow_negative ?? false,
    parse<Record<string, string> | null>(row?.accounts) ?? {},
    row?.posting ? readPostingContext(row.posting) : null,
  );
  const addBalances = (rows: Array<{ item_id: string; warehouse_id: string; on_hand: string; reserved: string; value: string }>) => {
    for (const b of rows) {
      context.balances.set(key(b.item_id, b.warehouse_id), {
        itemId: b.item_id,
        warehouseId: b.warehouse_id,
        onHand: BigInt(b.on_hand),
        reserved: BigInt(b.reserved),
        value: BigInt(b.value),
        exists: true,
      });
    }
  };
  addBalances(parse(row?.balances));
  const missing = sorted.filter((p) => !context.balances.has(key(p[0], p[1])));
  if (missing.length) {
    if (options.create) {
      // New pairs get their row (in key order; a concurrent insert of the same row waits for this one), then the
      // rows are locked like the others; the insert's own rows are not visible to its statement, hence two trips.
      const missingItems = `{${missing.map((p) => p[0]).join(",")}}`;
      const missingWarehouses = `{${missing.map((p) => p[1]).join(",")}}`;
      await tx.execute(sql`insert into stock_balances (tenant_id, item_id, warehouse_id)
        select app_tenant_id(), p.item_id, p.warehouse_id
        from unnest(${missingItems}::uuid[], ${missingWarehouses}::uuid[]) as p(item_id, warehouse_id)
        order by p.item_id, p.warehouse_id
        on conflict do nothing`);
      addBalances(
        await queryRows<{ item_id: string; warehouse_id: string; on_hand: string; reserved: string; value: string }>(
          tx,
          sql`select b.item_id, b.warehouse_id, b.on_hand_micro::text as on_hand, b.reserved_micro::text as reserved, b.value_minor::text as value
            from stock_balances b
            join unnest(${missingItems}::uuid[], ${missingWarehouses}::uuid[]) as p(item_id, warehouse_id)
              on b.item_id = p.item_id and b.warehouse_id = p.warehouse_id
            order by b.item_id, b.warehouse_id
            for update of b`,
        ),
      );
      if (missing.some((p) => !context.balances.has(key(p[0], p[1])))) throw new Error("a stock balance row could not be locked");
    } else {
      for (const [itemId, warehouseId] of missing) {
        context.balances.set(key(itemId, warehouseId), { itemId, warehouseId, onHand: 0n, reserved: 0n, value: 0n, exists: false });
      }
    }
  }
  return context;
}

/** The quantity of an operation in base-unit millionths, from what was typed in `unit` (the base unit by default). */
function baseQuantity(item: LoadedItem, input: string | number | bigint, unit: string | null | undefined, options: { field?: string; allowNegative?: boolean; allowZero?: boolean } = {}): bigint {
  const field = options.field ?? "quantity";
  if (input === undefined || input === null || (typeof input === "string" && input.trim() === "")) {
    throw new AppError("invalid", "Enter the quantity.", { reason: "missing_quantity", field });
  }
  if (!unit || unit === item.unit) {
    return parseQuantity(input, { decimals: item.unit_decimals, field, unit: item.unit, allowNegative: options.allowNegative, allowZero: options.allowZero });
  }
  const other = item.units?.find((u) => u.unit === unit);
  if (!other) {
    throw new AppError("invalid", `${item.sku} is not counted in ${unit}; use ${[item.unit, ...(item.units ?? []).map((u) => u.unit)].join(", ")}.`, { reason: "unknown_unit", field: "unit" });
  }
  const inUnit = parseQuantity(input, { decimals: 6, field, unit, allowNegative: options.allowNegative, allowZero: options.allowZero });
  const product = inUnit * BigInt(other.factor_micro);
  const base = product / QTY_SCALE;
  const step = 10n ** BigInt(6 - item.unit_decimals);
  if (product % QTY_SCALE !== 0n || base % step !== 0n) {
    throw new AppError("invalid", `That is not a whole number of ${item.unit} (${item.unit_decimals} decimals allowed).`, { reason: "too_many_decimals", field });
  }
  return base;
}

function checkDate(date: string | undefined): string | null {
  if (date === undefined || date === null || date === "") return null;
  if (!isIsoDate(date)) throw new AppError("invalid", "Enter the date as YYYY-MM-DD.", { reason: "invalid_date", field: "date" });
  return date;
}

async function moveDate(tx: Tx, date: string | undefined): Promise<string> {
  return checkDate(date) ?? todayIn((await organisationSettings(tx)).timeZone);
}

function checkSource(source: StockSource | undefined): { type: string; id: string | null; line: number | null } {
  const type = source?.type?.trim() || "manual";
  if (type.length > 50) throw new AppError("invalid", "The source type is at most 50 characters.", { reason: "invalid_source", field: "source" });
  const line = source?.line ?? null;
  if (line !== null && (!Number.isInteger(line) || line < 0)) throw new AppError("invalid", "The source line is a whole number.", { reason: "invalid_source", field: "source" });
  return { type, id: source?.id ?? null, line };
}

function insufficient(item: LoadedItem, warehouse: LoadedWarehouse, what: "on hand" | "available", available: bigint, lot?: string): AppError {
  const shown = formatQuantity(available < 0n ? 0n : available);
  return new AppError(
    "conflict",
    `Not enough ${item.sku} ${item.name} in ${warehouse.name}${lot ? `, lot ${lot}` : ""}: ${shown} ${item.unit} ${what}.`,
    { reason: "insufficient_stock", field: "quantity" },
  );
}

interface MoveSpec {
  itemId: string;
  warehouseId: string;
  lotId: string | null;
  lotNumber?: string | null;
  kind: MoveKind;
  qty: bigint;
  /** For incoming moves: their value; for outgoing ones it is worked out from the average cost. */
  value?: bigint;
  transferId?: string | null;
  reason?: string | null;
  /** Check on hand, and available too, before taking stock out. */
  check: "available" | "on_hand" | "none";
  /** A reservation this move consumes: its quantity counts as available to it. */
  reservedForThis?: bigint;
}

/** Applies one move to the in-memory balance: its value, the refusal if it takes too much, the balance after. */
function applyMove(context: StockContext, spec: MoveSpec, date: string, source: { type: string; id: string | null; line: number | null }): StockMove {
  const item = context.item(spec.itemId);
  const warehouse = context.warehouses.get(spec.warehouseId)!;
  const state = context.balance(spec.itemId, spec.warehouseId);
  let value: bigint;
  if (spec.qty > 0n) {
    value = spec.value ?? (state.onHand > 0n ? divRound(state.value * spec.qty, state.onHand) : valueOf(spec.qty, BigInt(item.cost_minor)));
  } else {
    const after = state.onHand + spec.qty;
    if (!context.allowNegative && spec.check !== "none") {
      if (after < 0n) throw insufficient(item, warehouse, "on hand", state.onHand);
      if (spec.check === "available") {
        const available = state.onHand - state.reserved + (spec.reservedForThis ?? 0n);
        if (available + spec.qty < 0n) throw insufficient(item, warehouse, "available", available);
      }
    }
    if (spec.lotId) {
      const lotKey = `${key(spec.itemId, spec.warehouseId)}:${spec.lotId}`;
      const lotOnHand = context.lotOnHand.get(lotKey) ?? 0n;
      if (!context.allowNegative && spec.check !== "none" && lotOnHand + spec.qty < 0n) {
        throw insufficient(item, warehouse, "on hand", lotOnHand, spec.lotNumber ?? undefined);
      }
    }
    if (after === 0n) value = -state.value;
    else if (state.onHand > 0n && after > 0n) value = divRound(state.value * spec.qty, state.onHand);
    // Going below zero (allowed by the organisation): all the value there is, then the rest at the average cost.
    else if (state.onHand > 0n) value = -state.value + valueOf(after, divRound(state.value * QTY_SCALE, state.onHand));
    else value = valueOf(spec.qty, BigInt(item.cost_minor));
  }
  state.onHand += spec.qty;
  state.value += value;
  if (spec.lotId) {
    const lotKey = `${key(spec.itemId, spec.warehouseId)}:${spec.lotId}`;
    context.lotOnHand.set(lotKey, (context.lotOnHand.get(lotKey) ?? 0n) + spec.qty);
    const delta = context.lotDeltas.get(lotKey) ?? { itemId: spec.itemId, warehouseId: spec.warehouseId, lotId: spec.lotId, delta: 0n };
    delta.delta += spec.qty;
    context.lotDeltas.set(lotKey, delta);
  }
  const abs = spec.qty < 0n ? -spec.qty : spec.qty;
  const move = {
    id: randomUUID(),
    itemId: spec.itemId,
    warehouseId: spec.warehouseId,
    lotId: spec.lotId,
    kind: spec.kind,
    qtyMicro: spec.qty,
    unitCostMinor: divRound((value < 0n ? -value : value) * QTY_SCALE, abs),
    valueMinor: value,
    qtyAfterMicro: state.onHand,
    valueAfterMinor: state.value,
    moveDate: date,
    journalEntryId: null as string | null,
    transferId: spec.transferId ?? null,
    sourceType: source.type,
    sourceId: source.id,
    sourceLine: source.line,
    reason: spec.reason ?? null,
  };
  context.moves.push(move);
  return move;
}

function accountsFor(context: StockContext, roles: AccountRole[]) {
  for (const role of roles) {
    if (!context.accountsByRole[role]) {
      throw new AppError("conflict", `The chart of accounts has no ${role.replace(/_/g, " ")} account; add one with that role before moving stock.`, { reason: "missing_account" });
    }
  }
  return (role: AccountRole) => context.accountsByRole[role];
}

interface OperationPosting {
  /** Debit `debit`, credit `credit` for a positive amount, the other way round for a negative one. */
  amount: bigint;
  accounts: { debit: string; credit: string; partyId?: string | null; debitParty?: boolean };
  date: string;
  memo: string;
}

interface OperationAudit {
  action: string;
  entityType: string;
  entityId: string | null;
  after: unknown;
}

/**
 * Writes an operation worked out in `context`: its stock rows, then (when it has a value) its ledger entry with
 * the audit event. Returns the entry's id.
 */
async function writeOperation(
  tx: Tx,
  context: StockContext,
  audit: OperationAudit,
  posting: OperationPosting | null,
  extra?: { reservation?: { id: string; status: "consumed" } },
): Promise<string | null> {
  const entryId = posting && posting.amount !== 0n ? randomUUID() : null;
  for (const m of context.moves) m.journalEntryId = entryId;
  await writeMoves(tx, context, entryId ? null : audit, extra);
  if (!posting || !entryId) return null;
  const positive = posting.amount > 0n;
  const abs = positive ? posting.amount : -posting.amount;
  const { accounts } = posting;
  const lines: PostingLine[] = [
    { accountId: positive ? accounts.debit : accounts.credit, debitMinor: abs, partyId: accounts.debitParty === positive ? accounts.partyId : null },
    { accountId: positive ? accounts.credit : accounts.debit, creditMinor: abs, partyId: accounts.debitParty === positive ? null : accounts.partyId },
  ];
  await post(tx, { entryDate: posting.date, memo: posting.memo, source: { type: "stock_move", id: context.moves[0]?.id ?? null }, lines }, { entryId, event: audit, context: context.posting });
  return entryId;
}

/**
 * Writes the moves and balances (item and warehouse with its reserved quantity, lot, month, warehouse month) in
 * one statement, with the audit event when `audit` is given (an operation that posts nothing).
 */
async function writeMoves(tx: Tx, context: StockContext, audit: OperationAudit | null, extra?: { reservation?: { id: string; status: "consumed" } }) {
  const moves = context.moves;
  const date = moves[0]?.moveDate;
  if (!date) throw new Error("no moves to write");
  const month = monthStart(date);
  const day = Number(date.slice(8, 10));
  const touched = new Set(moves.map((m) => key(m.itemId, m.warehouseId)));
  const balances = [...context.balances.values()]
    .filter((b) => touched.has(key(b.itemId, b.warehouseId)))
    .map((b) => ({ item_id: b.itemId, warehouse_id: b.warehouseId, on_hand: b.onHand.toString(), reserved: b.reserved.toString(), value: b.value.toString() }));
  const months = new Map<string, { item_id: string; warehouse_id: string; qty_in: bigint; qty_out: bigint; value_in: bigint; value_out: bigint }>();
  const warehouseMonths = new Map<string, { warehouse_id: string; qty: bigint; value: bigint }>();
  for (const m of moves) {
    const k = key(m.itemId, m.warehouseId);
    const row = months.get(k) ?? { item_id: m.itemId, warehouse_id: m.warehouseId, qty_in: 0n, qty_out: 0n, value_in: 0n, value_out: 0n };
    if (m.qtyMicro > 0n) row.qty_in += m.qtyMicro;
    else row.qty_out -= m.qtyMicro;
    if (m.qtyMicro > 0n) row.value_in += m.valueMinor;
    else row.value_out -= m.valueMinor;
    months.set(k, row);
    const w = warehouseMonths.get(m.warehouseId) ?? { warehouse_id: m.warehouseId, qty: 0n, value: 0n };
    w.qty += m.qtyMicro;
    w.value += m.valueMinor;
    warehouseMonths.set(m.warehouseId, w);
  }
  const text = (rows: object[]) => JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  const moveRows = moves.map((m) => ({
    id: m.id,
    item_id: m.itemId,
    warehouse_id: m.warehouseId,
    lot_id: m.lotId,
    kind: m.kind,
    qty: m.qtyMicro,
    unit_cost: m.unitCostMinor,
    value: m.valueMinor,
    qty_after: m.qtyAfterMicro,
    value_after: m.valueAfterMinor,
    source_type: m.sourceType,
    source_id: m.sourceId,
    source_line: m.sourceLine,
    reason: m.reason,
    transfer_id: m.transferId,
    journal_entry_id: m.journalEntryId,
  }));
  // The audit head after the warehouse months, as a posting takes them (warehouse months, then ledger.post).
  const auditSql = audit ? sql`${auditAppendCtes({ ...audit }, { after: sql`warehouse_rows` })},` : sql``;
  const row = await queryRowPrepared<{ audit_id: number | null }>(
    tx,
    sql`with balance_rows as (
        update stock_balances b set on_hand_micro = r.on_hand, reserved_micro = r.reserved, value_minor = r.value, updated_at = now()
        from jsonb_to_recordset(${text(balances)}::jsonb) as r(item_id uuid, warehouse_id uuid, on_hand bigint, reserved bigint, value bigint)
        where b.item_id = r.item_id and b.warehouse_id = r.warehouse_id
        returning 1
      ),
      new_moves as (
        insert into stock_moves (tenant_id, id, item_id, warehouse_id, lot_id, kind, qty_micro, unit_cost_minor, value_minor,
          qty_after_micro, value_after_minor, source_type, source_id, source_line, reason, transfer_id, journal_entry_id, move_date, user_id, posted_at)
        select app_tenant_id(), m.id, m.item_id, m.warehouse_id, m.lot_id, m.kind, m.qty, m.unit_cost, m.value, m.qty_after, m.value_after,
          m.source_type, m.source_id, m.source_line, m.reason, m.transfer_id, m.journal_entry_id, ${date}::date, app_user_id(),
          clock_timestamp() + (m.ord * interval '1 microsecond')
        from jsonb_to_recordset(${text(moveRows.map((r, i) => ({ ...r, ord: i })))}::jsonb) as m(id uuid, item_id uuid, warehouse_id uuid, lot_id uuid,
          kind text, qty bigint, unit_cost bigint, value bigint, qty_after bigint, value_after bigint, source_type text, source_id text,
          source_line int, reason text, transfer_id uuid, journal_entry_id uuid, ord int)
          cross join (select count(*) from balance_rows) as balanced
        returning 1
      ),
      lot_rows as (
        insert into stock_lot_balances as l (tenant_id, item_id, warehouse_id, lot_id, on_hand_micro)
        select app_tenant_id(), d.item_id, d.warehouse_id, d.lot_id, d.delta
        from jsonb_to_recordset(${text([...context.lotDeltas.values()].map((d) => ({ item_id: d.itemId, warehouse_id: d.warehouseId, lot_id: d.lotId, delta: d.delta })))}::jsonb)
          as d(item_id uuid, warehouse_id uuid, lot_id uuid, delta bigint)
          cross join (select count(*) from balance_rows) as balanced
        order by d.item_id, d.warehouse_id, d.lot_id
        on conflict (tenant_id, item_id, warehouse_id, lot_id) do update set on_hand_micro = l.on_hand_micro + excluded.on_hand_micro
        returning 1
      ),
      month_rows as (
        insert into stock_month_balances as s (tenant_id, item_id, warehouse_id, month, qty_in_micro, qty_out_micro, value_in_minor, value_out_minor)
        select app_tenant_id(), r.item_id, r.warehouse_id, ${month}::date, r.qty_in, r.qty_out, r.value_in, r.value_out
        from jsonb_to_recordset(${text([...months.values()])}::jsonb) as r(item_id uuid, warehouse_id uuid, qty_in bigint, qty_out bigint, value_in bigint, value_out bigint)
          cross join (select count(*) from balance_rows) as balanced
        order by r.item_id, r.warehouse_id
        on conflict (tenant_id, item_id, warehouse_id, month) do update set qty_in_micro = s.qty_in_micro + excluded.qty_in_micro,
          qty_out_micro = s.qty_out_micro + excluded.qty_out_micro, value_in_minor = s.value_in_minor + excluded.value_in_minor,
          value_out_minor = s.value_out_minor + excluded.value_out_minor
        returning 1
      ),
      warehouse_rows as (
        insert into stock_warehouse_months as w (tenant_id, warehouse_id, month, qty_micro, value_minor, day_qty, day_value)
        select app_tenant_id(), r.warehouse_id, ${month}::date, r.qty, r.value,
          array_fill(0::bigint, array[${day}::int - 1]) || r.qty || array_fill(0::bigint, array[31 - ${day}::int]),
          array_fill(0::bigint, array[${day}::int - 1]) || r.value || array_fill(0::bigint, array[31 - ${day}::int])
        from jsonb_to_recordset(${text([...warehouseMonths.values()])}::jsonb) as r(warehouse_id uuid, qty bigint, value bigint)
          cross join (select count(*) from month_rows) as months_done
        order by r.warehouse_id
        on conflict (tenant_id, warehouse_id, month) do update set qty_micro = w.qty_micro + excluded.qty_micro,
          value_minor = w.value_minor + excluded.value_minor,
          day_qty[${day}::int] = w.day_qty[${day}::int] + excluded.qty_micro,
          day_value[${day}::int] = w.day_value[${day}::int] + excluded.value_minor
        returning 1
      ),
      ${auditSql}
      reservation_rows as (
        update stock_reservations r set status = 'consumed', closed_at = now()
        where r.id = ${extra?.reservation?.id ?? null}::uuid and r.status = 'open'
        returning 1
      )
      select ${audit ? sql`(select id from audit_moved)` : sql`0`} as audit_id,
        (select count(*) from lot_rows) + (select count(*) from warehouse_rows) + (select count(*) from reservation_rows) as written`,
  );
  if (audit && (!row || row.audit_id === null)) await recordAudit(tx, audit);
}

function balancesOf(context: StockContext): Balance[] {
  const touched = new Set(context.moves.map((m) => key(m.itemId, m.warehouseId)));
  return [...context.balances.values()]
    .filter((b) => touched.has(key(b.itemId, b.warehouseId)))
    .map((b) => ({ itemId: b.itemId, warehouseId: b.warehouseId, onHandMicro: b.onHand, reservedMicro: b.reserved, availableMicro: b.onHand - b.reserved, valueMinor: b.value }));
}

function publicMoves(context: StockContext): StockMove[] {
  return context.moves.map(({ sourceType: _t, sourceId: _i, sourceLine: _l, reason: _r, ...move }) => move);
}

function checkLotInput(item: LoadedItem, lotNumber: string | null | undefined, required: boolean): string | null {
  const lot = lotNumber?.trim() || null;
  if (!item.lot_tracked) {
    if (lot) throw new AppError("invalid", `${item.sku} is not tracked by lot.`, { reason: "lot_not_tracked", field: "lotNumber" });
    return null;
  }
  if (!lot && required) throw new AppError("invalid", `${item.sku} is tracked by lot: enter the lot number.`, { reason: "lot_required", field: "lotNumber" });
  if (lot && lot.length > 64) throw new AppError("invalid", "The lot number is at most 64 characters.", { reason: "invalid_lot", field: "lotNumber" });
  return lot;
}

/** The lot of an item by number, made when it is new (receipts); its expiry must agree with one given. */
async function lotForReceipt(tx: Tx, item: LoadedItem, lotNumber: string, expiryDate: string | null): Promise<string> {
  const existing = await queryRow<{ id: string; expiry_date: string | null }>(
    tx,
    sql`select id, expiry_date::text from lots where item_id = ${item.id}::uuid and lot_number = ${lotNumber}`,
  );
  if (existing) {
    if (expiryDate && existing.expiry_date && existing.expiry_date !== expiryDate) {
      throw new AppError("invalid", `Lot ${lotNumber} of ${item.sku} expires on ${existing.expiry_date}, not ${expiryDate}.`, { reason: "lot_expiry_mismatch", field: "expiryDate" });
    }
    if (expiryDate && !existing.expiry_date) await tx.execute(sql`update lots set expiry_date = ${expiryDate}::date where id = ${existing.id}::uuid`);
    return existing.id;
  }
  const created = await queryRow<{ id: string }>(
    tx,
    sql`insert into lots (tenant_id, item_id, lot_number, expiry_date) values (app_tenant_id(), ${item.id}::uuid, ${lotNumber}, ${expiryDate}::date)
      on conflict (tenant_id, item_id, lot_number) do update set lot_number = excluded.lot_number returning id`,
  );
  return created!.id;
}

/** The lot's on hand in the warehouse (the balance row is locked, so it holds until the transaction ends). */
async function loadLots(tx: Tx, context: StockContext, itemId: string, warehouseId: string): Promise<Array<{ lot_id: string; lot_number: string; expiry_date: string | null; on_hand: bigint }>> {
  const rows = await queryRows<{ lot_id: string; lot_number: string; expiry_date: string | null; on_hand: string }>(
    tx,
    sql`select lb.lot_id, l.lot_number, l.expiry_date::text, lb.on_hand_micro::text as on_hand
      from stock_lot_balances lb join lots l on l.id = lb.lot_id
      where lb.item_id = ${itemId}::uuid and lb.warehouse_id = ${warehouseId}::uuid
      order by l.expiry_date asc nulls last, l.lot_number asc`,
  );
  return rows.map((r) => {
    context.lotOnHand.set(`${key(itemId, warehouseId)}:${r.lot_id}`, BigInt(r.on_hand));
    return { ...r, on_hand: BigInt(r.on_hand) };
  });
}

/** Outgoing moves of `qty` (positive) from a warehouse: one move, or for a lot-tracked item the named lot or FEFO over lots. */
async function outgoingSpecs(
  tx: Tx,
  context: StockContext,
  item: LoadedItem,
  warehouseId: string,
  qty: bigint,
  lotNumber: string | null,
  base: Omit<MoveSpec, "itemId" | "warehouseId" | "lotId" | "qty">,
): Promise<MoveSpec[]> {
  if (!item.lot_tracked) return [{ ...base, itemId: item.id, warehouseId, lotId: null, qty: -qty }];
  const lots = await loadLots(tx, context, item.id, warehouseId);
  if (lotNumber) {
    const lot = lots.find((l) => l.lot_number === lotNumber);
    if (!lot) {
      if (context.allowNegative) {
        const id = await queryRow<{ id: string }>(tx, sql`select id from lots where item_id = ${item.id}::uuid and lot_number = ${lotNumber}`);
        if (id) return [{ ...base, itemId: item.id, warehouseId, lotId: id.id, lotNumber, qty: -qty }];
      }
      throw new AppError("conflict", `${item.sku} has no lot ${lotNumber} in ${context.warehouses.get(warehouseId)!.name}.`, { reason: "insufficient_stock", field: "lotNumber" });
    }
    return [{ ...base, itemId: item.id, warehouseId, lotId: lot.lot_id, lotNumber, qty: -qty }];
  }
  // First expiry, first out: the lots with stock, earliest expiry first (lots without expiry last).
  const specs: MoveSpec[] = [];
  let left = qty;
  for (const lot of lots) {
    if (left === 0n) break;
    if (lot.on_hand <= 0n) continue;
    const take = lot.on_hand < left ? lot.on_hand : left;
    specs.push({ ...base, itemId: item.id, warehouseId, lotId: lot.lot_id, lotNumber: lot.lot_number, qty: -take });
    left -= take;
  }
  if (left > 0n) {
    const state = context.balance(item.id, warehouseId);
    if (!context.allowNegative) throw insufficient(item, context.warehouses.get(warehouseId)!, "on hand", state.onHand);
    const last = specs[specs.length - 1] ?? (lots[0] ? { lotId: lots[0].lot_id, lotNumber: lots[0].lot_number } : null);
    if (!last) throw new AppError("conflict", `${item.sku} has no lot in stock to take from; name the lot.`, { reason: "insufficient_stock", field: "lotNumber" });
    if (specs.length && specs[specs.length - 1].lotId === last.lotId) specs[specs.length - 1].qty -= left;
    else specs.push({ ...base, itemId: item.id, warehouseId, lotId: last.lotId, lotNumber: last.lotNumber, qty: -left });
  }
  return specs;
}

// ---------------------------------------------------------------------------------------------------------------

export interface ReceiveInput {
  itemId: string;
  warehouseId: string;
  quantity: string | number | bigint;
  unit?: string | null;
  /** Cost per one `unit` (the base unit by default), minor units; the item's cost when not given. */
  unitCostMinor?: bigint | null;
  /** Or the total value of the receipt, minor units. */
  totalCostMinor?: bigint | null;
  lotNumber?: string | null;
  expiryDate?: string | null;
  date?: string;
  source?: StockSource;
  /** The account credited instead of goods received not invoiced (e.g. payables, with partyId). */
  counterAccountId?: string | null;
  partyId?: string | null;
  memo?: string;
}

/** Receives stock into a warehouse at a cost: inventory debited, goods received (or the counter account) credited. */
export async function receiveStock(tx: Tx, input: ReceiveInput): Promise<StockResult> {
  const context = await openContext(tx, [input.itemId], [{ id: input.warehouseId, field: "warehouseId" }], [[input.itemId, input.warehouseId]], {
    create: true,
    posting: { date: checkDate(input.date), accountIds: [input.counterAccountId], partyIds: [input.partyId] },
  });
  const item = context.item(input.itemId);
  if (!item.is_active) throw new AppError("invalid", `${item.sku} is inactive.`, { reason: "inactive_item", field: "itemId" });
  const qty = baseQuantity(item, input.quantity, input.unit);
  const expiry = input.expiryDate?.trim() || null;
  if (expiry && !isIsoDate(expiry)) throw new AppError("invalid", "Enter the expiry date as YYYY-MM-DD.", { reason: "invalid_date", field: "expiryDate" });
  if (expiry && !item.lot_tracked) throw new AppError("invalid", `${item.sku} is not tracked by lot, so it has no expiry date.`, { reason: "lot_not_tracked", field: "expiryDate" });
  const lotNumber = checkLotInput(item, input.lotNumber, true);
  let value: bigint;
  if (input.totalCostMinor !== undefined && input.totalCostMinor !== null) {
    if (input.totalCostMinor < 0n) throw new AppError("invalid", "The cost must be zero or more.", { reason: "invalid_amount", field: "totalCost" });
    value = input.totalCostMinor;
  } else if (input.unitCostMinor !== undefined && input.unitCostMinor !== null) {
    if (input.unitCostMinor < 0n) throw new AppError("invalid", "The cost must be zero or more.", { reason: "invalid_amount", field: "unitCost" });
    const factor = !input.unit || input.unit === item.unit ? QTY_SCALE : BigInt(item.units!.find((u) => u.unit === input.unit)!.factor_micro);
    value = divRound(qty * input.unitCostMinor, factor);
  } else {
    value = valueOf(qty, BigInt(item.cost_minor));
  }
  const date = await moveDate(tx, input.date);
  const source = checkSource(input.source);
  const lotId = lotNumber ? await lotForReceipt(tx, item, lotNumber, expiry) : null;
  applyMove(context, { itemId: item.id, warehouseId: input.warehouseId, lotId, kind: "receipt", qty, value, check: "none" }, date, source);
  const account = accountsFor(context, input.counterAccountId ? ["inventory"] : ["inventory", "goods_received"]);
  const journalEntryId = await writeOperation(
    tx,
    context,
    { action: "inventory.stock_received", entityType: "item", entityId: item.id, after: { warehouseId: input.warehouseId, lotNumber, qtyMicro: qty, valueMinor: value, date, source } },
    {
      amount: value,
      accounts: { debit: account("inventory"), credit: input.counterAccountId ?? account("goods_received"), partyId: input.partyId ?? null, debitParty: false },
      date,
      memo: input.memo?.trim() || `Receipt of ${formatQuantity(qty)} ${item.unit} ${item.sku}`,
    },
  );
  return { moves: publicMoves(context), balances: balancesOf(context), journalEntryId };
}

export interface IssueInput {
  itemId: string;
  warehouseId: string;
  quantity: string | number | bigint;
  unit?: string | null;
  /** The lot to take from; the earliest expiry first (FEFO) when not given. */
  lotNumber?: string | null;
  date?: string;
  source?: StockSource;
  /** An open reservation of this item and warehouse that the issue fulfils (consumed by it). */
  reservationId?: string | null;
  /** The account debited instead of cost of goods sold. */
  debitAccountId?: string | null;
  memo?: string;
}

/** Issues stock out of a warehouse at its average cost: cost of goods sold debited, inventory credited. */
export async function issueStock(tx: Tx, input: IssueInput): Promise<StockResult> {
  const context = await openContext(tx, [input.itemId], [{ id: input.warehouseId, field: "warehouseId" }], [[input.itemId, input.warehouseId]], {
    create: true,
    posting: { date: checkDate(input.date), accountIds: [input.debitAccountId] },
  });
  const item = context.item(input.itemId);
  const qty = baseQuantity(item, input.quantity, input.unit);
  const lotNumber = checkLotInput(item, input.lotNumber, false);
  const date = await moveDate(tx, input.date);
  const source = checkSource(input.source);
  let reservedForThis = 0n;
  if (input.reservationId) {
    const reservation = await lockedReservation(tx, input.reservationId);
    if (reservation.item_id !== item.id || reservation.warehouse_id !== input.warehouseId) {
      throw new AppError("invalid", "That reservation is for another item or warehouse.", { reason: "reservation_mismatch", field: "reservationId" });
    }
    reservedForThis = BigInt(reservation.qty_micro);
  }
  const specs = await outgoingSpecs(tx, context, item, input.warehouseId, qty, lotNumber, { kind: "issue", check: "available", reservedForThis });
  for (const spec of specs) applyMove(context, spec, date, source);
  if (reservedForThis > 0n) context.balance(item.id, input.warehouseId).reserved -= reservedForThis;
  const value = -context.moves.reduce((sum, m) => sum + m.valueMinor, 0n);
  const account = accountsFor(context, input.debitAccountId ? ["inventory"] : ["inventory", "cost_of_goods_sold"]);
  const journalEntryId = await writeOperation(
    tx,
    context,
    { action: "inventory.stock_issued", entityType: "item", entityId: item.id, after: { warehouseId: input.warehouseId, qtyMicro: qty, valueMinor: value, lots: context.moves.map((m) => m.lotId), date, source } },
    {
      amount: value,
      accounts: { debit: input.debitAccountId ?? account("cost_of_goods_sold"), credit: account("inventory") },
      date,
      memo: input.memo?.trim() || `Issue of ${formatQuantity(qty)} ${item.unit} ${item.sku}`,
    },
    input.reservationId ? { reservation: { id: input.reservationId, status: "consumed" } } : undefined,
  );
  return { moves: publicMoves(context), balances: balancesOf(context), journalEntryId };
}

export interface TransferInput {
  itemId: string;
  fromWarehouseId: string;
  toWarehouseId: string;
  quantity: string | number | bigint;
  unit?: string | null;
  lotNumber?: string | null;
  date?: string;
  source?: StockSource;
}

/** Moves stock between two warehouses, both sides in this transaction, at the source's average cost; nothing reaches the P&L. */
export async function transferStock(tx: Tx, input: TransferInput): Promise<StockResult> {
  if (input.fromWarehouseId === input.toWarehouseId) {
    throw new AppError("invalid", "Choose a different warehouse to transfer to.", { reason: "same_warehouse", field: "toWarehouseId" });
  }
  const context = await openContext(
    tx,
    [input.itemId],
    [{ id: input.fromWarehouseId, field: "fromWarehouseId" }, { id: input.toWarehouseId, field: "toWarehouseId" }],
    [[input.itemId, input.fromWarehouseId], [input.itemId, input.toWarehouseId]],
    { create: true },
  );
  const item = context.item(input.itemId);
  const qty = baseQuantity(item, input.quantity, input.unit);
  const lotNumber = checkLotInput(item, input.lotNumber, false);
  const date = await moveDate(tx, input.date);
  const source = checkSource(input.source);
  const transferId = randomUUID();
  const specs = await outgoingSpecs(tx, context, item, input.fromWarehouseId, qty, lotNumber, { kind: "transfer_out", check: "available", transferId });
  const outs = specs.map((spec) => applyMove(context, spec, date, source));
  for (const out of outs) {
    applyMove(context, { itemId: item.id, warehouseId: input.toWarehouseId, lotId: out.lotId, kind: "transfer_in", qty: -out.qtyMicro, value: -out.valueMinor, transferId, check: "none" }, date, source);
  }
  const value = -outs.reduce((sum, m) => sum + m.valueMinor, 0n);
  await writeOperation(
    tx,
    context,
    {
      action: "inventory.stock_transferred",
      entityType: "item",
      entityId: item.id,
      after: { fromWarehouseId: input.fromWarehouseId, toWarehouseId: input.toWarehouseId, qtyMicro: qty, valueMinor: value, date, source, transferId },
    },
    null,
  );
  return { moves: publicMoves(context), balances: balancesOf(context), journalEntryId: null };
}

export interface AdjustInput {
  itemId: string;
  warehouseId: string;
  /** Signed: "5" adds, "-2" takes away; not zero. */
  quantity: string | number | bigint;
  unit?: string | null;
  reason: string;
  lotNumber?: string | null;
  expiryDate?: string | null;
  /** Cost per base unit of stock added; the average cost (or the item's cost) when not given. */
  unitCostMinor?: bigint | null;
  date?: string;
  source?: StockSource;
}

/** Corrects stock by a signed quantity with a reason: inventory against the stock adjustment account. */
export async function adjustStock(tx: Tx, input: AdjustInput): Promise<StockResult> {
  const reason = input.reason?.trim() ?? "";
  if (!reason || reason.length > 500) throw new AppError("invalid", "Say why the stock is adjusted (at most 500 characters).", { reason: "reason_required", field: "reason" });
  const context = await openContext(tx, [input.itemId], [{ id: input.warehouseId, field: "warehouseId" }], [[input.itemId, input.warehouseId]], {
    create: true,
    posting: { date: checkDate(input.date) },
  });
  const item = context.item(input.itemId);
  const qty = baseQuantity(item, input.quantity, input.unit, { allowNegative: true });
  const date = await moveDate(tx, input.date);
  const source = checkSource(input.source);
  if (input.unitCostMinor !== undefined && input.unitCostMinor !== null && input.unitCostMinor < 0n) {
    throw new AppError("invalid", "The cost must be zero or more.", { reason: "invalid_amount", field: "unitCost" });
  }
  if (qty > 0n) {
    const lotNumber = checkLotInput(item, input.lotNumber, true);
    const expiry = input.expiryDate?.trim() || null;
    if (expiry && !isIsoDate(expiry)) throw new AppError("invalid", "Enter the expiry date as YYYY-MM-DD.", { reason: "invalid_date", field: "expiryDate" });
    const lotId = lotNumber ? await lotForReceipt(tx, item, lotNumber, expiry) : null;
    const value = input.unitCostMinor !== undefined && input.unitCostMinor !== null ? valueOf(qty, input.unitCostMinor) : undefined;
    applyMove(context, { itemId: item.id, warehouseId: input.warehouseId, lotId, kind: "adjustment", qty, value, reason, check: "none" }, date, source);
  } else {
    const lotNumber = checkLotInput(item, input.lotNumber, false);
    const specs = await outgoingSpecs(tx, context, item, input.warehouseId, -qty, lotNumber, { kind: "adjustment", reason, check: "on_hand" });
    for (const spec of specs) applyMove(context, spec, date, source);
  }
  const value = context.moves.reduce((sum, m) => sum + m.valueMinor, 0n);
  const account = accountsFor(context, ["inventory", "stock_adjustment"]);
  const journalEntryId = await writeOperation(
    tx,
    context,
    { action: "inventory.stock_adjusted", entityType: "item", entityId: item.id, after: { warehouseId: input.warehouseId, qtyMicro: qty, valueMinor: value, reason, date, source } },
    { amount: value, accounts: { debit: account("inventory"), credit: account("stock_adjustment") }, date, memo: `Stock adjustment ${item.sku}: ${reason}`.slice(0, 500) },
  );
  return { moves: publicMoves(context), balances: balancesOf(context), journalEntryId };
}

// Stock counts ------------------------------------------------------------------------------------------------

export interface CountLineInput {
  itemId: string;
  lotId: string | null;
  countedMicro: bigint;
}

/**
 * Posts the differences of a count as moves of kind "count", under the locks of every item counted (in item
 * order), with one ledger entry for their net value. Used by postStockCount (counts.server.ts).
 */
export async function postCountDifferences(
  tx: Tx,
  input: { countId: string; warehouseId: string; date: string; lines: CountLineInput[] },
): Promise<{ result: StockResult; expected: Map<string, bigint> }> {
  const itemIds = [...new Set(input.lines.map((l) => l.itemId))];
  const context = await openContext(tx, itemIds, [{ id: input.warehouseId, field: "warehouseId" }], itemIds.map((id) => [id, input.warehouseId] as [string, string]), {
    create: true,
    posting: { date: checkDate(input.date) },
  });
  const source = { type: "stock_count", id: input.countId, line: null };
  const expected = new Map<string, bigint>();
  const sortedItems = [...itemIds].sort();
  for (const itemId of sortedItems) {
    const item = context.item(itemId);
    const lines = input.lines.filter((l) => l.itemId === itemId);
    if (item.lot_tracked) {
      const lots = await loadLots(tx, context, itemId, input.warehouseId);
      for (const line of lines) {
        const have = line.lotId ? (lots.find((l) => l.lot_id === line.lotId)?.on_hand ?? 0n) : 0n;
        expected.set(`${itemId}:${line.lotId ?? ""}`, have);
        const diff = line.countedMicro - have;
        if (diff !== 0n && line.lotId) {
          applyMove(context, { itemId, warehouseId: input.warehouseId, lotId: line.lotId, kind: "count", qty: diff, reason: "Stock count", check: "none" }, input.date, source);
        }
      }
    } else {
      const state = context.balance(itemId, input.warehouseId);
      const line = lines[0];
      expected.set(`${itemId}:`, state.onHand);
      const diff = line.countedMicro - state.onHand;
      if (diff !== 0n) applyMove(context, { itemId, warehouseId: input.warehouseId, lotId: null, kind: "count", qty: diff, reason: "Stock count", check: "none" }, input.date, source);
    }
  }
  if (context.moves.length === 0) return { result: { moves: [], balances: [], journalEntryId: null }, expected };
  const value = context.moves.reduce((sum, m) => sum + m.valueMinor, 0n);
  const account = accountsFor(context, ["inventory", "stock_adjustment"]);
  const journalEntryId = await writeOperation(
    tx,
    context,
    {
      action: "inventory.stock_count_posted",
      entityType: "stock_count",
      entityId: input.countId,
      after: { warehouseId: input.warehouseId, moves: context.moves.length, valueMinor: value, date: input.date },
    },
    { amount: value, accounts: { debit: account("inventory"), credit: account("stock_adjustment") }, date: input.date, memo: "Stock count differences" },
  );
  return { result: { moves: publicMoves(context), balances: balancesOf(context), journalEntryId }, expected };
}

// Reservations --------------------------------------------------------------------------------------------------

export interface Reservation {
  id: string;
  itemId: string;
  warehouseId: string;
  qtyMicro: bigint;
  sourceType: string;
  sourceId: string | null;
  sourceLine: number | null;
  status: "open" | "released" | "consumed";
}

async function lockedReservation(tx: Tx, id: string) {
  if (!isUuid(id)) throw new AppError("not_found", "That reservation does not exist in this organisation.", { reason: "unknown_reservation", field: "reservationId" });
  const row = await queryRow<{ id: string; item_id: string; warehouse_id: string; qty_micro: string; status: string; source_type: string; source_id: string | null; source_line: number | null }>(
    tx,
    sql`select id, item_id, warehouse_id, qty_micro::text, status, source_type, source_id, source_line from stock_reservations where id = ${id}::uuid for update`,
  );
  if (!row) throw new AppError("not_found", "That reservation does not exist in this organisation.", { reason: "unknown_reservation", field: "reservationId" });
  if (row.status !== "open") throw new AppError("conflict", `That reservation is ${row.status} already.`, { reason: "reservation_closed", field: "reservationId" });
  return row;
}

export interface ReserveInput {
  itemId: string;
  warehouseId: string;
  quantity: string | number | bigint;
  unit?: string | null;
  source: StockSource;
}

/**
 * Holds a quantity back for a document (a sales order), under the balance row's lock: refused (409, naming what
 * is available) when available (on hand - reserved) would go below zero, whatever the negative-stock setting.
 */
export async function reserveStock(tx: Tx, input: ReserveInput): Promise<{ reservation: Reservation; balance: Balance }> {
  const context = await openContext(tx, [input.itemId], [{ id: input.warehouseId, field: "warehouseId" }], [[input.itemId, input.warehouseId]], { create: true });
  const item = context.item(input.itemId);
  const qty = baseQuantity(item, input.quantity, input.unit);
  const source = checkSource(input.source);
  const state = context.balance(item.id, input.warehouseId);
  const available = state.onHand - state.reserved;
  if (available < qty) throw insufficient(item, context.warehouses.get(input.warehouseId)!, "available", available);
  state.reserved += qty;
  const id = randomUUID();
  await tx.execute(sql`with reserved as (
      update stock_balances set reserved_micro = reserved_micro + ${qty.toString()}::bigint, updated_at = now()
      where item_id = ${item.id}::uuid and warehouse_id = ${input.warehouseId}::uuid returning 1
    )
    insert into stock_reservations (tenant_id, id, item_id, warehouse_id, qty_micro, source_type, source_id, source_line, created_by_user_id)
    select app_tenant_id(), ${id}::uuid, ${item.id}::uuid, ${input.warehouseId}::uuid, ${qty.toString()}::bigint, ${source.type}, ${source.id}, ${source.line}, app_user_id()
    from reserved`);
  const reservation: Reservation = { id, itemId: item.id, warehouseId: input.warehouseId, qtyMicro: qty, sourceType: source.type, sourceId: source.id, sourceLine: source.line, status: "open" };
  await recordAudit(tx, { action: "inventory.stock_reserved", entityType: "stock_reservation", entityId: id, after: reservation });
  return {
    reservation,
    balance: { itemId: item.id, warehouseId: input.warehouseId, onHandMicro: state.onHand, reservedMicro: state.reserved, availableMicro: state.onHand - state.reserved, valueMinor: state.value },
  };
}

/** Releases an open reservation: its quantity is available again. 404 for an unknown one, 409 when closed already. */
export async function releaseReservation(tx: Tx, reservationId: string): Promise<Reservation> {
  if (!isUuid(reservationId)) throw new AppError("not_found", "That reservation does not exist in this organisation.", { reason: "unknown_reservation", field: "reservationId" });
  const peek = await queryRow<{ item_id: string; warehouse_id: string }>(tx, sql`select item_id, warehouse_id from stock_reservations where id = ${reservationId}::uuid`);
  if (!peek) throw new AppError("not_found", "That reservation does not exist in this organisation.", { reason: "unknown_reservation", field: "reservationId" });
  // The balance row first, as every stock operation locks it, then the reservation.
  await tx.execute(sql`select 1 from stock_balances where item_id = ${peek.item_id}::uuid and warehouse_id = ${peek.warehouse_id}::uuid for update`);
  const row = await lockedReservation(tx, reservationId);
  await tx.execute(sql`with released as (
      update stock_reservations set status = 'released', closed_at = now() where id = ${reservationId}::uuid returning qty_micro
    )
    update stock_balances b set reserved_micro = b.reserved_micro - released.qty_micro, updated_at = now()
    from released where b.item_id = ${row.item_id}::uuid and b.warehouse_id = ${row.warehouse_id}::uuid`);
  const reservation: Reservation = {
    id: row.id,
    itemId: row.item_id,
    warehouseId: row.warehouse_id,
    qtyMicro: BigInt(row.qty_micro),
    sourceType: row.source_type,
    sourceId: row.source_id,
    sourceLine: row.source_line,
    status: "released",
  };
  await recordAudit(tx, { action: "inventory.reservation_released", entityType: "stock_reservation", entityId: row.id, after: reservation });
  return reservation;
}

/** Releases every open reservation of a document (a cancelled sales order). Returns how many. */
export async function releaseReservationsOf(tx: Tx, source: { type: string; id: string }): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select id from stock_reservations where source_type = ${source.type} and source_id = ${source.id} and status = 'open' order by item_id, warehouse_id, id`,
  );
  for (const row of rows) await releaseReservation(tx, row.id);
  return rows.length;
}

/** The open reservations of an item (in a warehouse), oldest first. */
export async function listReservations(tx: Tx, filter: { itemId?: string; warehouseId?: string; source?: { type: string; id: string } } = {}): Promise<Reservation[]> {
  if (filter.itemId && !isUuid(filter.itemId)) return [];
  if (filter.warehouseId && !isUuid(filter.warehouseId)) return [];
  const rows = await queryRows<{ id: string; item_id: string; warehouse_id: string; qty_micro: string; source_type: string; source_id: string | null; source_line: number | null; status: Reservation["status"] }>(
    tx,
    sql`select id, item_id, warehouse_id, qty_micro::text, source_type, source_id, source_line, status from stock_reservations
      where status = 'open'
        ${filter.itemId ? sql`and item_id = ${filter.itemId}::uuid` : sql``}
        ${filter.warehouseId ? sql`and warehouse_id = ${filter.warehouseId}::uuid` : sql``}
        ${filter.source ? sql`and source_type = ${filter.source.type} and source_id = ${filter.source.id}` : sql``}
      order by created_at, id limit 1000`,
  );
  return rows.map((r) => ({ id: r.id, itemId: r.item_id, warehouseId: r.warehouse_id, qtyMicro: BigInt(r.qty_micro), sourceType: r.source_type, sourceId: r.source_id, sourceLine: r.source_line, status: r.status }));
}
