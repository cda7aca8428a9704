import path from "node:path";
import { sql } from "drizzle-orm";
import { db, migrateWith, openDatabase, setDatabase, withStartupLock, type DatabaseHandle } from "~/db.server";
import { DatabaseUnavailableError, databaseUnavailable, withDatabaseDeadline } from "./database-faults.server";
import { env } from "./env.server";

export interface OpenFromEnvOptions {
  migrate?: boolean;
  /** Start-up work after migrating (the demo seed), under the same advisory lock: servers started together take turns. */
  afterMigrate?: () => Promise<void>;
}

/** Opens the database the environment names (DATABASE_URL, else PGlite under DATA_DIR) and makes it current. */
export async function openDatabaseFromEnv(options: OpenFromEnvOptions = {}): Promise<DatabaseHandle> {
  const config = env();
  const handle = config.DATABASE_URL
    ? await openDatabase({ url: config.DATABASE_URL })
    : await openDatabase({ dataDir: path.resolve(config.DATA_DIR, "pglite") });
  setDatabase(handle);
  if (options.migrate || options.afterMigrate) {
    await withStartupLock(handle, async (database) => {
      if (options.migrate) await migrateWith(handle.kind, database);
      await options.afterMigrate?.();
    });
  }
  return handle;
}

export function describeDatabase(): string {
  const config = env();
  if (!config.DATABASE_URL) return `embedded PGlite in ${path.resolve(config.DATA_DIR, "pglite")}`;
  const url = new URL(config.DATABASE_URL);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export const HEALTH_CHECK_DEADLINE_MS = 2000;

/** Answers when the database does, within two seconds: the health check's one question. */
export async function checkDatabase(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await withDatabaseDeadline(HEALTH_CHECK_DEADLINE_MS, () => db().execute(sql`select 1`));
    return { ok: true };
  } catch (error) {
    const unavailable = databaseUnavailable(error) ?? new DatabaseUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
    return { ok: false, reason: unavailable.message };
  }
}
