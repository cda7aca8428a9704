/**
 * The pages benchmark (docs/decisions/0009-pages-benchmark.md): the built server, in this process on the
 * benchmark's database, loaded from outside by autocannon (a process of its own) with 32 connections: requests
 * per second of /healthz and of four pages of a seeded organisation, and the database transactions each page
 * request costs, from pg_stat_database before and after.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { ReservedSql, Sql } from "postgres";
import { openDatabase, queryRow, setDatabase, type DatabaseHandle } from "../../app/db.server";
import { resetEnvForTests } from "../../app/modules/platform/env.server";
import { loadedReactBuild } from "../production-mode";
import type { BenchDatabase } from "./database";
import { seconds, timed } from "./measure";
import { type MeasuredPage, MEASURED_PAGES, countedTransactions, seedPagesOrganisation } from "./pages-seed";

export interface PagesFigures {
  bench: "pages";
  fixed_rps: number;
  dashboard_rps: number;
  journal_rps: number;
  trial_balance_rps: number;
  customers_rps: number;
  transactions_per_page: number;
}

export interface PagesBenchOptions {
  quick: boolean;
  log: (line: string) => void;
}

const CONNECTIONS = 32;
// A quick run (the test of this script) checks that it works, on a machine that may be busy with other tests:
// fewer connections, so that no request waits past the request deadline (a 503, which fails the run).
const QUICK_CONNECTIONS = 4;
const SERVER_POOL = 10;
/** Budgets: every page serves at least this share of /healthz's requests per second, in at most this many transactions. */
const SHARE_OF_FIXED = 0.25;
const MAX_TRANSACTIONS = 2;

interface Load {
  requests: number;
  seconds: number;
  rps: number;
}

/** Waits until the server has finished what it still had in flight: two reads in a row see nothing but themselves. */
async function untilIdle(meter: TransactionMeter) {
  let previous = await meter.read();
  for (let attempt = 0; attempt < 400; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const current = await meter.read();
    if (current - previous === meter.readCost) return;
    previous = current;
  }
  throw new Error("the server did not go idle");
}

/** Rebuilds when the build is missing or older than a source file: the benchmark measures the code as it is. */
function ensureBuild(log: (line: string) => void) {
  const root = process.cwd();
  const newest = (directory: string): number =>
    readdirSync(directory, { withFileTypes: true }).reduce((latest, entry) => {
      const file = path.join(directory, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(file) : statSync(file).mtimeMs);
    }, 0);
  const build = path.join(root, "build/index.js");
  const sources = Math.max(newest(path.join(root, "app")), ...["remix.config.js", "tailwind.config.ts"].map((f) => statSync(path.join(root, f)).mtimeMs));
  if (existsSync(build) && statSync(build).mtimeMs >= sources) return;
  log("Building (remix build): the build is missing or older than the sources...");
  const remix = createRequire(import.meta.url).resolve("@remix-run/dev/dist/cli.js");
  const result = spawnSync(process.execPath, [remix, "build"], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error(`remix build failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * Runs autocannon against `url` in a process of its own, for `seconds` or for exactly `requests` requests (it then
 * waits for every response); fails unless every response was a 2xx.
 */
function autocannon(url: string, options: { connections: number; cookie?: string; seconds?: number; requests?: number }): Promise<Load> {
  const loadGenerator = fileURLToPath(new URL("./load.ts", import.meta.url));
  const args = ["--import", "tsx", loadGenerator, JSON.stringify({ url, ...options })];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${stderr}`));
      const result = JSON.parse(stdout) as { duration: number; non2xx: number; errors: number; timeouts: number; "2xx": number };
      if (result.non2xx || result.errors || result.timeouts || !result["2xx"]) {
        return reject(new Error(`${url}: ${result["2xx"]} ok, ${result.non2xx} not 2xx, ${result.errors} errors, ${result.timeouts} timeouts (${stdout.trim()})`));
      }
      resolve({ requests: result["2xx"], seconds: result.duration, rps: Math.round(result["2xx"] / result.duration) });
    });
  });
}

