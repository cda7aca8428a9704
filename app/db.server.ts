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
import { assertDeadlineNotPassed } from "./modules/platform/database-faults.server";
import { acquireEmbeddedLock, type EmbeddedLock } from "./modules/platform/embedded-lock.server";
import * as schema from "./schema.server";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database itself or an open transaction. */
export type Queryable = Database | Tx;

export interface DatabaseHandle {
  kind: "postgres" | "pglite";
  db: Database;
  /** For PostgreSQL: the URL, so that start-up work can open a connection of its own (withStartupLock). */
  url?: string;
  /** For PGlite: the instance, so tests can dump and load data directories. */
  pglite?: PGlite;
  /** For PGlite on a data directory: this process's exclusive lock on it (embedded-lock.server.ts). */
  embeddedLock?: EmbeddedLock;
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string;
  /** PGlite data directory; "memory://" for an in-memory database. */
  dataDir?: string;
  pgliteLoadDataDir?: Blob;
  maxConnections?: number;
  /** PostgreSQL: the longest a statement may run, in milliseconds; 0 for no limit (bulk loads). */
  statementTimeoutMs?: number;
}

// Faults (docs/decisions/0013-database-outages.md): a connection attempt gives up after a few seconds, a statement
// after ten, and a transaction left idle by a client that went away is ended by the server. A connection that
// failed is retried after at most half a second, so the pool is serving again right after the database is back.
export const CONNECT_TIMEOUT_SECONDS = 3;
export const STATEMENT_TIMEOUT_MS = 10_000;
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000;
const reconnectDelaySeconds = (retries: number) => Math.min(0.05 * 2 ** retries, 0.5);

function postgresClient(url: string, options: { max: number; statementTimeoutMs: number; applicationName: string }) {
  return postgres(url, {
    max: options.max,
    onnotice: () => {},
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    backoff: reconnectDelaySeconds,
    connection: {
      application_name: options.applicationName,
      plan_cache_mode: "force_generic_plan",
      statement_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  });
}

/** Transactions of work that passed its deadline (a request answered 503) roll back instead of committing. */
function guardCommits(database: Database) {
  const transaction = database.transaction.bind(database);
  database.transaction = ((work, config) =>
    transaction(async (tx) => {
      const value = await work(tx);
      assertDeadlineNotPassed();
      return value;
    }, config)) as Database["transaction"];
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const client = postgresClient(options.url, {
      max: options.maxConnections ?? 10,
      statementTimeoutMs: options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS,
      applicationName: "folio",
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    guardCommits(db);
    return { kind: "postgres", db, url: options.url, close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir ?? "memory://";
  let embeddedLock: EmbeddedLock | undefined;
  if (!dataDir.startsWith("memory://")) {
    // Before anything touches the directory: a second process must not even read it while another writes.
    embeddedLock = acquireEmbeddedLock(dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  try {
    const pglite = new PGlite(dataDir, options.pgliteLoadDataDir ? { loadDataDir: options.pgliteLoadDataDir } : {});
    await pglite.waitReady;
    const db = drizzlePglite(pglite, { schema }) as unknown as Database;
    guardCommits(db);
    const close = async () => {
      try {
        await pglite.close();
      } finally {
        embeddedLock?.release();
      }
    };
    return { kind: "pglite", db, pglite, embeddedLock, close };
  } catch (error) {
    embeddedLock?.release();
    throw error;
  }
}

/** The advisory lock key under which start-up work (migrations, the demo seed) runs: one server at a time. */
export const STARTUP_LOCK_KEY = "folio.startup";

/**
 * Runs `work` while holding the start-up advisory lock, so that servers started together on one database migrate
 * and seed one after the other: the second finds the work done. On PostgreSQL the lock is a session lock on a
 * connection of its own (without a statement timeout: a migration may take long, and so may waiting for one);
 * `work` is given a database on that connection. PGlite has one process (see embedded-lock.server.ts): no lock.
 */
export async function withStartupLock<T>(handle: DatabaseHandle, work: (database: Database) => Promise<T>): Promise<T> {
  if (handle.kind !== "postgres" || !handle.url) return work(handle.db);
  const client = postgresClient(handle.url, { max: 1, statementTimeoutMs: 0, applicationName: "folio-startup" });
  try {
    const lockDatabase = drizzlePostgres(client, { schema }) as unknown as Database;
    await client`select pg_advisory_lock(hashtext(${STARTUP_LOCK_KEY}))`;
    try {
      return await work(lockDatabase);
    } finally {
      await client`select pg_advisory_unlock(hashtext(${STARTUP_LOCK_KEY}))`.catch(() => {});
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Applies the migrations not yet applied, under the start-up lock. */
export async function migrateDatabase(handle: DatabaseHandle) {
  await withStartupLock(handle, (database) => migrateWith(handle.kind, database));
}

/** Applies the migrations on `database`, which must be the lock holder's (withStartupLock). */
export async function migrateWith(kind: DatabaseHandle["kind"], database: Database, migrationsFolder = path.resolve(process.cwd(), "drizzle")) {
  if (kind === "postgres") {
    await retryingConcurrentRoleChanges(() => migratePostgres(database as never, { migrationsFolder }));
  } else {
    await migratePglite(database as never, { migrationsFolder });
  }
}

/**
 * Migrations set the settings of the role folio_app, which every database of a cluster shares: two databases
 * migrating at once (a test run's, or two organisations' deployments on one server) can collide on that role's
 * catalog row ("tuple concurrently updated"). The start-up lock is per database, so the loser retries; its
 * migration transaction was rolled back whole.
 */
async function retryingConcurrentRoleChanges(work: () => Promise<unknown>) {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      if (attempt >= 5 || !/tuple concurrently updated/.test(postgresError(error)?.message ?? "")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
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
