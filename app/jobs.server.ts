import { DATA_MAP } from "~/data-map.server";
import type { Database } from "~/db.server";
import { deleteAuditEventsOlderThan } from "~/modules/audit/retention.server";
import { deleteOldOutboxMessages, deliverOutbox } from "~/modules/email/outbox.server";
import { deleteExpiredSessions } from "~/modules/identity/retention.server";
import { deleteExpiredUserTokens } from "~/modules/identity/users.server";
import { describeError, JobError, type JobCounts, type JobRegistry } from "~/modules/platform/jobs.server";
import { deleteStaleRateLimits } from "~/modules/platform/rate-limit.server";
import { applyPrivacyRetention } from "~/modules/privacy/retention.server";
import {
  AUDIT_EVENT_RETENTION_MONTHS,
  CANCELLED_ORGANISATION_RETENTION_DAYS,
  CLOSED_INVITATION_RETENTION_DAYS,
  IDEMPOTENCY_KEY_RETENTION_DAYS,
  SENT_EMAIL_RETENTION_DAYS,
} from "~/modules/platform/retention";
import { deleteAccountsPastGrace } from "~/workflows/delete-account.server";
import { deleteOldIdempotencyKeys } from "~/modules/tenancy/idempotency.server";
import {
  deleteClosedInvitations,
  listOrganisationsDueForPurge,
  listOrganisationIds,
  purgeCancelledOrganisation,
  withOrganisationMaintenance,
} from "~/modules/tenancy/retention.server";

// The named jobs: each spans areas, so the registry sits above them. The runner (its advisory lock, job_runs,
// the scheduler) is app/modules/platform/jobs.server.ts, which is given this registry.

const OUTBOX_BATCH_SIZE = 20;
const OUTBOX_MAX_BATCHES_PER_RUN = 10;

/** Delivers due outbox messages, batch after batch (each its own transaction) while batches come back full. */
async function deliverEmail(database: Database): Promise<JobCounts> {
  let sent = 0;
  let failed = 0;
  for (let batch = 0; batch < OUTBOX_MAX_BATCHES_PER_RUN; batch++) {
    const result = await deliverOutbox({ database, batchSize: OUTBOX_BATCH_SIZE });
    sent += result.sent;
    failed += result.failed;
    if (result.sent + result.failed < OUTBOX_BATCH_SIZE) break;
  }
  return { sent, failed };
}

/** Removes expired sessions, used or expired link tokens, stale rate-limit counters, closed invitations and old idempotency keys. */
async function expireSessions(database: Database): Promise<JobCounts> {
  const sessions = await deleteExpiredSessions(database);
  const userTokens = await deleteExpiredUserTokens(database);
  const rateLimits = await deleteStaleRateLimits(database);
  let invitations = 0;
  let idempotencyKeys = 0;
  for (const tenantId of await listOrganisationIds(database)) {
    invitations += await withOrganisationMaintenance(database, tenantId, (tx) => deleteClosedInvitations(tx, CLOSED_INVITATION_RETENTION_DAYS));
    idempotencyKeys += await withOrganisationMaintenance(database, tenantId, (tx) => deleteOldIdempotencyKeys(tx, IDEMPOTENCY_KEY_RETENTION_DAYS));
  }
  return { sessions, userTokens, rateLimits, invitations, idempotencyKeys };
}

/**
 * The retention rules of the privacy policy (constants in app/modules/platform/retention.ts). Each organisation
 * is purged, and each tenant's audit trail trimmed, in a transaction of its own: one that fails is reported at
 * the end and does not hold back the others.
 */
async function retention(database: Database): Promise<JobCounts> {
  const failures: string[] = [];

  let organisationsDeleted = 0;
  for (const organisation of await listOrganisationsDueForPurge(database, CANCELLED_ORGANISATION_RETENTION_DAYS)) {
    try {
      if (await purgeCancelledOrganisation(database, organisation.id, CANCELLED_ORGANISATION_RETENTION_DAYS)) organisationsDeleted++;
    } catch (error) {
      failures.push(`purging organisation ${organisation.slug} (${organisation.id}): ${describeError(error)}`);
    }
  }

  let accounts = { accountsDeleted: 0, accountsKeptAsSoleOwners: 0 };
  try {
    accounts = await deleteAccountsPastGrace(new Date());
  } catch (error) {
    failures.push(`deleting accounts past their grace period: ${describeError(error)}`);
  }

  let auditEventsDeleted = 0;
  for (const tenantId of await listOrganisationIds(database)) {
    try {
      auditEventsDeleted += await withOrganisationMaintenance(database, tenantId, (tx) => deleteAuditEventsOlderThan(tx, AUDIT_EVENT_RETENTION_MONTHS));
    } catch (error) {
      failures.push(`trimming the audit trail of organisation ${tenantId}: ${describeError(error)}`);
    }
  }

  const privacy = { codesExpired: 0, unverifiedRequestsDeleted: 0, restrictionsReleased: 0, rowsAnonymised: 0, requestsCompleted: 0 };
  for (const tenantId of await listOrganisationIds(database)) {
    try {
      const counts = await withOrganisationMaintenance(database, tenantId, (tx) => applyPrivacyRetention(tx, DATA_MAP, new Date()));
      for (const key of Object.keys(privacy) as Array<keyof typeof privacy>) privacy[key] += counts[key];
    } catch (error) {
      failures.push(`privacy retention of tenant ${tenantId}: ${describeError(error)}`);
    }
  }

  const emailsDeleted = await deleteOldOutboxMessages(database, SENT_EMAIL_RETENTION_DAYS);

  // Backups: Folio keeps none yet. When a backup store exists, removing its backups older than
  // BACKUP_RETENTION_DAYS (app/modules/platform/retention.ts) is the next step here, with its count added to the result.

  const counts = { organisationsDeleted, ...accounts, auditEventsDeleted, emailsDeleted, ...privacy };
  if (failures.length > 0) throw new JobError(`${failures.length} step(s) failed: ${failures.join("; ")}`, counts);
  return counts;
}

export const JOBS = {
  "deliver-email": {
    description: "Deliver due messages from the email outbox",
    intervalMs: 10_000,
    run: deliverEmail,
  },
  "expire-sessions": {
    description: "Remove expired sessions, used or expired tokens, stale rate limits, closed invitations",
    intervalMs: 60 * 60_000,
    run: expireSessions,
  },
  retention: {
    description: "Apply retention: purge cancelled organisations, accounts past their deletion grace period, old audit events, old sent email, expired privacy codes and requests, ended legal holds",
    intervalMs: 24 * 60 * 60_000,
    run: retention,
  },
} satisfies JobRegistry;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}
