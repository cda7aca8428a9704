// `npm run jobs -- <name>`: runs one job once against the database the environment names (DATABASE_URL, else
// PGlite under DATA_DIR, as the server opens it), prints one line of JSON, and exits 0 when the job succeeded or was
// already running elsewhere, 1 when it failed or could not run, 2 when the name is not a job. When a server holds
// the embedded database, the server runs the job (job-control.server.ts); another holder refuses it in one line.
import { setDatabase } from "../app/db.server";
import { EmbeddedDatabaseLockedError } from "../app/modules/platform/embedded-lock.server";
import { env } from "../app/modules/platform/env.server";
import { runJobThroughHolder } from "../app/modules/platform/job-control.server";
import { isJobName, JOB_NAMES, JOBS } from "../app/jobs.server";
import { runJob, type JobRunResult } from "../app/modules/platform/jobs.server";
import { openDatabaseFromEnv } from "../app/modules/platform/startup.server";

function usage(problem: string) {
  const list = JOB_NAMES.map((name) => `  ${name.padEnd(18)}${JOBS[name].description}`).join("\n");
  console.error(`${problem}\nUsage: npm run jobs -- <name>\nJobs:\n${list}`);
}

function report(name: string, result: JobRunResult, ranBy?: number): number {
  console.log(
    JSON.stringify(
      result.ran
        ? { job: name, ran: true, status: result.status, durationMs: result.durationMs, counts: result.counts, error: result.error, ranBy }
        : { job: name, ran: false, reason: "already running elsewhere", ranBy },
    ),
  );
  return result.ran && result.status === "failed" ? 1 : 0;
}

async function main(args: string[]): Promise<number> {
  const name = args[0];
  if (!name) {
    usage("Name the job to run.");
    return 2;
  }
  if (!isJobName(name)) {
    usage(`Unknown job "${name}".`);
    return 2;
  }
  try {
    // The embedded database belongs to this process while it runs: bring it up to date as the server does.
    // A shared Postgres database is migrated by `npm run db:migrate` or the server's start, not by a job.
    const handle = await openDatabaseFromEnv({ migrate: !env().DATABASE_URL });
    try {
      return report(name, await runJob(JOBS, name, { handle }));
    } finally {
      setDatabase(undefined);
      await handle.close();
    }
  } catch (error) {
    if (error instanceof EmbeddedDatabaseLockedError) {
      const answer = await runJobThroughHolder(error.holder, name).catch(() => null);
      if (answer && "result" in answer) return report(name, answer.result, answer.ranBy);
      console.error(error.message);
      return 1;
    }
    console.log(JSON.stringify({ job: name, ran: false, status: "error", error: error instanceof Error ? error.message : String(error) }));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
