import { json } from "@remix-run/node";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRow, queryRows, type Tx } from "~/db.server";
import { type CsvColumn, csvDownloadRedirect, toCsv } from "~/utils/csv";
import { addMonths, isIsoDate, monthEnd, monthStart } from "~/utils/dates";
import { toDecimalString } from "~/utils/money";
import { notFound } from "~/utils/responses.server";
import { LedgerError } from "./errors";
import type { AccountType, PartyKind } from "./schema";

/*
 * Financial reports of the general ledger.
 *
 * Every report reads the balance tables (account_balances, party_balances: debit and credit movements per
 * account, and per account and party, per month) plus journal lines of the dates it shows only, so its cost
 * grows with accounts, parties and months, not with history:
 *
 * - the movements of a range [from, to] are the monthly movements of the whole months inside it plus the lines
 *   of the partial months at its edges (only those days);
 * - the balance before `from` is the monthly movements of the months before from's month plus, when `from` is
 *   mid-month, that month's movements minus the lines from `from` to the month's end (read anyway for the
 *   range);
 * - a balance at the end of a day (balance sheet, a page of a ledger) adds the lines of that day's month up to
 *   it to the months before: one month of lines at most;
 * - lines themselves are listed (ledgers) only within the range shown, a page at a time, and the aging reads
 *   only the months each party's outstanding balance spans (see agingReport).
 *
 * Amounts are bigint minor units. Balances are signed with debits positive; presentation in the natural sign
 * of an account type (income, liabilities and equity as positive credits) is `naturalSign`.
 */

export interface DateRange {
  from: string;
  to: string;
}

/** +1 for types whose balance is normally a debit (assets, expenses), -1 for credits (liabilities, equity, income). */
export function naturalSign(type: AccountType): 1n | -1n {
  return type === "asset" || type === "expense" ? 1n : -1n;
}

function big(value: unknown): bigint {
  return value === null || value === undefined ? 0n : BigInt(value as string);
}

import { isUuid } from "~/utils/ids";

export { isUuid };

function checkDate(value: string, field: string, label: string): string {
  if (typeof value !== "string" || !isIsoDate(value)) throw new LedgerError("invalid_date", `Enter the ${label} as a date, YYYY-MM-DD.`, field);
  return value;
}

/** Refuses a malformed range with a LedgerError (status 400), naming the field. */
export function checkRange(range: DateRange): DateRange {
  checkDate(range.from, "from", "start date");
  checkDate(range.to, "to", "end date");
  if (range.from > range.to) throw new LedgerError("invalid_date", "The start date must be on or before the end date.", "to");
  return range;
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

// ---------------------------------------------------------------------------------------------------------
// Movements over a range, from balances plus edge lines
// ---------------------------------------------------------------------------------------------------------

/** Which rows a summary covers: the whole ledger, one account, or one party (optionally on one account). */
interface Scope {
  accountId?: string;
  party?: { kind: PartyKind; id: string };
}

interface Movement {
  openingMinor: bigint;
  debitMinor: bigint;
  creditMinor: bigint;
}

function partyColumn(kind: PartyKind): SQL {
  return kind === "customer" ? sql`l.customer_id` : sql`l.supplier_id`;
}

/** The balance rows in scope, aliased b. */
function balanceSource(scope: Scope): SQL {
  const filters: SQL[] = [];
  let table = sql`account_balances b`;
  if (scope.party) {
    table = sql`party_balances b`;
    filters.push(sql`b.party_kind = ${scope.party.kind}`, sql`b.party_id = ${scope.party.id}`);
  }
  if (scope.accountId) filters.push(sql`b.account_id = ${scope.accountId}`);
  return filters.length ? sql`${table} where ${sql.join(filters, sql` and `)}` : sql`${table} where true`;
}

/**
 * The journal lines in scope whose entry date lies in one of `ranges`, aliased l, read through the index on
 * (account, entry date) or (party, entry date). Over the whole ledger that index is asked for every account of
 * the chart at once (`= any(...)`): one range per account in the index, then each table page visited once.
 */
function lineSource(scope: Scope, ranges: Array<[string, string]>): SQL {
  const filters: SQL[] = [];
  if (scope.accountId) filters.push(sql`l.account_id = ${scope.accountId}`);
  if (scope.party) filters.push(sql`${partyColumn(scope.party.kind)} = ${scope.party.id}`);
  if (filters.length === 0) filters.push(sql`l.account_id = any(array(select id from accounts))`);
  const dates = sql.join(
    ranges.map(([a, b]) => sql`(l.entry_date >= ${a}::date and l.entry_date <= ${b}::date)`),
    sql` or `,
  );
  return sql`journal_lines l where ${sql.join(filters, sql` and `)} and (${dates})`;
}

/**
 * Opening balance (everything before `from`) and the debits and credits within [from, to], per account.
 *
 * Whole months inside the range come from the balance table. A range starting mid-month reads the lines from
 * `from` to the end of that month: the part up to `to` is movement, and all of it is taken off that month's
 * balance row to give the opening. A range ending mid-month reads the lines from the first of `to`'s month to
 * `to`. So the lines read are those of the partial months at the edges, only from `from` on.
 */
async function summarise(tx: Tx, range: DateRange, scope: Scope = {}): Promise<Map<string, Movement>> {
  const { from, to } = range;
  const startMonth = monthStart(from);
  const fromPartial = from !== startMonth;
  const toPartial = to !== monthEnd(to);
  const firstFull = fromPartial ? addMonths(from, 1) : from;
  const lastFull = toPartial ? addMonths(to, -1) : monthStart(to);
  // Months before this one make up the opening (with from's own month when from is mid-month: see below).
  const openingBefore = fromPartial ? addMonths(from, 1) : from;

  const result = new Map<string, Movement>();
  const entry = (accountId: string) => {
    let movement = result.get(accountId);
    if (!movement) result.set(accountId, (movement = { openingMinor: 0n, debitMinor: 0n, creditMinor: 0n }));
    return movement;
  };

  const balances = await queryRows<{ account_id: string; opening: string; debit: string; credit: string }>(
    tx,
    sql`select b.account_id,
          coalesce(sum(b.debit_minor - b.credit_minor) filter (where b.period_start < ${openingBefore}::date), 0)::text as opening,
          coalesce(sum(b.debit_minor) filter (where b.period_start >= ${firstFull}::date and b.period_start <= ${lastFull}::date), 0)::text as debit,
          coalesce(sum(b.credit_minor) filter (where b.period_start >= ${firstFull}::date and b.period_start <= ${lastFull}::date), 0)::text as credit
        from ${balanceSource(scope)} and b.period_start <= ${to}::date
        group by b.account_id`,
  );
  for (const row of balances) {
    const movement = entry(row.account_id);
    movement.openingMinor += big(row.opening);
    movement.debitMinor += big(row.debit);
    movement.creditMinor += big(row.credit);
  }

  const ranges: Array<[string, string]> = [];
  const startEdgeEnd = monthEnd(from);
  if (fromPartial) ranges.push([from, startEdgeEnd]);
  if (toPartial && !(fromPartial && monthStart(to) === startMonth)) ranges.push([monthStart(to), to]);
  if (ranges.length === 0) return result;

  const lines = await queryRows<{ account_id: string; debit: string; credit: string; start_edge: string }>(
    tx,
    sql`select l.account_id,
          coalesce(sum(l.debit_minor) filter (where l.entry_date <= ${to}::date), 0)::text as debit,
          coalesce(sum(l.credit_minor) filter (where l.entry_date <= ${to}::date), 0)::text as credit,
          coalesce(sum(l.debit_minor - l.credit_minor) filter (where l.entry_date <= ${startEdgeEnd}::date), 0)::text as start_edge
        from ${lineSource(scope, ranges)}
        group by l.account_id`,
  );
  for (const row of lines) {
    const movement = entry(row.account_id);
    movement.debitMinor += big(row.debit);
    movement.creditMinor += big(row.credit);
    // The opening counted from's whole month; take off what was posted from `from` to that month's end.
    if (fromPartial) movement.openingMinor -= big(row.start_edge);
  }
  return result;
}

interface AccountInfo {
  id: string;
  code: string;
  name: string;
  type: AccountType;
  parentId: string | null;
  isGroup: boolean;
  partyKind: PartyKind | null;
}

async function chartOfAccounts(tx: Tx): Promise<AccountInfo[]> {
  const rows = await queryRows<{ id: string; code: string; name: string; type: AccountType; parent_id: string | null; is_group: boolean; party_kind: PartyKind | null }>(
    tx,
    sql`select id, code, name, type, parent_id, is_group, party_kind from accounts order by code`,
  );
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, type: r.type, parentId: r.parent_id, isGroup: r.is_group, partyKind: r.party_kind }));
}

