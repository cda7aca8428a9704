import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { db, queryRows } from "~/db.server";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Runs `npm run bench -- <args>` as the command line does, on the database setting of the tests. */
function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // As from a shell: without the NODE_ENV=test of the test runner, which would keep React's development build.
    const { NODE_ENV: _runnerMode, ...env } = process.env;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench.ts", ...args], { cwd: root, env: env as NodeJS.ProcessEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run bench", () => {
  it("runs the ledger benchmark at 1/100 scale and ends with its figures as JSON", { timeout: 180_000 }, async () => {
    const { code, stdout, stderr } = await runBench(["ledger", "--quick"]);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split("\n");
    const figures = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(Object.keys(figures).sort()).toEqual(["aging_ms_10k", "aging_ms_1m", "bench", "post_entries_per_s", "tb_ms_10k", "tb_ms_1m", "tb_ms_1m_mid_month"]);
    expect(figures.bench).toBe("ledger");
    for (const key of ["post_entries_per_s", "tb_ms_10k", "tb_ms_1m", "tb_ms_1m_mid_month", "aging_ms_10k", "aging_ms_1m"]) {
      expect(typeof figures[key], key).toBe("number");
      expect(figures[key], key).toBeGreaterThan(0);
    }
    // The generated books were verified, and each budget is reported before the figures.
    expect(stdout).toMatch(/ 0 unbalanced entries, 0 orphan lines, 0 lines with a wrong account or party/);
    expect(lines.at(-2)).toMatch(/^Budget.*trial balance.*posting/);

    // On PostgreSQL the run made a database of its own and dropped it.
    const database = /folio_bench_[0-9a-f]+/.exec(stdout)?.[0];
    if (process.env.DATABASE_URL) {
      expect(database).toBeDefined();
      const left = await queryRows(db(), sql`select 1 from pg_database where datname = ${database}`);
      expect(left).toEqual([]);
    } else {
      expect(stdout).toContain("in-memory PGlite");
    }
  });

  it("runs the inventory benchmark at 1/100 scale and ends with its figures as JSON", { timeout: 300_000 }, async () => {
    const { code, stdout, stderr } = await runBench(["inventory", "--quick"]);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split("\n");
    const figures = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(Object.keys(figures).sort()).toEqual(
      ["as_of_ms", "balance_page_ms_max", "bench", "contention_stock", "contention_succeeded", "history_page_ms_max", "issues_per_s_one_item", "issues_per_s_spread", "min_balance_seen"].sort(),
    );
    expect(figures.bench).toBe("inventory");
    for (const key of ["issues_per_s_spread", "issues_per_s_one_item", "balance_page_ms_max", "history_page_ms_max", "as_of_ms"]) expect(figures[key], key).toBeGreaterThan(0);
    // Exactly as many buyers succeed as there is stock, and the balance never went below zero.
    expect(figures.contention_succeeded).toBe(figures.contention_stock);
    expect(figures.min_balance_seen).toBe(0);
    expect(stdout).toMatch(/; 0 balances, 0 month sums and 0 warehouse months out of step with the moves/);
    expect(lines.at(-2)).toMatch(/^Budget.*issues spread.*contention/);
  });

  it("runs the pages benchmark on the built server, in 2 transactions per page, and ends with its figures as JSON", { timeout: 600_000 }, async () => {
    const { code, stdout, stderr } = await runBench(["pages", "--quick"]);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split("\n");
    const figures = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    const rates = ["customers_rps", "dashboard_rps", "fixed_rps", "journal_rps", "trial_balance_rps"];
    expect(Object.keys(figures).sort()).toEqual(["bench", ...rates, "transactions_per_page"].sort());
    expect(figures.bench).toBe("pages");
    for (const key of rates) expect(figures[key], key).toBeGreaterThan(0);
    // Counted exactly (pg_stat_database, flushed): the page's context and its data, whatever the machine's speed.
    expect(figures.transactions_per_page).toBe(2);
    // The meter is calibrated: the health check's one statement counts as one transaction.
    expect(stdout).toMatch(/\/healthz: 1(\.\d+)? transactions per request/);
    // The server it measured is the one npm start runs: React's production build.
    expect(stdout).toContain("React production build");
    expect(lines.at(-2)).toMatch(/^Budget.*25% of \/healthz.*at most 2 transactions per page \(2\): met/);
  });

  it("refuses a full-scale run without PostgreSQL, and unknown benchmarks", { timeout: 60_000 }, async () => {
    const unknown = await runBench(["nonesuch"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown benchmark "nonesuch"');
    if (!process.env.DATABASE_URL) {
      const full = await runBench(["ledger"]);
      expect(full.code).toBe(1);
      expect(full.stderr).toContain("needs PostgreSQL");
      expect(full.stdout).toBe("");
    }
  });
});
