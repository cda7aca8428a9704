import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { findParties } from "~/modules/parties/parties.server";
import { addMonths, monthStart } from "~/utils/dates";
import { settledSql } from "./payments.server";

export interface SalesFigures {
  /** Net sales (posted invoices less posted credit notes, before tax) per month for twelve months up to `today`'s. */
  months: Array<{ month: string; amountMinor: bigint }>;
  thisMonthMinor: bigint;
  lastMonthMinor: bigint;
  sameMonthLastYearMinor: bigint;
  /** What the customers still owe on posted invoices: not yet due, and past due. */
  notDueMinor: bigint;
  overdueMinor: bigint;
  topCustomers: Array<{ customerId: string; name: string; netMinor: bigint }>;
}

/**
 * The sales dashboard's figures from the sales documents themselves, so that they obey the salesman's scope:
 * row-level security leaves him only his customers' documents, and these sums are over what he sees.
 */
export async function salesFigures(tx: Tx, options: { today: string }): Promise<SalesFigures> {
  const thisMonth = monthStart(options.today);
  const firstShown = addMonths(thisMonth, -11);
  const yearBefore = addMonths(thisMonth, -12);
  const monthly = await queryRows<{ month: string; net: string }>(
    tx,
    sql`select date_trunc('month', d.issue_date)::date::text as month,
        sum(case when d.kind = 'invoice' then 1 else -1 end * (d.subtotal_minor - d.discount_minor))::text as net
      from sales_documents d
      where d.status = 'posted' and d.kind in ('invoice', 'credit_note')
        and d.issue_date >= ${yearBefore}::date and d.issue_date < ${addMonths(thisMonth, 1)}::date
      group by 1`,
  );
  const byMonth = new Map(monthly.map((r) => [r.month, BigInt(r.net)]));
  const open = await queryRows<{ not_due: string; overdue: string }>(
    tx,
    sql`select coalesce(sum(o.open) filter (where o.due_date is null or o.due_date >= ${options.today}::date), 0)::text as not_due,
        coalesce(sum(o.open) filter (where o.due_date < ${options.today}::date), 0)::text as overdue
      from (select d.due_date, d.total_minor - ${settledSql(sql`d.id`)} as open
            from sales_documents d where d.kind = 'invoice' and d.status = 'posted') o
      where o.open > 0`,
  );
  const top = await queryRows<{ customer_id: string; net: string }>(
    tx,
    sql`select d.customer_id, sum(case when d.kind = 'invoice' then 1 else -1 end * (d.subtotal_minor - d.discount_minor)) as net
      from sales_documents d
      where d.status = 'posted' and d.kind in ('invoice', 'credit_note') and d.issue_date >= ${firstShown}::date
      group by d.customer_id
      having sum(case when d.kind = 'invoice' then 1 else -1 end * (d.subtotal_minor - d.discount_minor)) > 0
      order by 2 desc, d.customer_id limit 5`,
  );
  const names = new Map((await findParties(tx, top.map((t) => t.customer_id))).map((p) => [p.id, p.name]));
  return {
    months: Array.from({ length: 12 }, (_, i) => {
      const month = addMonths(firstShown, i);
      return { month, amountMinor: byMonth.get(month) ?? 0n };
    }),
    thisMonthMinor: byMonth.get(thisMonth) ?? 0n,
    lastMonthMinor: byMonth.get(addMonths(thisMonth, -1)) ?? 0n,
    sameMonthLastYearMinor: byMonth.get(yearBefore) ?? 0n,
    notDueMinor: BigInt(open[0]?.not_due ?? "0"),
    overdueMinor: BigInt(open[0]?.overdue ?? "0"),
    topCustomers: top.filter((t) => names.has(t.customer_id)).map((t) => ({ customerId: t.customer_id, name: names.get(t.customer_id)!, netMinor: BigInt(String(t.net)) })),
  };
}
