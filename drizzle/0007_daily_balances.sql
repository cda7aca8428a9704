ALTER TABLE "account_balances" ADD COLUMN "day_debits" bigint[] DEFAULT array_fill(0::bigint, array[31]) NOT NULL;--> statement-breakpoint
ALTER TABLE "account_balances" ADD COLUMN "day_credits" bigint[] DEFAULT array_fill(0::bigint, array[31]) NOT NULL;--> statement-breakpoint
ALTER TABLE "party_balances" ADD COLUMN "day_debits" bigint[] DEFAULT array_fill(0::bigint, array[31]) NOT NULL;--> statement-breakpoint
ALTER TABLE "party_balances" ADD COLUMN "day_credits" bigint[] DEFAULT array_fill(0::bigint, array[31]) NOT NULL;--> statement-breakpoint
ALTER TABLE "account_balances" ADD CONSTRAINT "account_balances_days" CHECK (array_length("account_balances"."day_debits", 1) = 31 and array_length("account_balances"."day_credits", 1) = 31);--> statement-breakpoint
ALTER TABLE "party_balances" ADD CONSTRAINT "party_balances_days" CHECK (array_length("party_balances"."day_debits", 1) = 31 and array_length("party_balances"."day_credits", 1) = 31);--> statement-breakpoint
-- Hand-written: the days of the months already posted, from their lines. The owner running migrations is not
-- necessarily a superuser, so the tables are read and written past their forced row-level security for these
-- statements only; the migration runs in one transaction, so nobody sees them unforced.
-- folio_day_amounts(days, amounts): the 31 days of a month, each the sum of the amounts given for that day.
CREATE OR REPLACE FUNCTION folio_day_amounts(days integer[], amounts bigint[]) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(coalesce(t.amount, 0) ORDER BY g)
  FROM generate_series(1, 31) AS g
  LEFT JOIN (SELECT u.d, sum(u.a)::bigint AS amount FROM unnest(days, amounts) AS u(d, a) GROUP BY u.d) AS t ON t.d = g
$$;
--> statement-breakpoint
ALTER TABLE journal_lines NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE account_balances NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE party_balances NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
UPDATE account_balances b SET day_debits = folio_day_amounts(l.days, l.debits), day_credits = folio_day_amounts(l.days, l.credits)
FROM (
  SELECT tenant_id, account_id, date_trunc('month', entry_date)::date AS period_start,
    array_agg(extract(day FROM entry_date)::int) AS days, array_agg(debit_minor) AS debits, array_agg(credit_minor) AS credits
  FROM journal_lines GROUP BY 1, 2, 3
) l
WHERE b.tenant_id = l.tenant_id AND b.account_id = l.account_id AND b.period_start = l.period_start;
--> statement-breakpoint
UPDATE party_balances b SET day_debits = folio_day_amounts(l.days, l.debits), day_credits = folio_day_amounts(l.days, l.credits)
FROM (
  SELECT tenant_id, account_id, coalesce(customer_id, supplier_id) AS party_id, date_trunc('month', entry_date)::date AS period_start,
    array_agg(extract(day FROM entry_date)::int) AS days, array_agg(debit_minor) AS debits, array_agg(credit_minor) AS credits
  FROM journal_lines WHERE customer_id IS NOT NULL OR supplier_id IS NOT NULL GROUP BY 1, 2, 3, 4
) l
WHERE b.tenant_id = l.tenant_id AND b.account_id = l.account_id AND b.party_id = l.party_id AND b.period_start = l.period_start;
--> statement-breakpoint
ALTER TABLE journal_lines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE account_balances FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE party_balances FORCE ROW LEVEL SECURITY;
