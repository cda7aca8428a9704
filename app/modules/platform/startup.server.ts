import path from "node:path";
import { sql } from "drizzle-orm";
import { db, migrateDatabase, openDatabase, setDatabase, type DatabaseHandle } from "~/db.server";
import { env } from "./env.server";

/** Opens the database the environment names (DATABASE_URL, else PGlite under DATA_DIR) and makes it current. */
export async function openDatabaseFromEnv(options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const config = env();
  const handle = config.DATABASE_URL
    ? await openDatabase({ url: config.DATABASE_URL })
    : await openDatabase({ dataDir: path.resolve(config.DATA_DIR, "pglite") });
  setDatabase(handle);
  if (options.migrate) await migrateDatabase(handle);
  return handle;
}

export function describeDatabase(): string {
  const config = env();
  if (!config.DATABASE_URL) return `embedded PGlite in ${path.resolve(config.DATA_DIR, "pglite")}`;
  const url = new URL(config.DATABASE_URL);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/** Answers when the database does: the health check's one question. */
export async function checkDatabase(): Promise<void> {
  await db().execute(sql`select 1`);
}