/**
 * Counts the transactions the server runs. A backend reports its counts to pg_stat_database when it next goes idle
 * after a forced flush (else only seconds after it went idle): PGlite's one backend in this process is flushed by
 * the reading statement itself; on PostgreSQL each connection of the server's pool is reserved in turn to flush.
 * The flushing statement reads a table: a backend with nothing but transaction counts pending skips the flush.
 */
interface TransactionMeter {
  /** The server's database (the benchmark's). */
  handle: DatabaseHandle;
  /** Transactions so far, flushed. */
  read(): Promise<number>;
  /** What one read adds to the next one's figure. */
  readCost: number;
  close(): Promise<void>;
}

type ReservingClient = Sql & { reserve(): Promise<ReservedSql> };

async function transactionMeter(database: BenchDatabase): Promise<TransactionMeter> {
  if (!database.url) {
    return { handle: database.handle, read: () => countedTransactions(database.handle.db), readCost: 2, close: async () => {} };
  }
  const url = database.url;
  const reader = await openDatabase({ url, maxConnections: 1 });
  // The seeding pool's connections would report what they did whenever they go idle: they end first.
  await database.handle.close();
  await waitForOtherBackendsToExit(reader);
  const pool = await openDatabase({ url, maxConnections: SERVER_POOL });
  const client = (pool.db as unknown as { $client: ReservingClient }).$client;
  const flushPool = async () => {
    const reserved = await Promise.all(Array.from({ length: SERVER_POOL }, () => client.reserve()));
    try {
      await Promise.all(reserved.map((connection) => connection`select pg_stat_force_next_flush() from pg_class limit 1`));
    } finally {
      for (const connection of reserved) connection.release();
    }
  };
  return {
    handle: pool,
    async read() {
      await flushPool();
      return countedTransactions(reader.db);
    },
    readCost: SERVER_POOL + 2,
    async close() {
      await pool.close();
      await reader.close();
    },
  };
}

