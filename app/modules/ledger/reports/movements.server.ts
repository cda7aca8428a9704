import { type SQL, sql } from "drizzle-orm";
import { queryRow, queryRows, type Tx } from "~/db.server";
import { addMonths, monthEnd, monthStart } from "~/utils/dates";
import type { Account } from "../accounts.server";
import type { AccountType, PartyKind } from "../schema";
import type { LedgerCursor } from "./cursor";
import type { DateRange } from "./filters";

/*
 * The movement source every report reads: balances, never a sum over journal lines.
 *
 * Posting keeps debit and credit movements per account (account_balances) and per account and party
 * (party_balances) and month, and within each month row per day (day_debits, day_credits: days 1 to 31). A range
 * [from, to] is its whole months' totals plus, for its partial edge months, the sum of the days it covers; the
 * balance before `from` is the months before from's month plus that month's days before `from`. So a report
 * reads at most accounts (or parties) x months rows, however long the range, wherever its edges fall and however
 * many lines the books hold. Lines themselves are read only where they are shown: a ledger's page, the charges
 * an aging allocates.
 *
 * Amounts are bigint minor units. Balances are signed with debits positive; presentation in the natural sign
 * of an account type (income, liabilities and equity as positive credits) is `naturalSign`.
 */

/** +1 for types whose balance is normally a debit (assets, expenses), -1 for credits (liabilities, equity, income). */
export function naturalSign(type: AccountType): 1n | -1n {
  return type === "asset" || type === "expense" ? 1n : -1n;
}

/** Balances as the party sees them: what a customer owes (debit positive), what we owe a supplier (credit positive). */
export function partySign(kind: PartyKind): 1n | -1n {
  return kind === "customer" ? 1n : -1n;
}

export function big(value: unknown): bigint {
  return value === null || value === undefined ? 0n : BigInt(value as string);
}

export type AccountInfo = Pick<Account, "id" | "code" | "name" | "type" | "parentId" | "isGroup" | "partyKind">;

export async function chartOfAccounts(tx: Tx): Promise<AccountInfo[]> {
  const rows = await queryRows<{ id: string; code: string; name: string; type: AccountType; parent_id: string | null; is_group: boolean; party_kind: PartyKind | null }>(
    tx,
    sql`select id, code, name, type, parent_id, is_group, party_kind from accounts order by code`,
  );
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, type: r.type, parentId: r.parent_id, isGroup: r.is_group, partyKind: r.party_kind }));
}

/** Which rows a summary covers: the whole ledger, one account, or one party (optionally on one account). */
export interface Scope {
  accountId?: string;
  party?: { kind: PartyKind; id: string };
}

export interface Movement {
  openingMinor: bigint;
  debitMinor: bigint;
  creditMinor: bigint;
}

export function partyColumn(kind: PartyKind): SQL {
  return kind === "customer" ? sql`l.customer_id` : sql`l.supplier_id`;
}

/** The monthly balance rows in scope, aliased b, with a where clause to extend with `and`. */
function monthRows(scope: Scope): SQL {
  const filters: SQL[] = [];
  let table = sql`account_balances b`;
  if (scope.party) {
    table = sql`party_balances b`;
    filters.push(sql`b.party_kind = ${scope.party.kind}`, sql`b.party_id = ${scope.party.id}`);
  }
  if (scope.accountId) filters.push(sql`b.account_id = ${scope.accountId}`);
  return sql`${table} where ${filters.length ? sql.join(filters, sql` and `) : sql`true`}`;
}

/** Days `first` to `last` of a month (1-based, both included) within one month row. */
export interface DaySpan {
  month: string;
  first: number;
  last: number;
}

/** The sum of days first..last of a row's day column (b.day_debits or b.day_credits). */
export function sumOfDays(column: "day_debits" | "day_credits", first: number, last: number, alias = "b"): SQL {
  if (first > last) return sql`0`;
  // Day numbers come from checked dates, never from the request: written into the slice as they are.
  return sql.raw(`(select coalesce(sum(v), 0) from unnest(${alias}.${column}[${first}:${last}]) as v)`);
}

const dayOf = (isoDate: string) => Number(isoDate.slice(8, 10));

/**
 * How a range reads: its whole months (their totals, months fullFrom..fullTo, none when fullFrom > fullTo), the
 * days of its partial edge months (`spans`, at most two), and the days of from's month before `from` (`before`),
 * which belong to the opening.
 */
