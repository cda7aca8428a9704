import { sql } from "drizzle-orm";
import { databaseHandle, postgresError, queryRow, type Database, type DatabaseHandle } from "~/db.server";
import { deleteAuditEventsOlderThan } from "~/modules/audit/retention.server";
import { deleteOldOutboxMessages, deliverOutbox } from "~/modules/email/outbox.server";
import { deleteExpiredSessions } from "~/modules/identity/retention.server";
import { deleteExpiredUserTokens } from "~/modules/identity/users.server";
import {
  deleteClosedInvitations,
  listOrganisationsDueForPurge,
  listTenantIds,
  purgeCancelledOrganisation,
  withTenantMaintenance,
} from "~/modules/tenancy/retention.server";
import { deleteOldIdempotencyKeys } from "~/modules/tenancy/idempotency.server";
import { deleteStaleRateLimits } from "./rate-limit.server";
import {
  AUDIT_EVENT_RETENTION_MONTHS,
  CANCELLED_ORGANISATION_RETENTION_DAYS,
  CLOSED_INVITATION_RETENTION_DAYS,
  IDEMPOTENCY_KEY_RETENTION_DAYS,
  SENT_EMAIL_RETENTION_DAYS,
} from "./retention";
import { jobRuns } from "./schema";

// Named jobs, run once by `npm run jobs -- <name>` or repeatedly by the scheduler the server starts.
// How one instance at a time is ensured: docs/decisions/0005-jobs.md.

/** What a job did, as counts: `{ sent: 3, failed: 0 }`. */
export type JobCounts = Record<string, number>;

export interface JobDefinition {
  description: string;
  /** Time between scheduled runs, in milliseconds, unless the scheduler is given another. */
  intervalMs: number;
  run(database: Database): Promise<JobCounts>;
}

export type JobRegistry = Readonly<Record<string, JobDefinition>>;

/** A failure after part of the work was done; the counts of that part are kept in the run's result. */
export class JobError extends Error {
  constructor(
    message: string,
    readonly counts: JobCounts,
  ) {
    super(message);
  }
}

export class UnknownJobError extends Error {
  constructor(
    readonly jobName: string,
    readonly known: string[],
  ) {
    super(`Unknown job "${jobName}"; the jobs are: ${known.join(", ")}`);
  }
}

/** The message of an error, with the database's own message when a query failed. */
function describeError(error: unknown): string {
  const database = postgresError(error);
  const message = database ? `${database.message} (SQLSTATE ${database.code})` : error instanceof Error ? error.message : String(error);
  return message.slice(0, 2000);
}

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
  for (const tenantId of await listTenantIds(database)) {
    invitations += await withTenantMaintenance(database, tenantId, (tx) => deleteClosedInvitations(tx, CLOSED_INVITATION_RETENTION_DAYS));
    idempotencyKeys += await withTenantMaintenance(database, tenantId, (tx) => deleteOldIdempotencyKeys(tx, IDEMPOTENCY_KEY_RETENTION_DAYS));
  }
  return { sessions, userTokens, rateLimits, invitations, idempotencyKeys };
}

/**
 * The retention rules of the privacy policy (constants in ./retention.ts). Each organisation is purged, and
 * each tenant's audit trail trimmed, in a transaction of its own: one that fails is reported at the end and
 * does not hold back the others.
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

  let auditEventsDeleted = 0;
  for (const tenantId of await listTenantIds(database)) {
    try {
      auditEventsDeleted += await withTenantMaintenance(database, tenantId, (tx) => deleteAuditEventsOlderThan(tx, AUDIT_EVENT_RETENTION_MONTHS));
    } catch (error) {
      failures.push(`trimming the audit trail of tenant ${tenantId}: ${describeError(error)}`);
    }
  }

  const emailsDeleted = await deleteOldOutboxMessages(database, SENT_EMAIL_RETENTION_DAYS);

  // Backups: Folio keeps none yet. When a backup store exists, removing its backups older than
  // BACKUP_RETENTION_DAYS (./retention.ts) is the next step here, with its count added to the result.

  const counts = { organisationsDeleted, auditEventsDeleted, emailsDeleted };
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
    description: "Apply retention: purge cancelled organisations, old audit events, old sent email",
    intervalMs: 24 * 60 * 60_000,
    run: retention,
  },
} satisfies JobRegistry;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

export type JobRunResult =
  | { name: string; ran: false; reason: "locked" }
  | {
      name: string;
      ran: true;
      status: "succeeded" | "failed";
      counts: JobCounts | null;
      error: string | null;
      startedAt: Date;
      finishedAt: Date;
      durationMs: number;
    };

export interface RunJobOptions {
  /** The database to run on; the one set with setDatabase() by default. */
  handle?: DatabaseHandle;
  /** The jobs to look `name` up in; JOBS by default. */
  jobs?: JobRegistry;
}