// ---------------------------------------------------------------------------------------------------------
// Trial balance
// ---------------------------------------------------------------------------------------------------------

export interface TrialBalanceRow {
  accountId: string;
  code: string;
  name: string;
  type: AccountType;
  /** Signed, debit positive. */
  openingMinor: bigint;
  debitMinor: bigint;
  creditMinor: bigint;
  /** Signed, debit positive. */
  closingMinor: bigint;
}

export interface TrialBalance {
  currency: string;
  from: string;
  to: string;
  rows: TrialBalanceRow[];
  totals: { openingMinor: bigint; debitMinor: bigint; creditMinor: bigint; closingMinor: bigint };
}

/**
 * Opening balance before `from`, debits and credits within [from, to], and closing balance, for every account
 * with a balance or activity, ordered by code. The totals net to zero: opening and closing sum to zero and
 * debits equal credits, because every entry balances.
 */
export async function trialBalance(tx: Tx, range: { from: string; to: string }): Promise<TrialBalance> {
  const { from, to } = checkRange(range);
  const { currency } = await reportSettings(tx);
  const accountList = await chartOfAccounts(tx);
  const movements = await summarise(tx, { from, to });
  const rows: TrialBalanceRow[] = [];
  const totals = { openingMinor: 0n, debitMinor: 0n, creditMinor: 0n, closingMinor: 0n };
  for (const account of accountList) {
    const movement = movements.get(account.id);
    if (!movement) continue;
    const { openingMinor, debitMinor, creditMinor } = movement;
    if (openingMinor === 0n && debitMinor === 0n && creditMinor === 0n) continue;
    const closingMinor = openingMinor + debitMinor - creditMinor;
    rows.push({ accountId: account.id, code: account.code, name: account.name, type: account.type, openingMinor, debitMinor, creditMinor, closingMinor });
    totals.openingMinor += openingMinor;
    totals.debitMinor += debitMinor;
    totals.creditMinor += creditMinor;
    totals.closingMinor += closingMinor;
  }
  return { currency, from, to, rows, totals };
}

export function trialBalanceBalances(totals: TrialBalance["totals"]): boolean {
  return totals.openingMinor === 0n && totals.closingMinor === 0n && totals.debitMinor === totals.creditMinor;
}

// ---------------------------------------------------------------------------------------------------------
// Aging of receivables and payables
// ---------------------------------------------------------------------------------------------------------

export interface AgingRow {
  partyId: string;
  partyName: string;
  currentMinor: bigint;
  days1to30Minor: bigint;
  days31to60Minor: bigint;
  days61to90Minor: bigint;
  over90Minor: bigint;
  totalMinor: bigint;
}

export type AgingTotals = Omit<AgingRow, "partyId" | "partyName">;

export interface AgingReport {
  currency: string;
  asOf: string;
  rows: AgingRow[];
  totals: AgingTotals;
}

export const AGING_BUCKETS = ["currentMinor", "days1to30Minor", "days31to60Minor", "days61to90Minor", "over90Minor"] as const;

function emptyAging(): AgingTotals {
  return { currentMinor: 0n, days1to30Minor: 0n, days31to60Minor: 0n, days61to90Minor: 0n, over90Minor: 0n, totalMinor: 0n };
}

