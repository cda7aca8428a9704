import { sql } from "drizzle-orm";
import { queryRow, type Tx } from "~/db.server";

/**
 * Books of a given size for tests that need many lines (an export's memory, say) without posting each entry:
 * `entries` entries dated through 2025, each debiting cash four times and crediting sales once, written in one
 * statement as posting writes one entry (lines first, then the numbered entries), in the organisation that
 * app.tenant_id names; every statement names it too, so the caller may run this as the owner with triggers off
 * (session_replication_role = replica), as the ledger benchmark generates its books. The balances are
 * recomputed from the lines. Not audited: this stands for a history imported in bulk.
 */
export async function writeBulkLedger(tx: Tx, entries: number): Promise<{ cashAccountId: string; cashLines: number }> {
  const accounts = await queryRow<{ cash: string; sales: string; currency: string }>(
    tx,
    sql`select (select id from accounts where tenant_id = app_tenant_id() and role = 'cash') as cash,
          (select id from accounts where tenant_id = app_tenant_id() and role = 'sales') as sales,
          (select currency from tenants where id = app_tenant_id()) as currency`,
  );
  if (!accounts?.cash || !accounts.sales) throw new Error("the organisation has no cash or sales account");
  const { cash, sales, currency } = accounts;
  await tx.execute(sql`with spec as materialized (
      select g as n, gen_random_uuid() as id, (date '2025-01-01' + ((g - 1)::bigint * 365 / ${entries})::int) as entry_date,
        (100 + g % 9900)::bigint as a, (50 + g % 4950)::bigint as b
      from generate_series(1, ${entries}::int) g
    ),
    written_lines as (
      insert into journal_lines (tenant_id, entry_id, line_no, account_id, debit_minor, credit_minor, currency, description, entry_date)
      select app_tenant_id(), s.id, j, case when j < 5 then ${cash}::uuid else ${sales}::uuid end,
        case when j in (1, 3) then s.a when j in (2, 4) then s.b else 0 end, case when j = 5 then 2 * (s.a + s.b) else 0 end,
        ${currency}, case when j in (1, 3) then 'Till, morning' when j in (2, 4) then 'Till, afternoon' end, s.entry_date
      from spec s cross join generate_series(1, 5) j
      returning 1
    ),
    series as (
      insert into number_series as ns (tenant_id, key, year, last_value)
      select app_tenant_id(), 'JE', 2025, ${entries}::int from (select count(*) from written_lines) as lines_written
      on conflict (tenant_id, key, year) do update set last_value = ns.last_value + ${entries}::int
      returning last_value
    )
    insert into journal_entries (tenant_id, id, number, entry_date, memo, source_type, currency, total_minor)
    select app_tenant_id(), s.id, 'JE-2025-' || lpad((series.last_value - ${entries}::int + s.n)::text, 6, '0'), s.entry_date,
      'Cash sales ' || s.n, 'manual', ${currency}, 2 * (s.a + s.b)
    from spec s cross join series`);
  await tx.execute(sql`insert into account_balances as b (tenant_id, account_id, period_start, debit_minor, credit_minor, day_debits, day_credits)
    select app_tenant_id(), account_id, date_trunc('month', entry_date)::date, sum(debit_minor), sum(credit_minor),
      folio_day_amounts(array_agg(extract(day from entry_date)::int), array_agg(debit_minor)),
      folio_day_amounts(array_agg(extract(day from entry_date)::int), array_agg(credit_minor))
    from journal_lines where tenant_id = app_tenant_id() group by account_id, date_trunc('month', entry_date)
    on conflict (tenant_id, account_id, period_start) do update set debit_minor = excluded.debit_minor, credit_minor = excluded.credit_minor,
      day_debits = excluded.day_debits, day_credits = excluded.day_credits`);
  return { cashAccountId: cash, cashLines: entries * 4 };
}
