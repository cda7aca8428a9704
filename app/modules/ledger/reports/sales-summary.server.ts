import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { findParties } from "~/modules/parties/parties.server";
import { addMonths, monthStart } from "~/utils/dates";

export interface SalesSummary {
  /** The twelve months up to the month of `today`, oldest first: net sales (the sales account's credits less debits). */
  months: Array<{ month: string; amountMinor: bigint }>;
  thisMonthMinor: bigint;
  lastMonthMinor: bigint;
  sameMonthLastYearMinor: bigint;
  /** The customers charged most on receivable accounts over the twelve months (invoiced, tax included). */
  topCustomers: Array<{ partyId: string; name: string; chargedMinor: bigint }>;
}

/**
 * What the owner's dashboard shows of sales, read from the books' monthly balances (so it equals the ledger by
 * construction and costs months, not lines): sales per month for a year and the same month a year before, and
 * the top customers by what was charged to them.
 */
export async function salesSummary(tx: Tx, options: { today: string; topCustomers?: number }): Promise<SalesSummary> {
  const thisMonth = monthStart(options.today);
  const firstShown = addMonths(thisMonth, -11);
  const yearBefore = addMonths(thisMonth, -12);
  const rows = await queryRows<{ month: string; amount: string }>(
    tx,
    sql`select b.period_start::text as month, sum(b.credit_minor - b.debit_minor)::text as amount
      from account_balances b join accounts a on a.id = b.account_id
      where a.role = 'sales' and b.period_start >= ${yearBefore}::date and b.period_start <= ${thisMonth}::date
      group by b.period_start`,
  );
  const byMonth = new Map(rows.map((r) => [r.month.slice(0, 10), BigInt(r.amount)]));
  const months = Array.from({ length: 12 }, (_, i) => {
    const month = addMonths(firstShown, i);
    return { month, amountMinor: byMonth.get(month) ?? 0n };
  });
  const top = await queryRows<{ party_id: string; charged: string }>(
    tx,
    sql`select b.party_id, sum(b.debit_minor)::text as charged
      from party_balances b join accounts a on a.id = b.account_id
      where a.role = 'receivable' and b.party_kind = 'customer' and b.period_start >= ${firstShown}::date and b.period_start <= ${thisMonth}::date
      group by b.party_id having sum(b.debit_minor) > 0
      order by sum(b.debit_minor) desc, b.party_id limit ${options.topCustomers ?? 5}`,
  );
  // Only customers this member may see are named (a salesman's scope narrows the party directory).
  const names = new Map((await findParties(tx, top.map((t) => t.party_id))).map((p) => [p.id, p.name]));
  return {
    months,
    thisMonthMinor: byMonth.get(thisMonth) ?? 0n,
    lastMonthMinor: byMonth.get(addMonths(thisMonth, -1)) ?? 0n,
    sameMonthLastYearMinor: byMonth.get(yearBefore) ?? 0n,
    topCustomers: top.filter((t) => names.has(t.party_id)).map((t) => ({ partyId: t.party_id, name: names.get(t.party_id)!, chargedMinor: BigInt(t.charged) })),
  };
}
