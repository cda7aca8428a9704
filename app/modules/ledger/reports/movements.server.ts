import { type SQL, sql } from "drizzle-orm";
import { queryRow, queryRows, type Tx } from "~/db.server";
import { addDays, addMonths, monthEnd, monthStart } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import type { Account } from "../accounts.server";
import type { AccountType, PartyKind } from "../schema";
import type { LedgerCursor } from "./cursor";
import type { DateRange } from "./filters";

/*
 * The movement source every report reads: balances, never a sum over journal lines.
 *
 * Posting keeps debit and credit movements per account (account_balances, account_day_balances) and per
 * account and party (party_balances, party_day_balances), per month and per day. A range [from, to] is its
 * whole months from the monthly rows plus its partial edge months from the daily rows; the balance before
 * `from` is the months before from's month plus that month's days before `from`. So a report reads at most
 * accounts (or parties) x (months + two months of days) rows, however long the range and however many lines
 * the books hold. Lines themselves are read only where they are shown: a ledger's page, the charges an aging
 * allocates.
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

export interface TenantSettings {
  currency: string;
  timeZone: string;
  locale: string;
}

export async function reportSettings(tx: Tx): Promise<TenantSettings> {
  const row = await queryRow<{ currency: string; time_zone: string; locale: string }>(
    tx,
    sql`select currency, time_zone, locale from tenants where id = app_tenant_id()`,
  );
  if (!row) throw new Error("reports need a tenant transaction (withTenant)");
  return { currency: row.currency, timeZone: row.time_zone, locale: row.locale };
}

export type AccountInfo = Pick<Account, "id" | "code" | "name" | "type" | "parentId" | "isGroup" | "partyKind">;

export async function chartOfAccounts(tx: Tx): Promise<AccountInfo[]> {
  const rows = await queryRows<{ id: string; code: string; name: string; type: AccountType; parent_id: string | null; is_group: boolean; party_kind: PartyKind | null }>(
    tx,
    sql`select id, code, name, type, parent_id, is_group, party_kind from accounts order by code`,
  );
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, type: r.type, parentId: r.parent_id, isGroup: r.is_group, partyKind: r.party_kind }));
}

export interface PartyInfo {
  id: string;
  name: string;
  kind: PartyKind;
}

export async function findParty(tx: Tx, partyId: string): Promise<PartyInfo | null> {
  if (!isUuid(partyId)) return null;
  const row = await queryRow<{ kind: PartyKind; name: string }>(
    tx,
    sql`select 'customer' as kind, name from customers where id = ${partyId}
        union all
        select 'supplier' as kind, name from suppliers where id = ${partyId}`,
  );
  return row ? { id: partyId, name: row.name, kind: row.kind } : null;
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

/**
 * The filters of the balance rows in scope, aliased `alias`, read from the account or the party table. Over the
 * whole ledger, daily rows are asked for every account of the chart at once (`= any(...)`), so each date range
 * is read from the index account by account instead of across all days.
 */
function balanceRows(scope: Scope, tables: { account: SQL; party: SQL }, alias: SQL, daily: boolean): { table: SQL; filters: SQL[] } {
  const filters: SQL[] = [];
  if (scope.party) filters.push(sql`${alias}.party_kind = ${scope.party.kind}`, sql`${alias}.party_id = ${scope.party.id}`);
  if (scope.accountId) filters.push(sql`${alias}.account_id = ${scope.accountId}`);
  if (daily && !scope.party && !scope.accountId) filters.push(sql`${alias}.account_id = any(array(select id from accounts))`);
  return { table: sql`${scope.party ? tables.party : tables.account} ${alias}`, filters };
}

/** The monthly balance rows in scope, aliased b, with a where clause to extend with `and`. */
function monthRows(scope: Scope): SQL {
  const { table, filters } = balanceRows(scope, { account: sql`account_balances`, party: sql`party_balances` }, sql`b`, false);
  return sql`${table} where ${filters.length ? sql.join(filters, sql` and `) : sql`true`}`;
}

