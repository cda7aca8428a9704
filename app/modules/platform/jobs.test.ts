import { and, eq, inArray, sql } from "drizzle-orm";
import { createElement } from "react";
import { databaseHandle, db, queryRow, type Database } from "~/db.server";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { auditEvents, auditHeads } from "~/modules/audit/schema";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { outboxMessages } from "~/modules/email/schema";
import { lucia } from "~/modules/identity/lucia.server";
import { sessions, userTokens, users } from "~/modules/identity/schema";
import { issueUserToken } from "~/modules/identity/users.server";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { newIdempotencyToken, performOnce } from "~/modules/tenancy/idempotency.server";
import { idempotencyKeys, invitations, memberships, tenants } from "~/modules/tenancy/schema";
import { JOBS } from "~/jobs.server";
import { createOrganisationWithOwner, uniqueEmail } from "~/test/factories";
import { inviteMember } from "~/workflows/invite-member.server";
import { updateOrganisation } from "~/workflows/update-organisation.server";
import { resetEnvForTests } from "./env.server";
import { JOB_LOCK_PREFIX, runJob, startJobScheduler, stopJobScheduler, UnknownJobError, type JobRegistry, type JobRunResult } from "./jobs.server";
import { hitRateLimit } from "./rate-limit.server";
import { AUDIT_EVENT_RETENTION_MONTHS, CANCELLED_ORGANISATION_RETENTION_DAYS, SENT_EMAIL_RETENTION_DAYS } from "./retention";
import { jobRuns, rateLimits } from "./schema";

// Mail goes to the local mailbox in these tests, never to a provider.
delete process.env.RESEND_API_KEY;
resetEnvForTests();

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

function succeeded(result: JobRunResult) {
  if (!result.ran || result.status !== "succeeded") throw new Error(`expected a successful run, got ${JSON.stringify(result)}`);
  return result.counts ?? {};
}

async function count(table: "memberships" | "invitations" | "audit_events" | "audit_heads" | "tenants", tenantId: string) {
  const column = table === "tenants" ? sql.raw("id") : sql.raw("tenant_id");
  const row = await queryRow<{ n: number }>(db(), sql`select count(*)::int as n from ${sql.identifier(table)} where ${column} = ${tenantId}`);
  return Number(row?.n);
}

async function cancel(tenantId: string, daysAgo: number) {
  await db()
    .update(tenants)
    .set({ status: "cancelled", cancelledAt: sql`now() - make_interval(days => ${daysAgo}::int)` })
    .where(eq(tenants.id, tenantId));
}

/** Moves a tenant's audit events back in time. The append-only trigger refuses updates, so it is bypassed here. */
async function backdateAuditEvents(tenantId: string, throughId: number, age: string) {
  await db().transaction(async (tx) => {
    await tx.execute(sql`select set_config('session_replication_role', 'replica', true)`);
    await tx.execute(sql`update audit_events set occurred_at = now() - ${age}::interval where tenant_id = ${tenantId} and id <= ${throughId}`);
  });
}

async function invite(owner: { actor: TenantActor; membership: { id: string } }, email = uniqueEmail("invitee")) {
  const { invitation } = await withTenant(owner.actor, (tx) =>
    inviteMember(tx, { email, role: "viewer", actorRole: "owner", inviterMembershipId: owner.membership.id, inviterName: "Olivia Owner" }),
  );
  return invitation;
}

async function jobRun(name: string) {
  const [row] = await db().select().from(jobRuns).where(eq(jobRuns.name, name));
  return row;
}

describe("deliver-email", () => {
  it("delivers due outbox messages to the local mailbox and leaves the ones not yet due", async () => {
    const to = uniqueEmail("reader");
    for (const subject of ["First", "Second", "Later"]) {
      await enqueueEmail(db(), { template: "test", to, subject, body: createElement("p", null, `${subject} message`) });
    }
    await db().update(outboxMessages).set({ nextAttemptAt: sql`now() + interval '1 hour'` }).where(eq(outboxMessages.subject, "Later"));

    const counts = succeeded(await runJob(JOBS, "deliver-email"));

    expect(counts).toEqual({ sent: 2, failed: 0 });
    const rows = await db().select().from(outboxMessages).where(eq(outboxMessages.toAddress, to));
    const bySubject = Object.fromEntries(rows.map((row) => [row.subject, row]));
    expect(bySubject.First).toMatchObject({ status: "sent", transport: "mailbox", attempts: 1 });
    expect(bySubject.Second).toMatchObject({ status: "sent", transport: "mailbox", attempts: 1 });
    expect(bySubject.Later).toMatchObject({ status: "pending", transport: null, attempts: 0 });
  });
});

