-- Hand-written: isolation of the privacy and CRM tenant tables, and consent records that cannot be altered.
SELECT folio_protect_tenant_table('consent_records');
--> statement-breakpoint
SELECT folio_protect_tenant_table('consent_states');
--> statement-breakpoint
SELECT folio_protect_tenant_table('privacy_settings');
--> statement-breakpoint
SELECT folio_protect_tenant_table('notice_versions');
--> statement-breakpoint
SELECT folio_protect_tenant_table('notice_acknowledgements');
--> statement-breakpoint
SELECT folio_protect_tenant_table('landing_pages');
--> statement-breakpoint
SELECT folio_protect_tenant_table('landing_visits');
--> statement-breakpoint
SELECT folio_protect_tenant_table('leads');
--> statement-breakpoint
-- Consent records are proof (GDPR Art. 7(1)): never changed or deleted, except that erasing a person's account
-- unlinks them (user_id set to null) and purging a whole organisation removes its records.
CREATE OR REPLACE FUNCTION consent_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL AND (to_jsonb(OLD) - 'user_id') = (to_jsonb(NEW) - 'user_id') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'consent_records' THEN
    -- Nested: platform_consent_records has no tenant_id, so the field may only be read for the tenant table.
    IF current_setting('folio.purge_tenant', true) = OLD.tenant_id::text THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER consent_records_append_only BEFORE UPDATE OR DELETE ON consent_records
  FOR EACH ROW EXECUTE FUNCTION consent_records_append_only();
--> statement-breakpoint
CREATE TRIGGER platform_consent_records_append_only BEFORE UPDATE OR DELETE ON platform_consent_records
  FOR EACH ROW EXECUTE FUNCTION consent_records_append_only();
--> statement-breakpoint
CREATE TRIGGER consent_records_no_truncate BEFORE TRUNCATE ON consent_records
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER platform_consent_records_no_truncate BEFORE TRUNCATE ON platform_consent_records
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON consent_records FROM folio_app;
