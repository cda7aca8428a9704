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
ALTER TRIGGER platform_consent_records_no_truncate ON folio_consent_records RENAME TO folio_consent_records_no_truncate;
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
DROP TRIGGER audit_events_append_only ON audit_events;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION folio_append_only('audit events are append-only (%1$s refused)', 'purge_tenant', 'audit_retention');
--> statement-breakpoint
DROP TRIGGER journal_entries_immutable ON journal_entries;
--> statement-breakpoint
CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION folio_append_only('posted ledger rows are immutable: %1$s of %2$s refused; post a reversal instead', 'purge_tenant');
--> statement-breakpoint
DROP TRIGGER journal_lines_immutable ON journal_lines;
--> statement-breakpoint
CREATE TRIGGER journal_lines_immutable BEFORE UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION folio_append_only('posted ledger rows are immutable: %1$s of %2$s refused; post a reversal instead', 'purge_tenant');
--> statement-breakpoint
DROP TRIGGER consent_records_append_only ON consent_records;
--> statement-breakpoint
CREATE TRIGGER consent_records_append_only BEFORE UPDATE OR DELETE ON consent_records
  FOR EACH ROW EXECUTE FUNCTION folio_append_only('%2$s is append-only (%1$s refused)', 'purge_tenant', 'unlink_user');
--> statement-breakpoint
DROP TRIGGER platform_consent_records_append_only ON folio_consent_records;
--> statement-breakpoint
CREATE TRIGGER folio_consent_records_append_only BEFORE UPDATE OR DELETE ON folio_consent_records
  FOR EACH ROW EXECUTE FUNCTION folio_append_only('%2$s is append-only (%1$s refused)', 'unlink_user');
--> statement-breakpoint
DROP FUNCTION audit_events_append_only();
--> statement-breakpoint
DROP FUNCTION ledger_posted_rows_immutable();
--> statement-breakpoint
DROP FUNCTION consent_records_append_only();