export function splitRange({ from, to }: DateRange): { fromMonth: string; fullFrom: string; fullTo: string; spans: DaySpan[]; before: DaySpan | null } {
  const fromMonth = monthStart(from);
  const toMonth = monthStart(to);
  const fromMidMonth = from !== fromMonth;
  const toMidMonth = to !== monthEnd(to);
  const spans: DaySpan[] = [];
  if (fromMidMonth) spans.push({ month: fromMonth, first: dayOf(from), last: toMonth === fromMonth ? dayOf(to) : 31 });
  if (toMidMonth && !(fromMidMonth && toMonth === fromMonth)) spans.push({ month: toMonth, first: 1, last: dayOf(to) });
  return {
    fromMonth,
    fullFrom: fromMidMonth ? addMonths(from, 1) : fromMonth,
    fullTo: toMidMonth ? addMonths(to, -1) : toMonth,
    spans,
    before: fromMidMonth ? { month: fromMonth, first: 1, last: dayOf(from) - 1 } : null,
  };
}

/** A row's movement on one side (debit or credit) within the range: a whole month's total, or its days in the range. */
function movementOf(side: "debit" | "credit", range: ReturnType<typeof splitRange>): SQL {
  const total = side === "debit" ? sql`b.debit_minor` : sql`b.credit_minor`;
  const days = side === "debit" ? "day_debits" : "day_credits";
  const cases = [
    sql`when b.period_start >= ${range.fullFrom}::date and b.period_start <= ${range.fullTo}::date then ${total}`,
    ...range.spans.map((span) => sql`when b.period_start = ${span.month}::date then ${sumOfDays(days, span.first, span.last)}`),
  ];
  return sql`case ${sql.join(cases, sql` `)} end`;
}

/**
 * Opening balance (everything before `from`) and the debits and credits within [from, to], per account, in
 * one statement over the monthly balance rows up to `to`: whole months from their totals, edge months from
 * their days.
 */
export async function summarise(tx: Tx, range: DateRange, scope: Scope = {}): Promise<Map<string, Movement>> {
  const split = splitRange(range);
  const before = split.before
    ? sql`when b.period_start = ${split.before.month}::date then ${sumOfDays("day_debits", split.before.first, split.before.last)} - ${sumOfDays("day_credits", split.before.first, split.before.last)}`
    : sql``;
  const rows = await queryRows<{ account_id: string; opening: string; debit: string; credit: string }>(
    tx,
    sql`select b.account_id,
          coalesce(sum(case when b.period_start < ${split.fromMonth}::date then b.debit_minor - b.credit_minor ${before} end), 0)::text as opening,
          coalesce(sum(${movementOf("debit", split)}), 0)::text as debit,
          coalesce(sum(${movementOf("credit", split)}), 0)::text as credit
        from ${monthRows(scope)} and b.period_start <= ${range.to}::date
        group by b.account_id`,
  );
  const result = new Map<string, Movement>();
  for (const row of rows) {
    result.set(row.account_id, { openingMinor: big(row.opening), debitMinor: big(row.debit), creditMinor: big(row.credit) });
  }
  return result;
}

/** The total of movements, over every account in a summary. */
export function totalOf(movements: Map<string, Movement>): Movement {
  const total: Movement = { openingMinor: 0n, debitMinor: 0n, creditMinor: 0n };
  for (const m of movements.values()) {
    total.openingMinor += m.openingMinor;
    total.debitMinor += m.debitMinor;
    total.creditMinor += m.creditMinor;
  }
  return total;
}

/** The lines in scope, aliased l (joined to their entry e for the ledger order). */
export function lineScopeFilter(scope: Scope): SQL {
  const filters: SQL[] = [];
  if (scope.accountId) filters.push(sql`l.account_id = ${scope.accountId}`);
  if (scope.party) filters.push(sql`${partyColumn(scope.party.kind)} = ${scope.party.id}`);
  return filters.length ? sql.join(filters, sql` and `) : sql`true`;
}

/**
 * The balance up to and including the line at `cursor`: the months before the cursor's month and that month's
 * days before the cursor's date from the balances, plus the lines of the cursor's own date up to it.
 */
export async function balanceThrough(tx: Tx, scope: Scope, cursor: LedgerCursor): Promise<bigint> {
  const month = monthStart(cursor.date);
  const daysBefore = dayOf(cursor.date) - 1;
  const row = await queryRow<{ balances: string; lines: string }>(
    tx,
    sql`select
          (select coalesce(sum(case when b.period_start < ${month}::date then b.debit_minor - b.credit_minor
                 else ${sumOfDays("day_debits", 1, daysBefore)} - ${sumOfDays("day_credits", 1, daysBefore)} end), 0)
             from ${monthRows(scope)} and b.period_start <= ${month}::date)::text as balances,
          (select coalesce(sum(l.debit_minor - l.credit_minor), 0)
             from journal_lines l join journal_entries e on e.tenant_id = l.tenant_id and e.id = l.entry_id
             where ${lineScopeFilter(scope)} and l.entry_date = ${cursor.date}::date
               and (e.number, l.line_no) <= (${cursor.number}::text, ${cursor.lineNo}::int))::text as lines`,
  );
  return big(row?.balances) + big(row?.lines);
}
