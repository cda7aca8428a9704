// Retention rules, in one place. The jobs of app/jobs.server.ts apply them; the privacy notice may quote them.
// Plain constants (no server code), so any page can import them.

/** An organisation cancelled this many days ago is deleted with everything it owns. */
export const CANCELLED_ORGANISATION_RETENTION_DAYS = 30;

/**
 * Audit events older than this are removed. The audit_events trigger (drizzle/0001_tenancy_security.sql)
 * refuses to delete anything younger than 12 months, so this can be raised but not lowered without a migration.
 */
export const AUDIT_EVENT_RETENTION_MONTHS = 12;

/** Delivered or given-up outbox messages are removed this many days after they were written. */
export const SENT_EMAIL_RETENTION_DAYS = 30;

/** Invitations that were accepted, revoked or expired are removed this many days after they closed. */
export const CLOSED_INVITATION_RETENTION_DAYS = 30;

/** Idempotency keys of form submissions (tenancy/idempotency.server.ts) are removed this many days after use. */
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 7;

/** Backups are removed after this many days. Folio has no backups yet: see the retention job. */
export const BACKUP_RETENTION_DAYS = 90;

// Expired sessions are removed at once. Used or expired user tokens and stale rate-limit counters keep a one-day
// grace, defined beside their operations (deleteExpiredUserTokens, deleteStaleRateLimits).