/**
 * What each customer (receivables) or supplier (payables) owes or is owed on `asOf`, aged by due date.
 *
 * The outstanding balance of a party is the sum of its movements on the accounts of that party kind
 * (accounts.party_kind) up to asOf: debits minus credits for customers, credits minus debits for suppliers.
 * Payments and credit notes are taken to settle the party's earliest charges first (first in, first out), so
 * what is outstanding is its most recent charges (customers: debit lines; suppliers: credit lines). The
 * outstanding amount is allocated to charges from the newest entry month backwards and, within a month, by due
 * date descending (then entry date, entry and line, descending); each allocated piece is aged by its own due
 * date: not yet due is current, then 1-30, 31-60, 61-90 and over 90 days past due. A negative outstanding
 * balance (a customer in credit, a supplier we have overpaid) is shown as a negative current amount.
 *
 * How little it reads (one statement):
 * 1. The party's monthly movements come from party_balances. asOf's own month is corrected by the lines of that
 *    month dated after asOf (usually none). This gives the outstanding balance and, walking the months back
 *    from asOf and summing the charges, the newest month M by which the charges cover the outstanding balance:
 *    the allocation cannot reach further back than M.
 * 2. Only the party's charge lines from M to asOf are read (through the party's index, party by party), and
 *    allocated; what the allocation does not place in the first four buckets is over 90 days.
 * So the cost grows with parties and months (balance rows) and with the lines of the months each party's
 * outstanding balance spans, never with older history.
 *
 * Why the oldest month reached is read line by line, rather than aged as a whole from its dates: a line's due
 * date is not bounded by its entry month (thirty- or ninety-day terms push it months later; nothing in the
 * schema even stops a due date earlier than the entry), so no month can be put into a bucket from its entry
 * dates alone. That is also why the order of allocation walks entry months rather than due dates across the
 * whole history: an order purely by due date could need any older month (one charge with long terms), and
 * proving it does not would mean reading the party's whole history.
 */
export async function agingReport(tx: Tx, options: { asOf: string; kind: "customer" | "supplier" }): Promise<AgingReport> {
  const asOf = checkDate(options.asOf, "asOf", "date");
  const kind: PartyKind = options.kind === "supplier" ? "supplier" : "customer";
  const { currency } = await reportSettings(tx);
  const asOfMonth = monthStart(asOf);
  const party = partyColumn(kind);
  // Customers owe debits (charges are debits); suppliers are owed credits (charges are credits).
  const charge = kind === "customer" ? sql`debit_minor` : sql`credit_minor`;
  const settle = kind === "customer" ? sql`credit_minor` : sql`debit_minor`;
  const partyTable = kind === "customer" ? sql`customers` : sql`suppliers`;

  const rows = await queryRows<{
    party_id: string;
    party_name: string | null;
    outstanding: string;
    not_due: string;
    d30: string;
    d60: string;
    d90: string;
  }>(
    tx,
    sql`with kind_accounts as (
          select id from accounts where party_kind = ${kind}
        ),
        -- Lines of asOf's month dated after asOf: that month's balance row counts them, the report must not.
        late as (
          select ${party} as party_id, sum(l.${charge}) as charge, sum(l.${charge} - l.${settle}) as net
          from journal_lines l
          where l.account_id = any(array(select id from kind_accounts)) and ${party} is not null
            and l.entry_date > ${asOf}::date and l.entry_date <= ${monthEnd(asOf)}::date
          group by 1
        ),
        -- Per party and month, the charges of that month and every later one up to asOf's (a running sum from
        -- the newest month back; the months of several accounts are peers, so each counts whole).
        walked as (
          select b.party_id, b.period_start,
                 sum(b.${charge} - b.${settle}) over w as net_total,
                 sum(b.${charge}) over (w order by b.period_start desc) as charged_since
          from party_balances b
          where b.party_kind = ${kind} and b.account_id = any(array(select id from kind_accounts)) and b.period_start <= ${asOfMonth}::date
          window w as (partition by b.party_id)
        ),
        -- The outstanding balance, and the newest month whose charges up to asOf cover it.
        windows as (
          select x.party_id, x.net_total - coalesce(late.net, 0) as outstanding,
                 max(x.period_start) filter (where x.charged_since - coalesce(late.charge, 0) >= x.net_total - coalesce(late.net, 0)) as window_start
          from walked x left join late on late.party_id = x.party_id
          group by x.party_id, x.net_total, late.net
          having x.net_total - coalesce(late.net, 0) <> 0
        ),
        -- The charges of those months only, newest first, each with what newer charges already took.
        charges as (
          select w.party_id, w.outstanding, ${asOf}::date - c.due_date as late_days, c.amount,
                 sum(c.amount) over (
                   partition by w.party_id
                   order by c.month desc, c.due_date desc, c.entry_date desc, c.entry_id desc, c.line_no desc
                   rows between unbounded preceding and current row
                 ) - c.amount as taken_before
          from windows w
          cross join lateral (
            select date_trunc('month', l.entry_date) as month, coalesce(l.due_date, l.entry_date) as due_date, l.entry_date,
                   l.entry_id, l.line_no, l.${charge} as amount
            from journal_lines l
            where ${party} = w.party_id and l.entry_date >= w.window_start and l.entry_date <= ${asOf}::date
              and l.account_id = any(array(select id from kind_accounts)) and l.${charge} > 0
            offset 0 -- keeps the lookup per party (through its index); joined, the planner may read every charge
          ) c
          where w.outstanding > 0
        ),
        buckets as (
          select party_id,
                 sum(least(amount, outstanding - taken_before)) filter (where late_days <= 0) as not_due,
                 sum(least(amount, outstanding - taken_before)) filter (where late_days between 1 and 30) as d30,
                 sum(least(amount, outstanding - taken_before)) filter (where late_days between 31 and 60) as d60,
                 sum(least(amount, outstanding - taken_before)) filter (where late_days between 61 and 90) as d90
          from charges
          where taken_before < outstanding
          group by party_id
        )
        select w.party_id::text as party_id, p.name as party_name, w.outstanding::text as outstanding,
               coalesce(b.not_due, 0)::text as not_due, coalesce(b.d30, 0)::text as d30, coalesce(b.d60, 0)::text as d60,
               coalesce(b.d90, 0)::text as d90
        from windows w
        left join buckets b on b.party_id = w.party_id
        left join ${partyTable} p on p.id = w.party_id`,
  );

  const result: AgingRow[] = [];
  const totals = emptyAging();
  for (const r of rows) {
    const outstanding = big(r.outstanding);
    const row: AgingRow = { partyId: r.party_id, partyName: r.party_name ?? "(not visible)", ...emptyAging(), totalMinor: outstanding };
    if (outstanding < 0n) {
      row.currentMinor = outstanding;
    } else {
      row.currentMinor = big(r.not_due);
      row.days1to30Minor = big(r.d30);
      row.days31to60Minor = big(r.d60);
      row.days61to90Minor = big(r.d90);
      // The balances and the lines are written in one transaction, so the charges read always cover the
      // outstanding amount; should they not, the total still equals the balance and the rest counts as oldest.
      row.over90Minor = outstanding - row.currentMinor - row.days1to30Minor - row.days31to60Minor - row.days61to90Minor;
    }
    for (const key of [...AGING_BUCKETS, "totalMinor"] as const) totals[key] += row[key];
    result.push(row);
  }
  result.sort((a, b) => a.partyName.localeCompare(b.partyName) || (a.partyId < b.partyId ? -1 : 1));
  return { currency, asOf, rows: result, totals };
}

