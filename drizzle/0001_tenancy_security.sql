-- Hand-written: the application role, row-level security on every tenant table, append-only audit.
-- Migrations run as the tables' owner; the application's tenant work runs as folio_app (no BYPASSRLS).
DO $$
BEGIN
  CREATE ROLE folio_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO folio_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.tenant_id', true), '')::uuid
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.user_id', true), '')::uuid
$$;
--> statement-breakpoint
-- The most restrictive scope is the default: a session that forgot to set it sees only assigned records.
CREATE OR REPLACE FUNCTION app_data_scope() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('app.data_scope', true), ''), 'assigned')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION folio_protect_tenant_table(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())',
    tbl
  );
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO folio_app', tbl);
END
$$;
--> statement-breakpoint
SELECT folio_protect_tenant_table('memberships');
--> statement-breakpoint
SELECT folio_protect_tenant_table('invitations');
--> statement-breakpoint
SELECT folio_protect_tenant_table('audit_events');
--> statement-breakpoint
SELECT folio_protect_tenant_table('audit_heads');
--> statement-breakpoint
-- A person may list the organisations they belong to (the organisation switcher), only while no tenant is
-- set: inside a tenant, that tenant's rows are all there is.
CREATE POLICY own_memberships ON memberships FOR SELECT USING (app_tenant_id() IS NULL AND user_id = app_user_id());
--> statement-breakpoint
GRANT SELECT ON tenants TO folio_app;
--> statement-breakpoint
-- The application role may change only its own tenant's settings (the owner role is not forced through RLS).
GRANT UPDATE (name, currency, time_zone, locale) ON tenants TO folio_app;
--> statement-breakpoint
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenants_readable ON tenants FOR SELECT USING (true);
--> statement-breakpoint
CREATE POLICY tenants_update_own ON tenants FOR UPDATE USING (id = app_tenant_id()) WITH CHECK (id = app_tenant_id());
--> statement-breakpoint
GRANT SELECT (id, email, name, email_verified_at) ON users TO folio_app;
--> statement-breakpoint
GRANT INSERT ON outbox_messages TO folio_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM folio_app;
--> statement-breakpoint
-- Audit events are never changed. Deletion is allowed only to the retention job (events past 12 months)
-- and to the purge of a whole organisation, each announced by a transaction-local setting.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('folio.purge_tenant', true) = OLD.tenant_id::text THEN
      RETURN OLD;
    END IF;
    IF current_setting('folio.audit_retention', true) = 'on' AND OLD.occurred_at < now() - interval '12 months' THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