/** The prefix of the advisory lock key of a job: hashtext('folio.job.' || name). */
export const JOB_LOCK_PREFIX = "folio.job.";

// State shared by every copy of this module (the server entry and the Remix build each load one).
const storeKey = Symbol.for("folio.jobs");
interface JobsStore {
  /** PGlite only: the jobs running in this process, per database. */
  running: WeakMap<Database, Set<string>>;
  scheduler?: { stop(): Promise<void> };
}
function store(): JobsStore {
  const holder = globalThis as typeof globalThis & { [storeKey]?: JobsStore };
  holder[storeKey] ??= { running: new WeakMap() };
  return holder[storeKey];
}

/**
 * Runs `work` if no one else is running job `name` on this database. Postgres: a transaction-level advisory
 * lock, held by a transaction that stays open, on a connection of its own, while the work runs on others.
 * PGlite: one process owns the database and has one connection, so an in-process set is the whole lock
 * (an open transaction there would block the work's own queries).
 */
async function withJobLock<T>(handle: DatabaseHandle, name: string, work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
  if (handle.kind === "pglite") {
    const jobs = store().running;
    let running = jobs.get(handle.db);
    if (!running) jobs.set(handle.db, (running = new Set()));
    if (running.has(name)) return { acquired: false };
    running.add(name);
    try {
      return { acquired: true, value: await work() };
    } finally {
      running.delete(name);
    }
  }
  return handle.db.transaction(async (tx) => {
    // This transaction stays idle while the job runs: the server must not end it as an abandoned one.
    const row = await queryRow<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtext(${JOB_LOCK_PREFIX + name})) as locked, set_config('idle_in_transaction_session_timeout', '0', true)`,
    );
    if (!row?.locked) return { acquired: false as const };
    return { acquired: true as const, value: await work() };
  });
}

async function recordStart(database: Database, name: string) {
  await database
    .insert(jobRuns)
    .values({ name, lastStartedAt: sql`now()`, lastStatus: "running", lastError: null })
    .onConflictDoUpdate({ target: jobRuns.name, set: { lastStartedAt: sql`now()`, lastStatus: "running", lastError: null } });
}

async function recordFinish(database: Database, name: string, error: string | null) {
  await database
    .update(jobRuns)
    .set({ lastFinishedAt: sql`now()`, lastStatus: error === null ? "succeeded" : "failed", lastError: error })
    .where(sql`${jobRuns.name} = ${name}`);
}

/** Runs the job, recording its start and end in job_runs. Never throws: a failure is the result's status. */
async function execute(database: Database, name: string, job: JobDefinition): Promise<JobRunResult> {
  const startedAt = new Date();
  let counts: JobCounts | null = null;
  let error: string | null = null;
  try {
    await recordStart(database, name);
    counts = await job.run(database);
  } catch (failure) {
    error = describeError(failure);
    if (failure instanceof JobError) counts = failure.counts;
  }
  try {
    await recordFinish(database, name, error);
  } catch (failure) {
    error ??= `the job ran but its end could not be recorded: ${describeError(failure)}`;
  }
  const finishedAt = new Date();
  return {
    name,
    ran: true,
    status: error === null ? "succeeded" : "failed",
    counts,
    error,
    startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
  };
}

/**
 * Runs one job once, unless it is already running (on another server instance, in another process, or in this
 * one): then returns `{ ran: false }`. A failing job does not throw; its result has status "failed" and the
 * error, as job_runs does. Throws UnknownJobError for a name that is not a job, and when the database is
 * unreachable.
 */
export async function runJob(name: string, options: RunJobOptions = {}): Promise<JobRunResult> {
  const jobs: JobRegistry = options.jobs ?? JOBS;
  const job = Object.hasOwn(jobs, name) ? jobs[name] : undefined;
  if (!job) throw new UnknownJobError(name, Object.keys(jobs));
  const handle = options.handle ?? databaseHandle();
  const outcome = await withJobLock(handle, name, () => execute(handle.db, name, job));
  return outcome.acquired ? outcome.value : { name, ran: false, reason: "locked" };
}

/** Milliseconds since the job last started, on the database's clock; null when it never ran. */
async function millisecondsSinceLastStart(database: Database, name: string): Promise<number | null> {
  const row = await queryRow<{ ms: number | null }>(
    database,
    sql`select (extract(epoch from (now() - last_started_at)) * 1000)::float8 as ms from job_runs where name = ${name}`,
  );
  return row?.ms == null ? null : Number(row.ms);
}

export interface SchedulerOptions {
  /** Milliseconds between runs, per job name; 0 or false leaves a job out. Others keep their intervalMs. */
  intervals?: Partial<Record<string, number | false>>;
  /** The database; the one set with setDatabase() by default. */
  handle?: DatabaseHandle;
  /** The jobs to schedule; JOBS by default. */
  jobs?: JobRegistry;
  /** Delay before each job's first check; by default 1 to 5 s at random, so instances started together spread out. */
  firstCheckDelayMs?: number;
  /** Called with every run's result. By default failures go to stderr and runs that did something to stdout, as JSON. */
  onResult?: (result: JobRunResult) => void;
  /** Called when a check or run could not reach the database. By default written to stderr as JSON. */
  onError?: (name: string, error: unknown) => void;
}

function logResult(result: JobRunResult) {
  if (!result.ran) return;
  const line = JSON.stringify({ job: result.name, status: result.status, durationMs: result.durationMs, counts: result.counts, error: result.error ?? undefined });
  if (result.status === "failed") console.error(line);
  else if (Object.values(result.counts ?? {}).some((count) => count > 0)) console.log(line);
}

function logError(name: string, error: unknown) {
  console.error(JSON.stringify({ job: name, status: "error", error: describeError(error) }));
}

/**
 * Runs every job on its interval until stopped; returns the function that stops it (stopJobScheduler does the
 * same). Before each run the scheduler reads job_runs and waits out the rest of the interval if any instance
 * started the job more recently, so N instances run a job about once per interval between them, and a
 * restart does not postpone a daily job by a day. A job's next check is set only when its previous run has
 * finished, so runs of one job never overlap in a process; the timers do not keep the process alive.
 */
export function startJobScheduler(options: SchedulerOptions = {}): () => Promise<void> {
  const shared = store();
  if (shared.scheduler) throw new Error("The job scheduler is already running: stop it before starting another");
  const handle = options.handle ?? databaseHandle();
  const jobs: JobRegistry = options.jobs ?? JOBS;
  const onResult = options.onResult ?? logResult;
  const onError = options.onError ?? logError;
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let stopping: Promise<void> | undefined;

  for (const [name, job] of Object.entries(jobs)) {
    const configured = options.intervals?.[name];
    const interval = configured === undefined ? job.intervalMs : configured;
    if (interval === false || !(interval > 0)) continue;

    const schedule = (delay: number) => {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(name);
        const run: Promise<void> = tick().finally(() => inFlight.delete(run));
        inFlight.add(run);
      }, delay);
      timer.unref();
      timers.set(name, timer);
    };

    const tick = async () => {
      let next = interval;
      try {
        const elapsed = await millisecondsSinceLastStart(handle.db, name);
        const remaining = elapsed === null ? 0 : interval - elapsed;
        // A little early is on time: waiting a few milliseconds more would only add a check.
        if (remaining > Math.min(1000, interval / 10)) next = remaining;
        else onResult(await runJob(name, { handle, jobs }));
      } catch (error) {
        onError(name, error);
      }
      schedule(next);
    };

    schedule(Math.min(interval, options.firstCheckDelayMs ?? 1000 + Math.random() * 4000));
  }

  const scheduler = {
    stop() {
      stopping ??= (async () => {
        stopped = true;
        for (const timer of timers.values()) clearTimeout(timer);
        timers.clear();
        await Promise.allSettled([...inFlight]);
        if (shared.scheduler === scheduler) shared.scheduler = undefined;
      })();
      return stopping;
    },
  };
  shared.scheduler = scheduler;
  return scheduler.stop;
}

/** Stops the running scheduler, if any, and resolves when the runs under way have finished. */
export async function stopJobScheduler(): Promise<void> {
  await store().scheduler?.stop();
}