// ---------------------------------------------------------------------------------------------------------
// General ledger and party ledger: lines with a running balance, paged by keyset
// ---------------------------------------------------------------------------------------------------------

export const LEDGER_PAGE_SIZE = 100;

export interface LedgerLine {
  entryId: string;
  entryNumber: string;
  entryDate: string;
  lineNo: number;
  memo: string;
  description: string | null;
  accountId: string;
  accountCode: string;
  accountName: string;
  partyId: string | null;
  partyName: string | null;
  partyKind: PartyKind | null;
  debitMinor: bigint;
  creditMinor: bigint;
  /** The balance after this line, signed with debits positive. */
  balanceMinor: bigint;
}

export interface LedgerPage {
  currency: string;
  from: string;
  to: string;
  /** Balance before `from`, debits and credits within the range, balance at the end of `to`; debit positive. */
  openingMinor: bigint;
  debitMinor: bigint;
  creditMinor: bigint;
  closingMinor: bigint;
  /** The balance before the first line of this page (the opening balance on the first page). */
  pageOpeningMinor: bigint;
  lines: LedgerLine[];
  /** Where the next page starts, or null on the last page. */
  nextCursor: string | null;
  /** Whether this page is the first of the range. */
  firstPage: boolean;
}

/** The position of a line in ledger order: entry date, entry number, line number. */
interface Cursor {
  date: string;
  number: string;
  lineNo: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.date, cursor.number, cursor.lineNo]), "utf8").toString("base64url");
}

/** The cursor of a "next page" link; anything malformed reads as none (the first page). */
export function decodeCursor(value: string | null | undefined): Cursor | null {
  if (!value || value.length > 200) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [date, number, lineNo] = parsed as unknown[];
    if (typeof date !== "string" || !isIsoDate(date) || typeof number !== "string" || number.length > 100) return null;
    if (typeof lineNo !== "number" || !Number.isInteger(lineNo) || lineNo < 0 || lineNo > 1_000_000) return null;
    return { date, number, lineNo };
  } catch {
    return null;
  }
}

function lineScopeFilter(scope: Scope): SQL {
  const filters: SQL[] = [];
  if (scope.accountId) filters.push(sql`l.account_id = ${scope.accountId}`);
  if (scope.party) filters.push(sql`${partyColumn(scope.party.kind)} = ${scope.party.id}`);
  return filters.length ? sql.join(filters, sql` and `) : sql`true`;
}

/**
 * The balance up to and including the line at `cursor`: the monthly movements of every month before the
 * cursor's month, plus the lines of that month up to the cursor. One month of lines at most.
 */
async function balanceThrough(tx: Tx, scope: Scope, cursor: Cursor): Promise<bigint> {
  const month = monthStart(cursor.date);
  const row = await queryRow<{ months: string; lines: string }>(
    tx,
    sql`select
          (select coalesce(sum(b.debit_minor - b.credit_minor), 0) from ${balanceSource(scope)} and b.period_start < ${month}::date)::text as months,
          (select coalesce(sum(l.debit_minor - l.credit_minor), 0)
             from journal_lines l join journal_entries e on e.tenant_id = l.tenant_id and e.id = l.entry_id
             where ${lineScopeFilter(scope)} and l.entry_date >= ${month}::date and l.entry_date <= ${cursor.date}::date
               and (l.entry_date, e.number, l.line_no) <= (${cursor.date}::date, ${cursor.number}::text, ${cursor.lineNo}::int))::text as lines`,
  );
  return big(row?.months) + big(row?.lines);
}

