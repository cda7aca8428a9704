-- Hand-written: isolation of the new tenant tables, the salesman scope on customers, and the ledger's rules
-- that no application code can bypass: posted entries never change, every entry balances, nothing posts into
-- a locked period, and a used account keeps its type.
SELECT folio_protect_tenant_table('customers');
--> statement-breakpoint
SELECT folio_protect_tenant_table('suppliers');
--> statement-breakpoint
SELECT folio_protect_tenant_table('accounts');
--> statement-breakpoint
SELECT folio_protect_tenant_table('fiscal_periods');
--> statement-breakpoint
SELECT folio_protect_tenant_table('number_series');
--> statement-breakpoint
SELECT folio_protect_tenant_table('journal_entries');
--> statement-breakpoint
SELECT folio_protect_tenant_table('journal_lines');
--> statement-breakpoint
SELECT folio_protect_tenant_table('account_balances');
--> statement-breakpoint
SELECT folio_protect_tenant_table('party_balances');
--> statement-breakpoint
SELECT folio_protect_tenant_table('journal_drafts');
--> statement-breakpoint
-- A salesman (data scope "assigned") sees and changes only the customers assigned to him. Restrictive, so it
-- narrows the tenant policy instead of widening it.
CREATE POLICY customers_data_scope ON customers AS RESTRICTIVE
  USING (app_data_scope() = 'all' OR assigned_user_id = app_user_id())
  WITH CHECK (app_data_scope() = 'all' OR assigned_user_id = app_user_id());
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON journal_entries, journal_lines FROM folio_app;
--> statement-breakpoint
-- Lines are written before their entry (the entry takes the gapless number, as late as possible).
ALTER TABLE journal_lines ALTER CONSTRAINT journal_lines_entry_fk DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_posted_rows_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('folio.purge_tenant', true) = OLD.tenant_id::text THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'posted ledger rows are immutable: % of % refused; post a reversal instead', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_posted_rows_immutable();
--> statement-breakpoint
CREATE TRIGGER journal_lines_immutable BEFORE UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION ledger_posted_rows_immutable();
--> statement-breakpoint
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
--> statement-breakpoint
-- Checked at commit, once all lines are in: debits equal credits, at least two lines, and the entry's total.
CREATE OR REPLACE FUNCTION ledger_entry_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  debits numeric;
  credits numeric;
  line_count integer;
BEGIN
  SELECT coalesce(sum(l.debit_minor), 0), coalesce(sum(l.credit_minor), 0), count(*)
    INTO debits, credits, line_count
    FROM journal_lines l WHERE l.tenant_id = NEW.tenant_id AND l.entry_id = NEW.id;
  IF debits <> credits THEN
    RAISE EXCEPTION 'journal entry % does not balance: debits % and credits % (minor units)', NEW.id, debits, credits
      USING ERRCODE = 'check_violation';
  END IF;
  IF line_count < 2 THEN
    RAISE EXCEPTION 'journal entry % needs at least two lines, has %', NEW.id, line_count USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.total_minor <> debits THEN
    RAISE EXCEPTION 'journal entry % states a total of % but its lines add up to %', NEW.id, NEW.total_minor, debits
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Lines are written together with their entry (in the same statement, before it is visible). A line for an entry
-- that already exists would change a balanced entry, so it is refused; the entry's own check below then covers
-- every line it will ever have, once per entry at commit.
CREATE OR REPLACE FUNCTION ledger_lines_of_new_entry_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM journal_entries e WHERE e.tenant_id = NEW.tenant_id AND e.id = NEW.entry_id) THEN
    RAISE EXCEPTION 'journal entry % is posted: lines cannot be added to it', NEW.entry_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER journal_lines_of_new_entry_only BEFORE INSERT ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION ledger_lines_of_new_entry_only();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balances();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_period_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM fiscal_periods
    WHERE tenant_id = NEW.tenant_id AND NEW.entry_date BETWEEN start_date AND end_date AND status = 'locked'
  ) THEN
    RAISE EXCEPTION 'the period containing % is locked', NEW.entry_date USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER journal_entries_period_open BEFORE INSERT ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_period_open();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_account_type_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.type <> OLD.type AND EXISTS (SELECT 1 FROM journal_lines WHERE tenant_id = OLD.tenant_id AND account_id = OLD.id) THEN
    RAISE EXCEPTION 'account % has posted lines: its type cannot change', OLD.code USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.is_group AND NOT OLD.is_group AND EXISTS (SELECT 1 FROM journal_lines WHERE tenant_id = OLD.tenant_id AND account_id = OLD.id) THEN
    RAISE EXCEPTION 'account % has posted lines: it cannot become a group', OLD.code USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER accounts_type_fixed BEFORE UPDATE ON accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_account_type_fixed();
