-- Folio's own site has one name: its consent and notice tables are folio_*, not platform_* (kept with their rows).
ALTER TABLE platform_consent_records RENAME TO folio_consent_records;
--> statement-breakpoint
ALTER TABLE platform_consent_states RENAME TO folio_consent_states;
--> statement-breakpoint
ALTER TABLE platform_notice_versions RENAME TO folio_notice_versions;
--> statement-breakpoint
ALTER TABLE platform_notice_acknowledgements RENAME TO folio_notice_acknowledgements;
--> statement-breakpoint
ALTER TABLE folio_consent_records RENAME CONSTRAINT platform_consent_records_pkey TO folio_consent_records_pkey;
--> statement-breakpoint
ALTER TABLE folio_consent_records RENAME CONSTRAINT platform_consent_records_user_id_users_id_fk TO folio_consent_records_user_id_users_id_fk;
--> statement-breakpoint
ALTER INDEX platform_consent_records_consent_idx RENAME TO folio_consent_records_consent_idx;
--> statement-breakpoint
ALTER INDEX platform_consent_records_time_idx RENAME TO folio_consent_records_time_idx;
--> statement-breakpoint
ALTER TABLE folio_consent_states RENAME CONSTRAINT platform_consent_states_pkey TO folio_consent_states_pkey;
--> statement-breakpoint
ALTER TABLE folio_consent_states RENAME CONSTRAINT platform_consent_states_user_id_users_id_fk TO folio_consent_states_user_id_users_id_fk;
--> statement-breakpoint
ALTER TABLE folio_notice_versions RENAME CONSTRAINT platform_notice_versions_pkey TO folio_notice_versions_pkey;
--> statement-breakpoint
ALTER TABLE folio_notice_versions RENAME CONSTRAINT platform_notice_versions_version_unique TO folio_notice_versions_version_unique;
--> statement-breakpoint
ALTER TABLE folio_notice_versions RENAME CONSTRAINT platform_notice_versions_published_by_user_id_users_id_fk TO folio_notice_versions_published_by_user_id_users_id_fk;
--> statement-breakpoint
ALTER TABLE folio_notice_acknowledgements RENAME CONSTRAINT platform_notice_acknowledgements_user_id_version_pk TO folio_notice_acknowledgements_user_id_version_pk;
--> statement-breakpoint
ALTER TABLE folio_notice_acknowledgements RENAME CONSTRAINT platform_notice_acknowledgements_user_id_users_id_fk TO folio_notice_acknowledgements_user_id_users_id_fk;
--> statement-breakpoint
-- One rule for every append-only table (audit events, posted ledger rows, consent records), instead of a copy of
-- it per table. A trigger's arguments say how it refuses and what it allows:
--   TG_ARGV[0]  the refusal, a format() string of the operation (%1$s) and the table (%2$s);
--   then any of 'purge_tenant'     deleting the rows of the organisation being purged (folio.purge_tenant),
--               'audit_retention'  deleting rows older than 12 months by the retention job (folio.audit_retention),
--               'unlink_user'      setting user_id to null and changing nothing else (erasing a person's account).
-- Rows are read as jsonb, so a table needs only the columns its own allowances name.
CREATE OR REPLACE FUNCTION folio_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := to_jsonb(OLD);
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF 'purge_tenant' = ANY (TG_ARGV) AND current_setting('folio.purge_tenant', true) = old_row ->> 'tenant_id' THEN
      RETURN OLD;
    END IF;
    IF 'audit_retention' = ANY (TG_ARGV) AND current_setting('folio.audit_retention', true) = 'on'
       AND (old_row ->> 'occurred_at')::timestamptz < now() - interval '12 months' THEN
      RETURN OLD;
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' AND 'unlink_user' = ANY (TG_ARGV) AND to_jsonb(NEW) ->> 'user_id' IS NULL
     AND (old_row - 'user_id') = (to_jsonb(NEW) - 'user_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '%', format(TG_ARGV[0], TG_OP, TG_TABLE_NAME) USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
-- Makes a table append-only: its rows under folio_append_only() (the trigger `trigger_name`, replaced if it exists),
-- and TRUNCATE refused (<table>_no_truncate). What a new append-only table of any area calls in its migration.
CREATE OR REPLACE FUNCTION folio_make_append_only(target regclass, trigger_name text, refusal text, VARIADIC allowances text[] DEFAULT '{}')
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  truncate_trigger text := (SELECT relname FROM pg_class WHERE oid = target) || '_no_truncate';
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', trigger_name, target);
  EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION folio_append_only(%s)',
    trigger_name, target, (SELECT string_agg(quote_literal(argument), ', ') FROM unnest(array_prepend(refusal, allowances)) AS argument));
  EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', truncate_trigger, target);
  EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()', truncate_trigger, target);
END
$$;
--> statement-breakpoint
SELECT folio_make_append_only('audit_events', 'audit_events_append_only', 'audit events are append-only (%1$s refused)', 'purge_tenant', 'audit_retention');
--> statement-breakpoint
SELECT folio_make_append_only('journal_entries', 'journal_entries_immutable', 'posted ledger rows are immutable: %1$s of %2$s refused; post a reversal instead', 'purge_tenant');
--> statement-breakpoint
SELECT folio_make_append_only('journal_lines', 'journal_lines_immutable', 'posted ledger rows are immutable: %1$s of %2$s refused; post a reversal instead', 'purge_tenant');
--> statement-breakpoint
SELECT folio_make_append_only('consent_records', 'consent_records_append_only', '%2$s is append-only (%1$s refused)', 'purge_tenant', 'unlink_user');
--> statement-breakpoint
DROP TRIGGER platform_consent_records_append_only ON folio_consent_records;
--> statement-breakpoint
DROP TRIGGER platform_consent_records_no_truncate ON folio_consent_records;
--> statement-breakpoint
SELECT folio_make_append_only('folio_consent_records', 'folio_consent_records_append_only', '%2$s is append-only (%1$s refused)', 'unlink_user');
--> statement-breakpoint
DROP FUNCTION audit_events_append_only();
--> statement-breakpoint
DROP FUNCTION ledger_posted_rows_immutable();
--> statement-breakpoint
DROP FUNCTION consent_records_append_only();