async function ledgerPage(
  tx: Tx,
  scope: Scope,
  range: DateRange,
  options: { cursor?: string | null; pageSize?: number | null },
): Promise<{ page: LedgerPage; movements: Map<string, Movement> }> {
  const { from, to } = range;
  const { currency } = await reportSettings(tx);
  const movements = await summarise(tx, range, scope);
  let openingMinor = 0n;
  let debitMinor = 0n;
  let creditMinor = 0n;
  for (const m of movements.values()) {
    openingMinor += m.openingMinor;
    debitMinor += m.debitMinor;
    creditMinor += m.creditMinor;
  }
  let cursor = decodeCursor(options.cursor);
  if (cursor && cursor.date < from) cursor = null;
  const pageSize = options.pageSize === null ? null : Math.max(1, Math.min(options.pageSize ?? LEDGER_PAGE_SIZE, 5000));
  const pageOpeningMinor = cursor ? await balanceThrough(tx, scope, cursor) : openingMinor;

  const rows = await queryRows<{
    entry_id: string;
    number: string;
    entry_date: string;
    line_no: number;
    memo: string;
    description: string | null;
    debit: string;
    credit: string;
    account_id: string;
    account_code: string;
    account_name: string;
    customer_id: string | null;
    supplier_id: string | null;
    party_name: string | null;
  }>(
    tx,
    sql`select l.entry_id, e.number, l.entry_date::text as entry_date, l.line_no, e.memo, l.description,
          l.debit_minor::text as debit, l.credit_minor::text as credit,
          l.account_id, a.code as account_code, a.name as account_name,
          l.customer_id, l.supplier_id,
          case when l.customer_id is not null then (select c.name from customers c where c.id = l.customer_id)
               when l.supplier_id is not null then (select s.name from suppliers s where s.id = l.supplier_id) end as party_name
        from journal_lines l
        join journal_entries e on e.tenant_id = l.tenant_id and e.id = l.entry_id
        join accounts a on a.tenant_id = l.tenant_id and a.id = l.account_id
        where ${lineScopeFilter(scope)}
          and l.entry_date >= ${from}::date and l.entry_date <= ${to}::date
          ${cursor ? sql`and l.entry_date >= ${cursor.date}::date and (l.entry_date, e.number, l.line_no) > (${cursor.date}::date, ${cursor.number}::text, ${cursor.lineNo}::int)` : sql``}
        order by l.entry_date, e.number, l.line_no
        ${pageSize === null ? sql`` : sql`limit ${pageSize + 1}`}`,
  );
  const more = pageSize !== null && rows.length > pageSize;
  const pageRows = more ? rows.slice(0, pageSize!) : rows;
  let balance = pageOpeningMinor;
  const lines: LedgerLine[] = pageRows.map((r) => {
    const debit = big(r.debit);
    const credit = big(r.credit);
    balance += debit - credit;
    return {
      entryId: r.entry_id,
      entryNumber: r.number,
      entryDate: r.entry_date,
      lineNo: Number(r.line_no),
      memo: r.memo,
      description: r.description,
      accountId: r.account_id,
      accountCode: r.account_code,
      accountName: r.account_name,
      partyId: r.customer_id ?? r.supplier_id,
      partyName: r.customer_id || r.supplier_id ? (r.party_name ?? "(not visible)") : null,
      partyKind: r.customer_id ? "customer" : r.supplier_id ? "supplier" : null,
      debitMinor: debit,
      creditMinor: credit,
      balanceMinor: balance,
    };
  });
  const last = lines.at(-1);
  return {
    movements,
    page: {
      currency,
      from,
      to,
      openingMinor,
      debitMinor,
      creditMinor,
      closingMinor: openingMinor + debitMinor - creditMinor,
      pageOpeningMinor,
      lines,
      nextCursor: more && last ? encodeCursor({ date: last.entryDate, number: last.entryNumber, lineNo: last.lineNo }) : null,
      firstPage: cursor === null,
    },
  };
}

export interface LedgerOptions extends DateRange {
  /** From a previous page's nextCursor. */
  cursor?: string | null;
  /** Lines per page (at most 5000); null for every line of the range (exports). */
  pageSize?: number | null;
}

export interface GeneralLedger extends LedgerPage {
  account: { id: string; code: string; name: string; type: AccountType; isGroup: boolean };
}

/** Every line of one account over a range with its running balance, between the opening and closing balances. */
export async function generalLedger(tx: Tx, options: LedgerOptions & { accountId: string }): Promise<GeneralLedger> {
  const range = checkRange(options);
  const account = isUuid(options.accountId) ? (await chartOfAccounts(tx)).find((a) => a.id === options.accountId) : undefined;
  if (!account) throw new LedgerError("unknown_account", "That account does not exist in this organisation.", "account");
  const { page } = await ledgerPage(tx, { accountId: account.id }, range, options);
  return { ...page, account: { id: account.id, code: account.code, name: account.name, type: account.type, isGroup: account.isGroup } };
}

export interface PartyAccountSummary extends Movement {
  accountId: string;
  code: string;
  name: string;
  closingMinor: bigint;
}

export interface PartyLedger extends LedgerPage {
  party: { id: string; name: string; kind: PartyKind };
  /** The party's opening, movements and closing on each account it appears on. */
  accounts: PartyAccountSummary[];
}

export async function findParty(tx: Tx, partyId: string): Promise<{ id: string; name: string; kind: PartyKind } | null> {
  if (!isUuid(partyId)) return null;
  const row = await queryRow<{ kind: PartyKind; name: string }>(
    tx,
    sql`select 'customer' as kind, name from customers where id = ${partyId}
        union all
        select 'supplier' as kind, name from suppliers where id = ${partyId}`,
  );
  return row ? { id: partyId, name: row.name, kind: row.kind } : null;
}

/** A customer's or supplier's statement: its lines on every account over a range, with a running balance. */
export async function partyLedger(tx: Tx, options: LedgerOptions & { partyId: string }): Promise<PartyLedger> {
  const range = checkRange(options);
  const party = await findParty(tx, options.partyId);
  if (!party) throw new LedgerError("unknown_party", "That customer or supplier does not exist in this organisation.", "party");
  const { page, movements } = await ledgerPage(tx, { party: { kind: party.kind, id: party.id } }, range, options);
  const chart = await chartOfAccounts(tx);
  const accountSummaries: PartyAccountSummary[] = [];
  for (const account of chart) {
    const m = movements.get(account.id);
    if (!m || (m.openingMinor === 0n && m.debitMinor === 0n && m.creditMinor === 0n)) continue;
    accountSummaries.push({ accountId: account.id, code: account.code, name: account.name, ...m, closingMinor: m.openingMinor + m.debitMinor - m.creditMinor });
  }
  return { ...page, party, accounts: accountSummaries };
}

