import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import type { ExportTable } from "~/utils/export";
import { monthStart } from "~/utils/dates";
import { toDecimalString } from "~/utils/money";
import type { PartyKind } from "../schema";
import { checkDate } from "./filters";
import { big, partyColumn, sumOfDays } from "./movements.server";
import { organisationSettings } from "../posting.server";
import { partyDirectory } from "~/modules/parties/parties.server";

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
 * 1. The party's monthly movements come from party_balances, asOf's own month from that row's days up to
 *    asOf. This gives the outstanding balance and, walking the months back from asOf and summing the charges,
 *    the newest month M by which the charges cover the outstanding balance: the allocation cannot reach
 *    further back than M.
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
  const { currency } = await organisationSettings(tx);
  const asOfMonth = monthStart(asOf);
  const party = partyColumn(kind);
  // Customers owe debits (charges are debits); suppliers are owed credits (charges are credits).
  const charge = kind === "customer" ? sql`debit_minor` : sql`credit_minor`;
  const settle = kind === "customer" ? sql`credit_minor` : sql`debit_minor`;
  const chargeDays = kind === "customer" ? "day_debits" : "day_credits";
  const settleDays = kind === "customer" ? "day_credits" : "day_debits";
  const dayOfAsOf = Number(asOf.slice(8, 10));

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
        -- Per party, its charges and settlements by month up to asOf: whole months from their totals, asOf's
        -- own month from its days up to asOf.
        months as (
          select b.party_id, b.period_start,
                 case when b.period_start = ${asOfMonth}::date then ${sumOfDays(chargeDays, 1, dayOfAsOf)} else b.${charge} end as charge,
                 case when b.period_start = ${asOfMonth}::date then ${sumOfDays(settleDays, 1, dayOfAsOf)} else b.${settle} end as settle
          from party_balances b
          where b.party_kind = ${kind} and b.account_id = any(array(select id from kind_accounts)) and b.period_start <= ${asOfMonth}::date
        ),
        -- Per party and month, the charges of that month and every later one up to asOf's (a running sum from
        -- the newest month back; the months of several accounts are peers, so each counts whole).
        walked as (
          select m.party_id, m.period_start,
                 sum(m.charge - m.settle) over w as net_total,
                 sum(m.charge) over (w order by m.period_start desc) as charged_since
          from months m
          window w as (partition by m.party_id)
        ),
        -- The outstanding balance, and the newest month whose charges up to asOf cover it.
        windows as (
          select x.party_id, x.net_total as outstanding,
                 max(x.period_start) filter (where x.charged_since >= x.net_total) as window_start
          from walked x
          group by x.party_id, x.net_total
          having x.net_total <> 0
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
        left join ${partyDirectory(kind)} p on p.id = w.party_id`,
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

/** The aging for download: a row per party and a total row. */
export function agingTable(report: AgingReport): ExportTable<AgingTotals & { partyName: string }> {
  const amount = (minor: bigint) => toDecimalString(minor, report.currency);
  return {
    columns: [
      { header: "Party", value: (r) => r.partyName },
      { header: "Current", numeric: true, value: (r) => amount(r.currentMinor) },
      { header: "1-30 days", numeric: true, value: (r) => amount(r.days1to30Minor) },
      { header: "31-60 days", numeric: true, value: (r) => amount(r.days31to60Minor) },
      { header: "61-90 days", numeric: true, value: (r) => amount(r.days61to90Minor) },
      { header: "Over 90 days", numeric: true, value: (r) => amount(r.over90Minor) },
      { header: "Total", numeric: true, value: (r) => amount(r.totalMinor) },
    ],
    rows: [...report.rows, { partyName: "Total", ...report.totals }],
  };
}