async function waitForOtherBackendsToExit(reader: DatabaseHandle) {
  for (let attempt = 0; attempt < 400; attempt++) {
    const row = await queryRow<{ others: number }>(
      reader.db,
      sql`select count(*)::int as others from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    if (Number(row?.others) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the seeding connections did not close");
}

export async function runPagesBench(database: BenchDatabase, options: PagesBenchOptions): Promise<{ figures: PagesFigures; budgetLines: string[] }> {
  const { quick, log } = options;
  const duration = 10;
  const warmUpRequests = quick ? 32 : 640;
  const countedRequests = quick ? 96 : 640;
  const connections = quick ? QUICK_CONNECTIONS : CONNECTIONS;
  ensureBuild(log);

  const { result: org, ms: seedMs } = await timed(async () => {
    const seeded = await seedPagesOrganisation({ entries: 200, customers: 25 });
    // Analysed now, so that autovacuum has nothing to do during the counts: its workers' transactions count in
    // pg_stat_database like any other.
    if (database.url) {
      await database.handle.db.execute(sql`vacuum analyze`);
      // ... and is kept from starting on its own: on a busy machine it did, and its transactions were counted as pages'.
      await database.handle.db.execute(sql`do $$
        declare t record;
        begin
          for t in select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'public' loop
            execute format('alter table %s set (autovacuum_enabled = false, toast.autovacuum_enabled = false)', t.name);
          end loop;
        end $$`);
    }
    return seeded;
  });
  log(`Seeded an organisation with 200 journal entries and 25 customers, its owner signed in, in ${seconds(seedMs)}`);

  const meter = await transactionMeter(database);
  setDatabase(meter.handle);
  process.env.JOBS = "off"; // no scheduled job may run (and count transactions) while the pages are measured
  resetEnvForTests();
  const { startServer } = await import("../server");
  const server = await startServer({ database: "current", port: 0 });
  try {
    const load = quick ? `${countedRequests} requests per target (quick)` : `${duration} s per target`;
    log(`Server: the build on port ${server.port}, React ${loadedReactBuild()} build; autocannon with ${connections} connections, ${load}`);
    const base = `http://127.0.0.1:${server.port}`;
    const targets: { name: "fixed" | MeasuredPage; path: string; cookie?: string }[] = [
      { name: "fixed", path: "/healthz" },
      ...(Object.keys(MEASURED_PAGES) as MeasuredPage[]).map((page) => ({ name: page, path: org.pagePath(page), cookie: org.cookie })),
    ];
    const rps: Record<string, number> = {};
    const transactions: Record<string, number> = {};
    for (const target of targets) {
      const url = `${base}${target.path}`;
      await autocannon(url, { connections, cookie: target.cookie, requests: warmUpRequests });
      if (!quick) {
        const timedLoad = await autocannon(url, { connections, cookie: target.cookie, seconds: duration });
        rps[target.name] = timedLoad.rps;
        log(`${target.path}: ${timedLoad.rps} requests/s (${timedLoad.requests} in ${timedLoad.seconds} s)`);
        await untilIdle(meter); // a timed run ends with requests in flight that the server still serves (and counts)
      }
      // Counted on an exact number of requests, each answered before the count is read. Work of other backends
      // on a busy machine (a late statistics flush) can only add to a count, never take from it: a count that is
      // not a whole number per request is taken again, at most three times, and the lowest kept.
      let counted = Infinity;
      let countedLoad: Awaited<ReturnType<typeof autocannon>> | undefined;
      for (let attempt = 0; attempt < 3; attempt++) {
        const before = await meter.read();
        const load = await autocannon(url, { connections, cookie: target.cookie, requests: countedRequests });
        const count = (await meter.read()) - before - meter.readCost;
        if (count / load.requests < counted / (countedLoad?.requests ?? 1)) [counted, countedLoad] = [count, load];
        if (count % load.requests === 0) break;
      }
      if (!countedLoad) throw new Error("no counted run");
      transactions[target.name] = Math.round((counted / countedLoad.requests) * 100) / 100;
      if (quick) rps[target.name] = countedLoad.rps;
      log(
        `${target.path}: ${transactions[target.name]} transactions per request (${counted} for ${countedLoad.requests})` +
          (quick ? `, ${countedLoad.rps} requests/s` : ""),
      );
    }

    const pages = Object.keys(MEASURED_PAGES) as MeasuredPage[];
    const transactionsPerPage = Math.max(...pages.map((page) => transactions[page]));
    const figures: PagesFigures = {
      bench: "pages",
      fixed_rps: rps.fixed,
      dashboard_rps: rps.dashboard,
      journal_rps: rps.journal,
      trial_balance_rps: rps.trial_balance,
      customers_rps: rps.customers,
      transactions_per_page: transactionsPerPage,
    };
    const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
    const floor = Math.round(rps.fixed * SHARE_OF_FIXED);
    const slowest = pages.reduce((a, b) => (rps[a] <= rps[b] ? a : b));
    const budgetLines = [
      `Budget${quick ? " (stated for 10 s runs; a quick run only shows the figures)" : ""}: ` +
        [
          `every page at least ${SHARE_OF_FIXED * 100}% of /healthz's requests per second (slowest: ${slowest} ${rps[slowest]} >= ${floor}): ${verdict(rps[slowest] >= floor)}`,
          `at most ${MAX_TRANSACTIONS} transactions per page (${transactionsPerPage}): ${verdict(transactionsPerPage <= MAX_TRANSACTIONS)}`,
        ].join("; "),
    ];
    return { figures, budgetLines };
  } finally {
    await server.stop();
    await meter.close();
    setDatabase(undefined);
  }
}