// ---------------------------------------------------------------------------------------------------------
// Profit and loss, balance sheet: amounts in natural sign, grouped by the account tree
// ---------------------------------------------------------------------------------------------------------

export interface StatementLine {
  /** heading: a group's name before its accounts; total: the group's subtotal after them. */
  kind: "heading" | "account" | "total" | "computed";
  accountId: string | null;
  code: string | null;
  name: string;
  depth: number;
  /** Natural sign of the section (income, liabilities, equity as positive credits); null for headings. */
  amountMinor: bigint | null;
}

export interface StatementSection {
  title: string;
  lines: StatementLine[];
  totalMinor: bigint;
}

/**
 * The accounts of `types` as a tree (accounts.parent_id) with each group's subtotal, leaving out branches whose
 * amounts are all zero. `amounts` are natural-sign amounts per account.
 */
function statementSection(chart: AccountInfo[], types: AccountType[], amounts: Map<string, bigint>, title: string): StatementSection {
  const inSection = chart.filter((a) => types.includes(a.type));
  const ids = new Set(inSection.map((a) => a.id));
  const children = new Map<string | null, AccountInfo[]>();
  for (const account of inSection) {
    const parent = account.parentId && ids.has(account.parentId) ? account.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), account]);
  }
  const subtotal = new Map<string, bigint>();
  const nonZero = new Map<string, boolean>();
  const visit = (account: AccountInfo, seen: Set<string>): void => {
    if (seen.has(account.id)) return;
    seen.add(account.id);
    let total = amounts.get(account.id) ?? 0n;
    let any = total !== 0n;
    for (const child of children.get(account.id) ?? []) {
      visit(child, seen);
      total += subtotal.get(child.id) ?? 0n;
      any ||= nonZero.get(child.id) ?? false;
    }
    subtotal.set(account.id, total);
    nonZero.set(account.id, any);
  };
  const roots = children.get(null) ?? [];
  const seen = new Set<string>();
  for (const root of roots) visit(root, seen);

  const lines: StatementLine[] = [];
  const emit = (account: AccountInfo, depth: number) => {
    if (!nonZero.get(account.id)) return;
    const own = amounts.get(account.id) ?? 0n;
    const kids = (children.get(account.id) ?? []).filter((c) => nonZero.get(c.id));
    if (!account.isGroup && kids.length === 0) {
      lines.push({ kind: "account", accountId: account.id, code: account.code, name: account.name, depth, amountMinor: own });
      return;
    }
    lines.push({ kind: "heading", accountId: account.id, code: account.code, name: account.name, depth, amountMinor: null });
    if (own !== 0n) lines.push({ kind: "account", accountId: account.id, code: account.code, name: `${account.name} (posted to the group)`, depth: depth + 1, amountMinor: own });
    for (const child of kids) emit(child, depth + 1);
    lines.push({ kind: "total", accountId: account.id, code: account.code, name: `Total ${account.name}`, depth, amountMinor: subtotal.get(account.id) ?? 0n });
  };
  for (const root of roots) {
    // A top group named like the section ("Income" in Income) would only repeat the section's heading and total.
    if (root.isGroup && root.name.toLowerCase() === title.toLowerCase() && (amounts.get(root.id) ?? 0n) === 0n) {
      for (const child of children.get(root.id) ?? []) emit(child, 0);
    } else {
      emit(root, 0);
    }
  }
  const totalMinor = roots.reduce((sum, root) => sum + (subtotal.get(root.id) ?? 0n), 0n);
  return { title, lines, totalMinor };
}

export interface ProfitAndLoss {
  currency: string;
  from: string;
  to: string;
  income: StatementSection;
  expenses: StatementSection;
  totalIncomeMinor: bigint;
  totalExpensesMinor: bigint;
  netProfitMinor: bigint;
}

/** Income and expenses over a range (income as positive credits, expenses as positive debits) and the net profit. */
export async function profitAndLoss(tx: Tx, range: { from: string; to: string }): Promise<ProfitAndLoss> {
  const { from, to } = checkRange(range);
  const { currency } = await reportSettings(tx);
  const chart = await chartOfAccounts(tx);
  const movements = await summarise(tx, { from, to });
  const amounts = new Map<string, bigint>();
  for (const account of chart) {
    const m = movements.get(account.id);
    if (m) amounts.set(account.id, naturalSign(account.type) * (m.debitMinor - m.creditMinor));
  }
  const income = statementSection(chart, ["income"], amounts, "Income");
  const expenses = statementSection(chart, ["expense"], amounts, "Expenses");
  return {
    currency,
    from,
    to,
    income,
    expenses,
    totalIncomeMinor: income.totalMinor,
    totalExpensesMinor: expenses.totalMinor,
    netProfitMinor: income.totalMinor - expenses.totalMinor,
  };
}

export interface BalanceSheet {
  currency: string;
  asOf: string;
  assets: StatementSection;
  liabilities: StatementSection;
  /** Equity accounts plus the computed "Earnings not yet closed" line. */
  equity: StatementSection;
  /** Cumulative income minus expenses up to asOf: there is no year-end closing yet. */
  earningsMinor: bigint;
  totalAssetsMinor: bigint;
  totalLiabilitiesMinor: bigint;
  totalEquityMinor: bigint;
  /** Assets minus liabilities and equity: always zero in balanced books. */
  differenceMinor: bigint;
}

export const EARNINGS_LINE = "Earnings not yet closed";

