import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema.server";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database itself or an open transaction. */
export type Queryable = Database | Tx;

export interface DatabaseHandle {
  kind: "postgres" | "pglite";
  db: Database;
  /** For PGlite: the instance, so tests can dump and load data directories. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string;
  /** PGlite data directory; "memory://" for an in-memory database. */
  dataDir?: string;
  pgliteLoadDataDir?: Blob;
  maxConnections?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      connection: { application_name: "folio", plan_cache_mode: "force_generic_plan" },
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    return { kind: "postgres", db, close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite(dataDir, options.pgliteLoadDataDir ? { loadDataDir: options.pgliteLoadDataDir } : {});
  await pglite.waitReady;
  const db = drizzlePglite(pglite, { schema }) as unknown as Database;
  return { kind: "pglite", db, pglite, close: () => pglite.close() };
}

export async function migrateDatabase(handle: DatabaseHandle) {
  const migrationsFolder = path.resolve(process.cwd(), "drizzle");
  if (handle.kind === "postgres") {
    await migratePostgres(handle.db as never, { migrationsFolder });
  } else {
    await migratePglite(handle.db as never, { migrationsFolder });
  }
}

/** Result rows of raw SQL, whichever driver ran it (postgres.js returns an array, PGlite an object). */
export async function queryRows<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function queryRow<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T | undefined> {
  return (await queryRows<T>(db, query))[0];
}

interface DrizzleInternals {
  dialect?: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session?: { client?: { unsafe?: (text: string, params: unknown[], options: { prepare: boolean }) => Promise<unknown[]> } };
}

/**
 * Like queryRow, as a named prepared statement on PostgreSQL, so that a hot statement is parsed and planned once
 * per connection instead of on every call. Drizzle prepares only builder queries given a name; raw SQL goes
 * through postgres.js directly here. PGlite (one in-process connection) runs it as usual.
 */
export async function queryRowPrepared<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T | undefined> {
  const internals = db as unknown as DrizzleInternals;
  const unsafe = internals.session?.client?.unsafe;
  if (databaseHandle().kind !== "postgres" || !internals.dialect || !unsafe) return queryRow<T>(db, query);
  const { sql: text, params } = internals.dialect.sqlToQuery(query);
  const rows = await unsafe.call(internals.session!.client, text, params, { prepare: true });
  return rows[0] as T | undefined;
}

// The server entry and the Remix build each load this module; the handle lives on globalThis so that they
// share one connection pool (and, for PGlite, one instance: two on one data directory would corrupt it).
const globalKey = Symbol.for("folio.database");
type GlobalWithDatabase = typeof globalThis & { [globalKey]?: DatabaseHandle };

export function setDatabase(handle: DatabaseHandle | undefined) {
  (globalThis as GlobalWithDatabase)[globalKey] = handle;
}

export function databaseHandle(): DatabaseHandle {
  const handle = (globalThis as GlobalWithDatabase)[globalKey];
  if (!handle) throw new Error("The database is not open: call openDatabase() and setDatabase() at start-up");
  return handle;
}

export function db(): Database {
  return databaseHandle().db;
}

export interface PostgresErrorInfo {
  code: string;
  message: string;
  constraint?: string;
}

/** The Postgres error behind a failure, unwrapped from Drizzle's "Failed query" wrapper; null if none. */
export function postgresError(error: unknown): PostgresErrorInfo | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return {
        code: candidate.code,
        message: String(candidate.message ?? ""),
        constraint: (candidate.constraint ?? candidate.constraint_name) as string | undefined,
      };
    }
    current = candidate.cause;
  }
  return null;
}

export const UNIQUE_VIOLATION = "23505";