describe("expire-sessions", () => {
  it("removes expired sessions, spent tokens, stale rate limits and invitations closed over 30 days ago, and keeps the rest", async () => {
    await runJob(JOBS, "expire-sessions"); // start from nothing to remove, so the counts below are this test's alone
    const owner = await createOrganisationWithOwner();
    const other = await createOrganisationWithOwner();
    const userId = owner.user.id;

    const expiredSession = await lucia().createSession(userId, {});
    const liveSession = await lucia().createSession(userId, {});
    await db().update(sessions).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(sessions.id, expiredSession.id));

    await issueUserToken(db(), userId, "reset_password");
    await issueUserToken(db(), userId, "verify_email");
    await db()
      .update(userTokens)
      .set({ expiresAt: sql`now() - interval '2 days'` })
      .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, "reset_password")));

    const rule = { limit: 5, windowSeconds: 60, blockSeconds: 60 };
    await hitRateLimit(db(), "test:stale", rule);
    await hitRateLimit(db(), "test:fresh", rule);
    await db().update(rateLimits).set({ windowStartedAt: sql`now() - interval '2 days'` }).where(eq(rateLimits.key, "test:stale"));

    const expiredLongAgo = await invite(owner);
    const revokedLongAgo = await invite(owner);
    const acceptedLongAgo = await invite(owner);
    const expiredRecently = await invite(owner);
    const open = await invite(owner);
    const otherTenantExpired = await invite(other);
    const ago = (age: string) => sql`now() - ${age}::interval`;
    await db().update(invitations).set({ expiresAt: ago("31 days") }).where(eq(invitations.id, expiredLongAgo.id));
    await db().update(invitations).set({ revokedAt: ago("31 days") }).where(eq(invitations.id, revokedLongAgo.id));
    await db().update(invitations).set({ acceptedAt: ago("40 days") }).where(eq(invitations.id, acceptedLongAgo.id));
    await db().update(invitations).set({ expiresAt: ago("29 days") }).where(eq(invitations.id, expiredRecently.id));
    await db().update(invitations).set({ expiresAt: ago("31 days") }).where(eq(invitations.id, otherTenantExpired.id));

    const [oldKey, recentKey] = [newIdempotencyToken(), newIdempotencyToken()];
    for (const token of [oldKey, recentKey]) await withTenant(owner.actor, (tx) => performOnce(tx, { token, operation: "test.post", input: {} }, async () => "done"));
    await db().update(idempotencyKeys).set({ createdAt: ago("8 days") }).where(eq(idempotencyKeys.key, oldKey));

    const counts = succeeded(await runJob(JOBS, "expire-sessions"));

    expect(counts).toEqual({ sessions: 1, userTokens: 1, rateLimits: 1, invitations: 4, idempotencyKeys: 1 });
    expect((await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.tenantId, owner.organisation.id))).map((k) => k.key)).toEqual([recentKey]);
    expect((await db().select().from(sessions).where(eq(sessions.userId, userId))).map((s) => s.id)).toEqual([liveSession.id]);
    expect((await db().select().from(userTokens).where(eq(userTokens.userId, userId))).map((t) => t.purpose)).toEqual(["verify_email"]);
    const keys = (await db().select().from(rateLimits).where(inArray(rateLimits.key, ["test:stale", "test:fresh"]))).map((r) => r.key);
    expect(keys).toEqual(["test:fresh"]);
    const left = await db()
      .select({ id: invitations.id })
      .from(invitations)
      .where(inArray(invitations.tenantId, [owner.organisation.id, other.organisation.id]));
    expect(left.map((i) => i.id).sort()).toEqual([expiredRecently.id, open.id].sort());
  });
});