/** Cumulative balances at the end of `asOf`, grouped by the account tree, in natural sign. */
export async function balanceSheet(tx: Tx, options: { asOf: string }): Promise<BalanceSheet> {
  const asOf = checkDate(options.asOf, "asOf", "date");
  const { currency } = await reportSettings(tx);
  const chart = await chartOfAccounts(tx);
  // The balance at the end of asOf: the months before asOf's month, plus that month up to asOf.
  const movements = await summarise(tx, { from: monthStart(asOf), to: asOf });
  const amounts = new Map<string, bigint>();
  let earningsMinor = 0n;
  for (const account of chart) {
    const m = movements.get(account.id);
    if (!m) continue;
    const closing = m.openingMinor + m.debitMinor - m.creditMinor;
    if (account.type === "income" || account.type === "expense") earningsMinor -= closing;
    else amounts.set(account.id, naturalSign(account.type) * closing);
  }
  const assets = statementSection(chart, ["asset"], amounts, "Assets");
  const liabilities = statementSection(chart, ["liability"], amounts, "Liabilities");
  const equityAccounts = statementSection(chart, ["equity"], amounts, "Equity");
  const equity: StatementSection = {
    title: "Equity",
    lines: [...equityAccounts.lines, { kind: "computed", accountId: null, code: null, name: EARNINGS_LINE, depth: 0, amountMinor: earningsMinor }],
    totalMinor: equityAccounts.totalMinor + earningsMinor,
  };
  return {
    currency,
    asOf,
    assets,
    liabilities,
    equity,
    earningsMinor,
    totalAssetsMinor: assets.totalMinor,
    totalLiabilitiesMinor: liabilities.totalMinor,
    totalEquityMinor: equity.totalMinor,
    differenceMinor: assets.totalMinor - liabilities.totalMinor - equity.totalMinor,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Filters, errors and exports for the report pages
// ---------------------------------------------------------------------------------------------------------

export type FilterValues = Record<string, string>;
export type FilterResult<T> = { ok: true; filter: T; values: FilterValues } | { ok: false; errors: Record<string, string>; values: FilterValues };

const dateField = (label: string) =>
  z
    .string()
    .trim()
    .max(20, `Enter the ${label} as a date, YYYY-MM-DD.`)
    .refine((value) => value === "" || isIsoDate(value), `Enter the ${label} as a date, YYYY-MM-DD.`)
    .optional();

const idField = z.string().trim().max(100).optional();

/** The report filter form (a GET form): one schema for every report, each using the fields it shows. */
export const reportFilterSchema = z.object({
  from: dateField("start date"),
  to: dateField("end date"),
  asOf: dateField("date"),
  account: idField,
  party: idField,
  kind: z.enum(["customer", "supplier"]).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});

export interface ReportFilter {
  from: string;
  to: string;
  asOf: string;
  account: string;
  party: string;
  kind: "customer" | "supplier";
  cursor: string | null;
}

/**
 * Reads a report's query string. Empty dates take the defaults: from the first of January of the current year
 * to today, in the organisation's time zone (`today`); as of today. The values to show in the form are returned
 * either way; a malformed date or a range ending before it starts is an error beside its field.
 */
export function readReportFilter(searchParams: URLSearchParams, today: string): FilterResult<ReportFilter> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(reportFilterSchema.shape)) {
    const value = searchParams.get(key);
    if (value !== null) raw[key] = value;
  }
  const parsed = reportFilterSchema.safeParse(raw);
  const values: FilterValues = {
    from: raw.from?.trim() || `${today.slice(0, 4)}-01-01`,
    to: raw.to?.trim() || today,
    asOf: raw.asOf?.trim() || today,
    account: raw.account?.trim() ?? "",
    party: raw.party?.trim() ?? "",
    kind: raw.kind === "supplier" ? "supplier" : "customer",
  };
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  } else if (values.from > values.to) {
    errors.to = "The end date must be on or after the start date.";
  }
  if (Object.keys(errors).length) return { ok: false, errors, values };
  const filter: ReportFilter = {
    from: values.from,
    to: values.to,
    asOf: values.asOf,
    account: values.account,
    party: values.party,
    kind: values.kind as "customer" | "supplier",
    cursor: parsed.success ? (parsed.data.cursor ?? null) : null,
  };
  return { ok: true, filter, values };
}

/**
 * A report loader's first step: the filter of its query string, whether a CSV is asked for, and (for a valid CSV
 * request not yet redirected) the redirect that downloads it, which the loader returns as is.
 */
export function readReportRequest(url: URL, today: string, routeId: string) {
  const csv = url.searchParams.get("format") === "csv";
  const read = readReportFilter(url.searchParams, today);
  const hop = read.ok && csv ? csvDownloadRedirect(url, routeId) : null;
  return { csv, read, hop };
}

/** The 400 answer of a report page whose filter is malformed: the values and an error per field. */
export function filterRefusal(read: { errors: Record<string, string>; values: FilterValues }) {
  return json({ ok: false as const, errors: read.errors, values: read.values }, { status: 400 });
}

/** A report's answer to a refusal: another organisation's (or no) account or party is a 404, bad input a 400. */
export function reportFailure(error: unknown): never {
  if (error instanceof LedgerError) {
    if (error.rule === "unknown_account" || error.rule === "unknown_party") throw notFound(error.message);
    throw json({ message: error.message }, { status: error.status });
  }
  throw error;
}

/** bigint amounts as strings of minor units, for JSON. */
export type Serialised<T> = T extends bigint
  ? string
  : T extends Array<infer U>
    ? Serialised<U>[]
    : T extends object
      ? { [K in keyof T]: Serialised<T[K]> }
      : T;

export function serialise<T>(value: T): Serialised<T> {
  if (typeof value === "bigint") return value.toString() as Serialised<T>;
  if (Array.isArray(value)) return value.map((item) => serialise(item)) as Serialised<T>;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = serialise(item);
    return out as Serialised<T>;
  }
  return value as Serialised<T>;
}

const ACCOUNT_TYPE_LABELS: Record<AccountType, string> = { asset: "Asset", liability: "Liability", equity: "Equity", income: "Income", expense: "Expense" };

