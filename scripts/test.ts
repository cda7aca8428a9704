/**
 * The one test command: finds Chromium, builds, runs the unit/integration suite (vitest), the end-to-end
 * suite (Playwright against the built server) and the fault suite (scripts/faults: the built server through
 * database outages, concurrent starts, a second process, a crash), then prints "N passed, N failed" over all.
 * Flags: --unit-only, --e2e-only (end to end and faults). The database is DATABASE_URL's, else embedded PGlite.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const args = new Set(process.argv.slice(2));
const runUnit = !args.has("--e2e-only");
const runE2e = !args.has("--unit-only");
const outputDir = path.resolve(".test-output");
mkdirSync(outputDir, { recursive: true });

function run(command: string, commandArgs: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function findChromium(): string | null {
  const candidate = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(candidate)) return candidate;
  const isDebian = existsSync("/etc/debian_version");
  const isRoot = process.getuid?.() === 0;
  if (!process.env.CHROMIUM_PATH && isDebian && isRoot) {
    console.log("Chromium is missing: installing Debian's chromium package...");
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

function vitestTotals(file: string): Totals {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; success: boolean; numFailedTestSuites: number };
  // A file that fails to load has no tests to count; it still counts as a failure.
  const brokenFiles = report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0;
  // An unhandled error (an exception thrown outside any test, say from a timer) fails the run with no test failed.
  const unhandled = !report.success && report.numFailedTests + brokenFiles === 0 ? 1 : 0;
  return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles + unhandled, skipped: report.numPendingTests + report.numTodoTests };
}

function playwrightTotals(file: string): Totals {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number }; errors?: unknown[] };
  const globalErrors = report.errors?.length ?? 0;
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected + (report.stats.expected + report.stats.unexpected === 0 ? Math.max(globalErrors, 1) : 0),
    skipped: report.stats.skipped,
  };
}

const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
const add = (t: Totals) => {
  totals.passed += t.passed;
  totals.failed += t.failed;
  totals.skipped += t.skipped;
};

const databaseLabel = process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite";

if (runUnit) {
  console.log(`\n== Unit and integration tests on ${databaseLabel} ==`);
  const report = path.join(outputDir, "vitest.json");
  rmSync(report, { force: true });
  run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${report}`]);
  const unit = vitestTotals(report);
  console.log(`unit: ${unit.passed} passed, ${unit.failed} failed`);
  add(unit);
}

if (runE2e) {
  console.log(`\n== End-to-end tests in Chromium on ${databaseLabel} ==`);
  const chromium = findChromium();
  if (!chromium) {
    console.error("No Chromium found: set CHROMIUM_PATH, or on Debian run `apt-get install -y chromium`.");
    totals.failed += 1;
  } else if (run("npx", ["remix", "build"]) !== 0) {
    console.error("The build failed; end-to-end tests not run.");
    totals.failed += 1;
  } else {
    const report = path.join(outputDir, "playwright.json");
    const dataDir = path.join(outputDir, `e2e-data-${process.pid}`);
    rmSync(report, { force: true });
    run("npx", ["playwright", "test"], { CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT: report, E2E_DATA_DIR: dataDir });
    rmSync(dataDir, { recursive: true, force: true });
    const e2e = playwrightTotals(report);
    console.log(`e2e: ${e2e.passed} passed, ${e2e.failed} failed`);
    add(e2e);

    console.log(`\n== Fault tests (built server, private PostgreSQL clusters) on ${databaseLabel} ==`);
    const faultsReport = path.join(outputDir, "faults.json");
    rmSync(faultsReport, { force: true });
    run("npx", ["vitest", "run", "--config", "scripts/faults/vitest.config.ts", "--reporter=default", "--reporter=json", `--outputFile=${faultsReport}`]);
    const faults = vitestTotals(faultsReport);
    console.log(`faults: ${faults.passed} passed, ${faults.failed} failed${faults.skipped ? `, ${faults.skipped} skipped` : ""}`);
    add(faults);
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed > 0 ? 1 : 0);
