import { rm } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { migrateDatabase, migrateWith, queryRows } from "~/db.server";
import { migrationsFolderBefore, withFreshDatabase } from "~/test/migrations";

/*
 * Books posted before the balances had days get them from migration 0009, computed from their lines, and the
 * tables it reads past their forced row-level security have it forced again afterwards.
 */

const DAY_BALANCES_TAG = "0007_daily_balances";

const T = "10000000-0000-4000-8000-000000000001";
const CASH = "20000000-0000-4000-8000-000000000001";
const RECEIVABLE = "20000000-0000-4000-8000-000000000002";
const SALES = "20000000-0000-4000-8000-000000000003";
const CUSTOMER = "30000000-0000-4000-8000-000000000001";

/** Three entries as posting wrote them before 0009: lines, entries, monthly balances. */
const BOOKS_BEFORE = sql`with tenant as (
    insert into tenants (id, name, slug) values (${T}, 'Books before', 'books-before') returning id
  ),
  chart as (
    insert into accounts (tenant_id, id, code, name, type, party_kind)
    select id, a.account_id, a.code, a.name, a.type, a.party_kind from tenant,
      (values (${CASH}::uuid, '1100', 'Cash', 'asset', null), (${RECEIVABLE}::uuid, '1300', 'Receivables', 'asset', 'customer'),
              (${SALES}::uuid, '4100', 'Sales', 'income', null)) as a(account_id, code, name, type, party_kind)
    returning 1
  ),
  customer as (
    insert into customers (tenant_id, id, name) select id, ${CUSTOMER}, 'Acme' from tenant returning 1
  ),
  lines as (
    insert into journal_lines (tenant_id, entry_id, line_no, account_id, customer_id, debit_minor, credit_minor, currency, entry_date)
    select ${T}, l.entry_id, l.line_no, l.account_id, l.customer_id, l.debit, l.credit, 'EUR', l.entry_date
    from (select count(*) from chart) c, (select count(*) from customer) k,
      (values ('40000000-0000-4000-8000-000000000001'::uuid, 1, ${RECEIVABLE}::uuid, ${CUSTOMER}::uuid, 1000, 0, date '2024-03-05'),
              ('40000000-0000-4000-8000-000000000001'::uuid, 2, ${SALES}::uuid, null, 0, 1000, date '2024-03-05'),
              ('40000000-0000-4000-8000-000000000002'::uuid, 1, ${CASH}::uuid, null, 300, 0, date '2024-03-05'),
              ('40000000-0000-4000-8000-000000000002'::uuid, 2, ${RECEIVABLE}::uuid, ${CUSTOMER}::uuid, 0, 300, date '2024-03-05'),
              ('40000000-0000-4000-8000-000000000003'::uuid, 1, ${CASH}::uuid, null, 50, 0, date '2024-03-20'),
              ('40000000-0000-4000-8000-000000000003'::uuid, 2, ${SALES}::uuid, null, 0, 50, date '2024-03-20'))
        as l(entry_id, line_no, account_id, customer_id, debit, credit, entry_date)
    returning entry_id
  ),
  entries as (
    insert into journal_entries (tenant_id, id, number, entry_date, memo, source_type, currency, total_minor)
    select ${T}, e.id, e.number, e.entry_date, 'Before', 'manual', 'EUR', e.total
    from (select count(*) from lines) l,
    (values ('40000000-0000-4000-8000-000000000001'::uuid, 'JE-2024-000001', date '2024-03-05', 1000),
            ('40000000-0000-4000-8000-000000000002'::uuid, 'JE-2024-000002', date '2024-03-05', 300),
            ('40000000-0000-4000-8000-000000000003'::uuid, 'JE-2024-000003', date '2024-03-20', 50)) as e(id, number, entry_date, total)
    returning 1
  ),
  months as (
    insert into account_balances (tenant_id, account_id, period_start, debit_minor, credit_minor)
    select ${T}, m.account_id, date '2024-03-01', m.debit, m.credit from (select count(*) from entries) e,
      (values (${CASH}::uuid, 350, 0), (${RECEIVABLE}::uuid, 1000, 300), (${SALES}::uuid, 0, 1050)) as m(account_id, debit, credit)
    returning 1
  )
  insert into party_balances (tenant_id, account_id, party_kind, party_id, period_start, debit_minor, credit_minor)
  select ${T}, ${RECEIVABLE}, 'customer', ${CUSTOMER}, date '2024-03-01', 1000, 300 from (select count(*) from months) m`;

test("migration 0007 gives the balances of books posted before it their days, from their lines", { timeout: 120_000 }, async () => {
  const folder = await migrationsFolderBefore(DAY_BALANCES_TAG);
  try {
    await withFreshDatabase(async (handle) => {
      await migrateWith(handle.kind, handle.db, folder);
      await handle.db.transaction((tx) => tx.execute(BOOKS_BEFORE));
      await migrateDatabase(handle);

      const days = (table: string) =>
        queryRows<{ account_id: string; day: string; debit: string; credit: string }>(
          handle.db,
          sql`select b.account_id::text, (b.period_start + (d.day - 1)::int)::text as day, d.debit::text, d.credit::text
            from ${sql.raw(table)} b cross join lateral unnest(b.day_debits, b.day_credits) with ordinality as d(debit, credit, day)
            where d.debit <> 0 or d.credit <> 0 order by 1, 2`,
        ).then((rows) => rows.map((r) => [r.account_id, r.day, r.debit, r.credit]));
      expect(await days("account_balances")).toEqual([
        [CASH, "2024-03-05", "300", "0"],
        [CASH, "2024-03-20", "50", "0"],
        [RECEIVABLE, "2024-03-05", "1000", "300"],
        [SALES, "2024-03-05", "0", "1000"],
        [SALES, "2024-03-20", "0", "50"],
      ]);
      expect(await days("party_balances")).toEqual([[RECEIVABLE, "2024-03-05", "1000", "300"]]);

      // The tables were read and written past their row-level security for the backfill only; it is forced again.
      const security = await queryRows<{ relname: string; forced: boolean; enabled: boolean }>(
        handle.db,
        sql`select relname, relforcerowsecurity as forced, relrowsecurity as enabled from pg_class
          where relname in ('journal_lines', 'account_balances', 'party_balances') order by relname`,
      );
      expect(security).toEqual([
        { relname: "account_balances", forced: true, enabled: true },
        { relname: "journal_lines", forced: true, enabled: true },
        { relname: "party_balances", forced: true, enabled: true },
      ]);
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