describe("retention", () => {
  it("deletes an organisation cancelled over 30 days ago with everything it owns, and keeps younger and active ones", async () => {
    expect(CANCELLED_ORGANISATION_RETENTION_DAYS).toBe(30);
    const due = await createOrganisationWithOwner();
    await invite(due);
    const recent = await createOrganisationWithOwner();
    const active = await createOrganisationWithOwner();
    await cancel(due.organisation.id, 31);
    await cancel(recent.organisation.id, 29);
    await db().update(tenants).set({ createdAt: sql`now() - interval '3 years'` }).where(eq(tenants.id, active.organisation.id));
    for (const table of ["memberships", "invitations", "audit_events", "audit_heads"] as const) {
      expect(await count(table, due.organisation.id), `${table} before the purge`).toBeGreaterThan(0);
    }

    const counts = succeeded(await runJob(JOBS, "retention"));

    expect(counts.organisationsDeleted).toBe(1);
    for (const table of ["tenants", "memberships", "invitations", "audit_events", "audit_heads"] as const) {
      expect(await count(table, due.organisation.id), `${table} after the purge`).toBe(0);
    }
    // The people are not the organisation's: their accounts stay.
    expect(await db().select({ id: users.id }).from(users).where(eq(users.id, due.user.id))).toHaveLength(1);
    for (const kept of [recent, active]) {
      expect(await count("tenants", kept.organisation.id)).toBe(1);
      expect(await count("memberships", kept.organisation.id)).toBe(1);
      expect(await count("audit_events", kept.organisation.id)).toBeGreaterThan(0);
    }
  });

  it("removes audit events older than 12 months and keeps newer ones, leaving a chain that verifies", async () => {
    expect(AUDIT_EVENT_RETENTION_MONTHS).toBe(12);
    const org = await createOrganisationWithOwner();
    const recentOrg = await createOrganisationWithOwner();
    const before = await db().select().from(auditEvents).where(eq(auditEvents.tenantId, org.organisation.id)).orderBy(auditEvents.id);
    expect(before.length).toBeGreaterThanOrEqual(2);
    const lastOld = before[before.length - 1].id;
    await backdateAuditEvents(org.organisation.id, lastOld, "12 months 1 day");
    await backdateAuditEvents(recentOrg.organisation.id, Number.MAX_SAFE_INTEGER, "11 months 28 days");
    await withTenant(org.actor, (tx) =>
      updateOrganisation(tx, org.organisation.id, { name: "Renamed Ltd", currency: org.organisation.currency, timeZone: org.organisation.timeZone, locale: org.organisation.locale }),
    );
    const recentCount = await count("audit_events", recentOrg.organisation.id);

    const counts = succeeded(await runJob(JOBS, "retention"));

    expect(counts.auditEventsDeleted).toBe(before.length);
    const kept = await db().select().from(auditEvents).where(eq(auditEvents.tenantId, org.organisation.id)).orderBy(auditEvents.id);
    expect(kept.map((e) => [e.id, e.action])).toEqual([[lastOld + 1, "organisation.updated"]]);
    expect(await count("audit_events", recentOrg.organisation.id)).toBe(recentCount);
    expect(await withTenant(org.actor, (tx) => verifyAuditChain(tx))).toEqual({ ok: true, checked: 1 });
    const [head] = await db().select().from(auditHeads).where(eq(auditHeads.tenantId, org.organisation.id));
    expect(head.lastId).toBe(lastOld + 1);
  });

  it("removes sent and failed email older than 30 days, and keeps pending and recent messages", async () => {
    expect(SENT_EMAIL_RETENTION_DAYS).toBe(30);
    const to = uniqueEmail("archive");
    const messages = [
      { subject: "old sent", status: "sent", age: "31 days" },
      { subject: "old failed", status: "failed", age: "31 days" },
      { subject: "old pending", status: "pending", age: "31 days" },
      { subject: "recent sent", status: "sent", age: "29 days" },
    ] as const;
    for (const message of messages) {
      await enqueueEmail(db(), { template: "test", to, subject: message.subject, body: createElement("p", null, message.subject) });
      await db()
        .update(outboxMessages)
        .set({ status: message.status, createdAt: sql`now() - ${message.age}::interval`, nextAttemptAt: sql`now() + interval '1 day'` })
        .where(eq(outboxMessages.subject, message.subject));
    }

    const counts = succeeded(await runJob(JOBS, "retention"));

    expect(counts.emailsDeleted).toBe(2);
    const left = await db().select({ subject: outboxMessages.subject }).from(outboxMessages).where(eq(outboxMessages.toAddress, to));
    expect(left.map((m) => m.subject).sort()).toEqual(["old pending", "recent sent"]);
  });

  it("purges the other organisations when one cannot be purged, and records the failure with its reason", async () => {
    const stuck = await createOrganisationWithOwner();
    const purged = await createOrganisationWithOwner();
    await cancel(stuck.organisation.id, 45);
    await cancel(purged.organisation.id, 45);
    // A stand-in for an append-only rule that does not yet honour folio.purge_tenant.
    await db().execute(sql.raw(`create function test_refuse_member_delete() returns trigger language plpgsql as $$
      begin
        if old.tenant_id = '${stuck.organisation.id}' then raise exception 'memberships of this tenant are kept'; end if;
        return old;
      end $$`));
    await db().execute(sql`create trigger test_refuse_member_delete before delete on memberships for each row execute function test_refuse_member_delete()`);
    let result: JobRunResult;
    try {
      result = await runJob(JOBS, "retention");
    } finally {
      await db().execute(sql`drop trigger test_refuse_member_delete on memberships`);
      await db().execute(sql`drop function test_refuse_member_delete()`);
    }

    expect(result).toMatchObject({ ran: true, status: "failed", counts: { organisationsDeleted: 1 } });
    expect(result.ran && result.error).toContain(`purging organisation ${stuck.organisation.slug}`);
    expect(result.ran && result.error).toContain("memberships of this tenant are kept");
    expect(await count("tenants", purged.organisation.id)).toBe(0);
    expect(await count("tenants", stuck.organisation.id)).toBe(1);
    expect(await count("audit_events", stuck.organisation.id)).toBeGreaterThan(0);
    const run = await jobRun("retention");
    expect(run.lastStatus).toBe("failed");
    expect(run.lastError).toContain("memberships of this tenant are kept");

    // Once the obstacle is gone, the next run finishes the work and clears the error.
    expect(succeeded(await runJob(JOBS, "retention")).organisationsDeleted).toBe(1);
    expect(await count("tenants", stuck.organisation.id)).toBe(0);
    expect(await jobRun("retention")).toMatchObject({ lastStatus: "succeeded", lastError: null });
  });
});

