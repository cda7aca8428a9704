import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "~/db.server";

/** The server part of a postgres URL with another database name. */
export function urlForDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createPostgresDatabase(adminUrl: string, name: string, template?: string) {
  const admin = postgres(urlForDatabase(adminUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"${template ? ` template "${template}"` : ""}`);
  } finally {
    await admin.end();
  }
}

export async function dropPostgresDatabase(adminUrl: string, name: string) {
  const admin = postgres(urlForDatabase(adminUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

/** A migrated database of its own for one test file: a copy of the template the global setup prepared. */
export async function openTestDatabase(): Promise<{ handle: DatabaseHandle; dispose(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  const template = process.env.FOLIO_TEST_TEMPLATE;
  if (url) {
    const name = `folio_test_${randomBytes(6).toString("hex")}`;
    if (template) await createPostgresDatabase(url, name, template);
    else await createPostgresDatabase(url, name);
    const handle = await openDatabase({ url: urlForDatabase(url, name), maxConnections: 12 });
    if (!template) await migrateDatabase(handle);
    return {
      handle,
      async dispose() {
        await handle.close();
        await dropPostgresDatabase(url, name);
      },
    };
  }
  const dump = process.env.FOLIO_TEST_PGLITE_DUMP;
  const handle = await openDatabase({
    dataDir: "memory://",
    pgliteLoadDataDir: dump ? new Blob([await readFile(dump)]) : undefined,
  });
  if (!dump) await migrateDatabase(handle);
  return { handle, dispose: () => handle.close() };
}