/** The daily balance rows in scope dated within one of `ranges`, aliased d. */
function dayRows(scope: Scope, ranges: ReadonlyArray<readonly [string, string]>): SQL {
  const { table, filters } = balanceRows(scope, { account: sql`account_day_balances`, party: sql`party_day_balances` }, sql`d`, true);
  const dates = sql.join(
    ranges.map(([a, b]) => sql`(d.entry_date >= ${a}::date and d.entry_date <= ${b}::date)`),
    sql` or `,
  );
  return sql`${table} where ${sql.join([...filters, sql`(${dates})`], sql` and `)}`;
}

/**
 * How a range splits: its whole months (from the monthly rows) and the days of its partial months (from the
 * daily rows). `fullFrom`..`fullTo` are the first days of the first and last whole month; there are none when
 * fullFrom > fullTo.
 */
export function splitRange({ from, to }: DateRange): { fromMonth: string; fullFrom: string; fullTo: string; dayRanges: Array<[string, string]> } {
  const fromMonth = monthStart(from);
  const fullFrom = from === fromMonth ? fromMonth : addMonths(from, 1);
  const fullTo = to === monthEnd(to) ? monthStart(to) : addMonths(to, -1);
  const dayRanges: Array<[string, string]> = [];
  if (fullFrom > fullTo) {
    // No whole month: at most the days of two partial months, read from from's month on (its days before
    // `from` make up the opening).
    dayRanges.push([fromMonth, to]);
  } else {
    if (from !== fromMonth) dayRanges.push([fromMonth, monthEnd(from)]);
    if (to !== monthEnd(to)) dayRanges.push([monthStart(to), to]);
  }
  return { fromMonth, fullFrom, fullTo, dayRanges };
}

/**
 * Opening balance (everything before `from`) and the debits and credits within [from, to], per account, in
 * one statement over the balance tables: the monthly rows up to the last whole month, the daily rows of the
 * partial months at the edges.
 */
export async function summarise(tx: Tx, range: DateRange, scope: Scope = {}): Promise<Map<string, Movement>> {
  const { from, to } = range;
  const { fromMonth, fullFrom, fullTo, dayRanges } = splitRange(range);
  const days = dayRanges.length
    ? sql`union all
        select d.account_id,
          sum(d.debit_minor - d.credit_minor) filter (where d.entry_date < ${from}::date) as opening,
          sum(d.debit_minor) filter (where d.entry_date >= ${from}::date) as debit,
          sum(d.credit_minor) filter (where d.entry_date >= ${from}::date) as credit
        from ${dayRows(scope, dayRanges)}
        group by d.account_id`
    : sql``;
  const rows = await queryRows<{ account_id: string; opening: string; debit: string; credit: string }>(
    tx,
    sql`select s.account_id, coalesce(sum(s.opening), 0)::text as opening, coalesce(sum(s.debit), 0)::text as debit,
          coalesce(sum(s.credit), 0)::text as credit
        from (
          select b.account_id,
            sum(b.debit_minor - b.credit_minor) filter (where b.period_start < ${fromMonth}::date) as opening,
            sum(b.debit_minor) filter (where b.period_start >= ${fullFrom}::date and b.period_start <= ${fullTo}::date) as debit,
            sum(b.credit_minor) filter (where b.period_start >= ${fullFrom}::date and b.period_start <= ${fullTo}::date) as credit
          from ${monthRows(scope)} and b.period_start <= ${to}::date
          group by b.account_id
          ${days}
        ) s
        group by s.account_id`,
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
  const days = month < cursor.date ? sql`(select coalesce(sum(d.debit_minor - d.credit_minor), 0) from ${dayRows(scope, [[month, addDays(cursor.date, -1)]])})` : sql`0`;
  const row = await queryRow<{ months: string; days: string; lines: string }>(
    tx,
    sql`select
          (select coalesce(sum(b.debit_minor - b.credit_minor), 0) from ${monthRows(scope)} and b.period_start < ${month}::date)::text as months,
          ${days}::text as days,
          (select coalesce(sum(l.debit_minor - l.credit_minor), 0)
             from journal_lines l join journal_entries e on e.tenant_id = l.tenant_id and e.id = l.entry_id
             where ${lineScopeFilter(scope)} and l.entry_date = ${cursor.date}::date
               and (e.number, l.line_no) <= (${cursor.number}::text, ${cursor.lineNo}::int))::text as lines`,
  );
  return big(row?.months) + big(row?.days) + big(row?.lines);
}