describe("runJob", () => {
  it("records each run in job_runs", async () => {
    const started = Date.now();
    succeeded(await runJob(JOBS, "expire-sessions"));
    const run = await jobRun("expire-sessions");
    expect(run.lastStatus).toBe("succeeded");
    expect(run.lastError).toBeNull();
    expect(run.lastStartedAt!.getTime()).toBeGreaterThan(started - 60_000);
    expect(run.lastFinishedAt!.getTime()).toBeGreaterThanOrEqual(run.lastStartedAt!.getTime());
  });

  it("records a failure's error, releases the job, and clears the error on the next success", async () => {
    let fail = true;
    const jobs: JobRegistry = {
      flaky: {
        description: "fails when told to",
        intervalMs: 1000,
        run: async (database: Database) => {
          if (fail) await database.execute(sql`select 1 / 0`);
          return { done: 1 };
        },
      },
    };
    const failed = await runJob(jobs, "flaky");
    expect(failed).toMatchObject({ name: "flaky", ran: true, status: "failed", counts: null });
    expect(failed.ran && failed.error).toContain("division by zero");
    expect(await jobRun("flaky")).toMatchObject({ lastStatus: "failed", lastError: expect.stringContaining("division by zero") });

    fail = false;
    expect(succeeded(await runJob(jobs, "flaky"))).toEqual({ done: 1 });
    expect(await jobRun("flaky")).toMatchObject({ lastStatus: "succeeded", lastError: null });
  });

  it("refuses a name that is not a job", async () => {
    await expect(runJob(JOBS, "no-such-job")).rejects.toThrow(UnknownJobError);
    await expect(runJob(JOBS, "toString")).rejects.toThrow(UnknownJobError);
    await expect(jobRun("no-such-job")).resolves.toBeUndefined();
  });

  it("runs a job once at a time: a concurrent run of the same job reports ran: false", async () => {
    const kind = databaseHandle().kind;
    const gate = deferred();
    let runs = 0;
    const jobs: JobRegistry = {
      slow: {
        description: "waits for the test",
        intervalMs: 1000,
        run: async () => {
          runs++;
          await gate.promise;
          return { runs };
        },
      },
      other: { description: "another job", intervalMs: 1000, run: async () => ({ ran: 1 }) },
    };

    const first = runJob(jobs, "slow");
    const second = runJob(jobs, "slow");
    // Without the lock both runs would wait for the gate, and neither would come back.
    const refused = await Promise.race([first, second, sleep(10_000).then(() => "both runs are waiting")]);
    expect(refused).toEqual({ name: "slow", ran: false, reason: "locked" });
    // Another job is not held up by it.
    expect(succeeded(await runJob(jobs, "other"))).toEqual({ ran: 1 });
    // On Postgres the holder is an advisory lock any instance sees; on PGlite, which one process owns, none is taken.
    const locks = await queryRow<{ n: number }>(
      db(),
      sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`,
    );
    expect(Number(locks?.n)).toBe(kind === "postgres" ? 1 : 0);
    gate.resolve();
    const results = await Promise.all([first, second]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(runs).toBe(1);
    expect(succeeded(await runJob(jobs, "slow"))).toEqual({ runs: 2 });

    if (kind === "postgres") {
      // Another instance (here: another connection) holding hashtext('folio.job.' || name) keeps the job from running.
      await db().transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${JOB_LOCK_PREFIX}slow`}))`);
        expect(await runJob(jobs, "slow")).toEqual({ name: "slow", ran: false, reason: "locked" });
      });
      expect(runs).toBe(2);
    }
  });
});

describe("the scheduler", () => {
  afterEach(async () => {
    await stopJobScheduler();
  });

  it("runs a job on its interval without overlapping runs, and stopping waits for the run under way", async () => {
    const gate = deferred();
    let runs = 0;
    let running = 0;
    let mostAtOnce = 0;
    const jobs: JobRegistry = {
      tick: {
        description: "counts",
        intervalMs: 60_000,
        run: async () => {
          runs++;
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          if (runs === 3) await gate.promise;
          else await sleep(20);
          running--;
          return { runs };
        },
      },
    };
    const results: JobRunResult[] = [];
    const errors: unknown[] = [];
    const stop = startJobScheduler(jobs, {
      intervals: { tick: 10 },
      firstCheckDelayMs: 0,
      onResult: (result) => results.push(result),
      onError: (_name, error) => errors.push(error),
    });
    expect(() => startJobScheduler(jobs)).toThrow(/already running/);

    await until(() => runs === 3, "the third run starts");
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await sleep(100);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    await sleep(100);

    expect(runs).toBe(3);
    expect(mostAtOnce).toBe(1);
    expect(errors).toEqual([]);
    expect(results.map((r) => r.ran && r.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(await jobRun("tick")).toMatchObject({ lastStatus: "succeeded" });
  });

  it("waits out the interval when the job ran recently on any instance", async () => {
    let runs = 0;
    const jobs: JobRegistry = { recent: { description: "counts", intervalMs: 60_000, run: async () => ({ runs: ++runs }) } };
    const errors: unknown[] = [];
    const options = { firstCheckDelayMs: 0, onResult: () => {}, onError: (_name: string, error: unknown) => errors.push(error) };
    succeeded(await runJob(jobs, "recent"));
    startJobScheduler(jobs, options);
    await sleep(300);
    expect(runs).toBe(1);
    await stopJobScheduler();

    // Started long enough ago: it runs at once.
    await db().update(jobRuns).set({ lastStartedAt: sql`now() - interval '61 seconds'` }).where(eq(jobRuns.name, "recent"));
    startJobScheduler(jobs, options);
    await until(() => runs === 2, "the overdue job runs");
    expect(errors).toEqual([]);
  });
});
