import { sql } from "drizzle-orm";
import { databaseHandle, postgresError, queryRow, type Database, type DatabaseHandle } from "~/db.server";
import { jobRuns } from "./schema";

// The runner of named jobs, run once by `npm run jobs -- <name>` or repeatedly by the scheduler the server starts.
// The jobs themselves span areas and are registered above them (app/jobs.server.ts); the runner is given them.
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
export function describeError(error: unknown): string {
  const database = postgresError(error);
  const message = database ? `${database.message} (SQLSTATE ${database.code})` : error instanceof Error ? error.message : String(error);
  return message.slice(0, 2000);
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
 * Runs one job of `jobs` once, unless it is already running (on another server instance, in another process, or in this
 * one): then returns `{ ran: false }`. A failing job does not throw; its result has status "failed" and the
 * error, as job_runs does. Throws UnknownJobError for a name that is not a job, and when the database is
 * unreachable.
 */
export async function runJob(jobs: JobRegistry, name: string, options: RunJobOptions = {}): Promise<JobRunResult> {
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
 * Runs every job of `jobs` on its interval until stopped; returns the function that stops it (stopJobScheduler does the
 * same). Before each run the scheduler reads job_runs and waits out the rest of the interval if any instance
 * started the job more recently, so N instances run a job about once per interval between them, and a
 * restart does not postpone a daily job by a day. A job's next check is set only when its previous run has
 * finished, so runs of one job never overlap in a process; the timers do not keep the process alive.
 */
export function startJobScheduler(jobs: JobRegistry, options: SchedulerOptions = {}): () => Promise<void> {
  const shared = store();
  if (shared.scheduler) throw new Error("The job scheduler is already running: stop it before starting another");
  const handle = options.handle ?? databaseHandle();
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
        else onResult(await runJob(jobs, name, { handle }));
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
