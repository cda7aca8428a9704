import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, queryRow, setDatabase, type DatabaseHandle } from "../../app/db.server";
import { createPostgresDatabase, dropPostgresDatabase, urlForDatabase } from "../../app/test/database";
import { seconds } from "./measure";

export interface BenchDatabase {
  handle: DatabaseHandle;
  /** The PostgreSQL URL of the benchmark's database, for a benchmark that opens pools of its own; null on PGlite. */
  url: string | null;
  /** One line for the log: which database the run uses and what happens to it. */
  description: string;
}

/**
 * Runs `work` on a database of its own, migrated and made current (setDatabase), so a benchmark never
 * touches the data of the database DATABASE_URL names: a fresh database on that server, dropped at the end
 * (also on failure or Ctrl-C); without DATABASE_URL, an in-memory PGlite, allowed only for --quick runs.
 */
export async function withBenchDatabase<T>(
  options: {
    url: string | undefined;
    quick: boolean;
    maxConnections: number;
    /** The benchmark's full scale is small enough for in-memory PGlite too. */
    pgliteFullScale?: boolean;
    /** Leave the Postgres database in place afterwards, to look into a figure (EXPLAIN and so on). */
    keep?: boolean;
    log: (line: string) => void;
  },
  work: (database: BenchDatabase) => Promise<T>,
): Promise<T> {
  if (!options.url) {
    if (!options.quick && !options.pgliteFullScale) {
      throw new Error("A full-scale benchmark needs PostgreSQL: set DATABASE_URL (a database is created on that server and dropped at the end), or pass --quick to run at 1/100 scale on embedded PGlite.");
    }
    const started = performance.now();
    const handle = await openDatabase({ dataDir: "memory://" });
    try {
      await migrateDatabase(handle);
      setDatabase(handle);
      const description = `Database: in-memory PGlite (no DATABASE_URL${options.pgliteFullScale ? "" : "; quick runs only, full scale needs PostgreSQL"})`;
      options.log(`${description}, migrated in ${seconds(performance.now() - started)}`);
      return await work({ handle, url: null, description });
    } finally {
      setDatabase(undefined);
      await handle.close();
    }
  }

  const url = options.url;
  const name = `folio_bench_${randomBytes(5).toString("hex")}`;
  const server = new URL(url);
  const description = `Database: PostgreSQL ${name} on ${server.hostname}:${server.port || 5432} (created for this run, ${options.keep ? "kept afterwards (--keep)" : "dropped at the end"})`;
  await createPostgresDatabase(url, name);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await dropPostgresDatabase(url, name);
  };
  // Ctrl-C or a kill must not leave a database with a million rows behind. `with (force)` ends our sessions
  // under the queries in flight, whose driver then fails noisily: that is expected while stopping. A second
  // signal (the terminal's and the one tsx relays) must not cut the drop short.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.log(`${signal}: dropping ${name}`);
    process.on("uncaughtException", () => {});
    process.on("unhandledRejection", () => {});
    drop()
      .catch((error) => console.error(`Could not drop ${name}: ${error instanceof Error ? error.message : error}`))
      .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let handle: DatabaseHandle | undefined;
  try {
    const started = performance.now();
    // Bulk generation runs statements longer than the application's statement timeout.
    handle = await openDatabase({ url: urlForDatabase(url, name), maxConnections: options.maxConnections, statementTimeoutMs: 0 });
    await migrateDatabase(handle);
    setDatabase(handle);
    options.log(`${description}, migrated in ${seconds(performance.now() - started)}`);
    return await work({ handle, url: urlForDatabase(url, name), description });
  } finally {
    setDatabase(undefined);
    await handle?.close().catch(() => {});
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (options.keep) options.log(`Kept ${name}: drop it with  psql ${urlForDatabase(url, "postgres")} -c 'drop database ${name}'`);
    else await drop();
  }
}

/**
 * Bulk generation writes every tenant's rows in set-based statements with triggers off
 * (session_replication_role = replica): that needs a superuser, who also passes row-level security.
 */
export async function isSuperuser(handle: DatabaseHandle): Promise<boolean> {
  const row = await queryRow<{ superuser: boolean }>(handle.db, sql`select rolsuper as superuser from pg_roles where rolname = current_user`);
  return Boolean(row?.superuser);
}
