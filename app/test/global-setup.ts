import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase } from "~/db.server";
import { createPostgresDatabase, dropPostgresDatabase, urlForDatabase } from "./database";

/** Migrates once; every test file then starts from a copy (a template database, or a PGlite dump). */
export default async function globalSetup() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `folio_template_${randomBytes(4).toString("hex")}`;
    await createPostgresDatabase(url, template);
    const handle = await openDatabase({ url: urlForDatabase(url, template), maxConnections: 1 });
    await migrateDatabase(handle);
    await handle.close();
    process.env.FOLIO_TEST_TEMPLATE = template;
    return async () => {
      await dropPostgresDatabase(url, template);
    };
  }
  const directory = await mkdtemp(path.join(os.tmpdir(), "folio-test-"));
  const handle = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(handle);
  const dump = await handle.pglite!.dumpDataDir("none");
  await handle.close();
  const file = path.join(directory, "template.tar");
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  process.env.FOLIO_TEST_PGLITE_DUMP = file;
  return async () => {
    await rm(directory, { recursive: true, force: true });
  };
}
