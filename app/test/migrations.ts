import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type DatabaseHandle, openDatabase } from "~/db.server";
import { createPostgresDatabase, dropPostgresDatabase, urlForDatabase } from "./database";

/** A copy of the migrations folder as it was before the migration `tag`: its journal cut before that entry. */
export async function migrationsFolderBefore(tag: string): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "folio-migrations-"));
  await cp(path.resolve("drizzle"), folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalFile, "utf8")) as { entries: Array<{ tag: string }> };
  const cut = journal.entries.findIndex((entry) => entry.tag === tag);
  if (cut <= 0) throw new Error(`no migration ${tag} after the first in the journal`);
  journal.entries = journal.entries.slice(0, cut);
  await writeFile(journalFile, JSON.stringify(journal));
  return folder;
}

/** Runs `work` on an empty, unmigrated database of its own: a new one on DATABASE_URL's server, else in-memory PGlite. */
export async function withFreshDatabase(work: (handle: DatabaseHandle) => Promise<void>) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ dataDir: "memory://" });
    try {
      await work(handle);
    } finally {
      await handle.close();
    }
    return;
  }
  const name = `folio_test_migration_${randomBytes(5).toString("hex")}`;
  await createPostgresDatabase(url, name);
  const handle = await openDatabase({ url: urlForDatabase(url, name), maxConnections: 2 });
  try {
    await work(handle);
  } finally {
    await handle.close();
    await dropPostgresDatabase(url, name);
  }
}
