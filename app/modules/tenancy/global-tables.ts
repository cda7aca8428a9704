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
  "rate_limits",
  "job_runs",
  "platform_consent_records",
  "platform_consent_states",
  "platform_notice_versions",
  "platform_notice_acknowledgements",
];
