/**
 * Tables that hold no tenant's rows, or that every tenant may read; everything else is a tenant table. The pg_catalog
 * tests hold the schema to this list, and on Citus these are the reference tables (distribution.server.ts).
 */
export const GLOBAL_TABLES = [
  "users",
  "sessions",
  "user_tokens",
  "tenants",
  "outbox_messages",
  "outbox_attachments",
  "rate_limits",
  "job_runs",
  "folio_consent_records",
  "folio_consent_states",
  "folio_notice_versions",
  "folio_notice_acknowledgements",
  "folio_rights_requests",
];