export function trialBalanceCsv(report: TrialBalance): string {
  const amount = (minor: bigint) => toDecimalString(minor, report.currency);
  type Row = { code: string; name: string; type: string; opening: bigint; debit: bigint; credit: bigint; closing: bigint };
  const rows: Row[] = report.rows.map((r) => ({
    code: r.code,
    name: r.name,
    type: ACCOUNT_TYPE_LABELS[r.type],
    opening: r.openingMinor,
    debit: r.debitMinor,
    credit: r.creditMinor,
    closing: r.closingMinor,
  }));
  rows.push({ code: "", name: "Total", type: "", opening: report.totals.openingMinor, debit: report.totals.debitMinor, credit: report.totals.creditMinor, closing: report.totals.closingMinor });
  return toCsv<Row>(
    [
      { header: "Code", value: (r) => r.code },
      { header: "Account", value: (r) => r.name },
      { header: "Type", value: (r) => r.type },
      { header: `Opening ${report.from} (debit positive)`, numeric: true, value: (r) => amount(r.opening) },
      { header: "Debit", numeric: true, value: (r) => amount(r.debit) },
      { header: "Credit", numeric: true, value: (r) => amount(r.credit) },
      { header: `Closing ${report.to} (debit positive)`, numeric: true, value: (r) => amount(r.closing) },
    ],
    rows,
  );
}

function ledgerCsv(page: LedgerPage, sign: 1n | -1n, withAccount: boolean): string {
  const amount = (minor: bigint | null) => (minor === null ? "" : toDecimalString(minor, page.currency));
  type Row = { date: string; entry: string; account: string; memo: string; description: string; party: string; debit: bigint | null; credit: bigint | null; balance: bigint };
  const rows: Row[] = [
    { date: page.from, entry: "", account: "", memo: "Opening balance", description: "", party: "", debit: null, credit: null, balance: page.openingMinor },
    ...page.lines.map((l) => ({
      date: l.entryDate,
      entry: l.entryNumber,
      account: `${l.accountCode} ${l.accountName}`,
      memo: l.memo,
      description: l.description ?? "",
      party: l.partyName ?? "",
      debit: l.debitMinor,
      credit: l.creditMinor,
      balance: l.balanceMinor,
    })),
    { date: page.to, entry: "", account: "", memo: "Closing balance", description: "", party: "", debit: page.debitMinor, credit: page.creditMinor, balance: page.closingMinor },
  ];
  const columns: Array<CsvColumn<Row>> = [
    { header: "Date", value: (r) => r.date },
    { header: "Entry", value: (r) => r.entry },
    ...(withAccount ? [{ header: "Account", value: (r: Row) => r.account }] : []),
    { header: "Memo", value: (r) => r.memo },
    { header: "Description", value: (r) => r.description },
    ...(withAccount ? [] : [{ header: "Party", value: (r: Row) => r.party }]),
    { header: "Debit", numeric: true, value: (r) => amount(r.debit) },
    { header: "Credit", numeric: true, value: (r) => amount(r.credit) },
    { header: sign === 1n ? "Balance (debit positive)" : "Balance (credit positive)", numeric: true, value: (r) => amount(sign * r.balance) },
  ];
  return toCsv(columns, rows);
}

/** Every line of the range (ask generalLedger with pageSize null), balances in the account's natural sign. */
export function generalLedgerCsv(report: GeneralLedger): string {
  return ledgerCsv(report, naturalSign(report.account.type), false);
}

/** Balances as the party sees them: what a customer owes (debit positive), what we owe a supplier (credit positive). */
export function partyLedgerCsv(report: PartyLedger): string {
  return ledgerCsv(report, partySign(report.party.kind), true);
}

export function partySign(kind: PartyKind): 1n | -1n {
  return kind === "customer" ? 1n : -1n;
}

export function agingCsv(report: AgingReport): string {
  const amount = (minor: bigint) => toDecimalString(minor, report.currency);
  const rows: Array<AgingTotals & { partyName: string }> = [...report.rows, { partyName: "Total", ...report.totals }];
  return toCsv(
    [
      { header: "Party", value: (r) => r.partyName },
      { header: "Current", numeric: true, value: (r) => amount(r.currentMinor) },
      { header: "1-30 days", numeric: true, value: (r) => amount(r.days1to30Minor) },
      { header: "31-60 days", numeric: true, value: (r) => amount(r.days31to60Minor) },
      { header: "61-90 days", numeric: true, value: (r) => amount(r.days61to90Minor) },
      { header: "Over 90 days", numeric: true, value: (r) => amount(r.over90Minor) },
      { header: "Total", numeric: true, value: (r) => amount(r.totalMinor) },
    ],
    rows,
  );
}

type StatementCsvRow = { section: string; code: string; name: string; amount: bigint | null };

function statementRows(section: StatementSection): StatementCsvRow[] {
  return [
    ...section.lines.map((l) => ({ section: section.title, code: l.code ?? "", name: `${"  ".repeat(l.depth)}${l.name}`, amount: l.amountMinor })),
    { section: section.title, code: "", name: `Total ${section.title.toLowerCase()}`, amount: section.totalMinor },
  ];
}

function statementCsv(rows: StatementCsvRow[], currency: string): string {
  return toCsv(
    [
      { header: "Section", value: (r) => r.section },
      { header: "Code", value: (r) => r.code },
      { header: "Account", value: (r) => r.name },
      { header: "Amount", numeric: true, value: (r) => (r.amount === null ? "" : toDecimalString(r.amount, currency)) },
    ],
    rows,
  );
}

export function profitAndLossCsv(report: ProfitAndLoss): string {
  return statementCsv(
    [...statementRows(report.income), ...statementRows(report.expenses), { section: "", code: "", name: "Net profit", amount: report.netProfitMinor }],
    report.currency,
  );
}

export function balanceSheetCsv(report: BalanceSheet): string {
  return statementCsv(
    [
      ...statementRows(report.assets),
      ...statementRows(report.liabilities),
      ...statementRows(report.equity),
      { section: "", code: "", name: "Total liabilities and equity", amount: report.totalLiabilitiesMinor + report.totalEquityMinor },
      { section: "", code: "", name: "Difference", amount: report.differenceMinor },
    ],
    report.currency,
  );
}

/** Moved to ~/utils/csv; kept here for routes that import it from the reports. */
export { csvDownloadRedirect } from "~/utils/csv";

export function reportFilename(name: string, ...dates: string[]): string {
  return `${[name, ...dates].join("_")}.csv`;
}
