import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import postgres from "postgres";
import { freePort, startPrivateCluster, whyNoCluster, type PrivateCluster } from "./cluster";
import { newCustomerPost, organisationWithOwner, sleep, startServer, timedRequest, type ServerProcess } from "./server-process";

// The database goes away under load: Folio answers 503 within seconds while it is gone, never exits, serves
// again within seconds once it is back, and loses nothing it acknowledged.

const noCluster = whyNoCluster();
if (noCluster) console.warn(`SKIPPED the database outage tests: ${noCluster}`);

const ANSWER_WITHIN_MS = 5000;
const RECOVER_WITHIN_MS = 5000;

interface Sample {
  loop: string;
  startedAt: number;
  ms: number;
  status: number;
  body: string;
}

describe.skipIf(noCluster)("the database goes away", () => {
  let cluster: PrivateCluster;
  let server: ServerProcess;
  let databaseUrl: string;
  let dataDir: string;
  let slug: string;
  let cookie = "";

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    databaseUrl = await cluster.createDatabase("folio_faults_outage");
    dataDir = mkdtempSync(path.join(os.tmpdir(), "folio-faults-outage-"));
    server = startServer({ port: await freePort(), env: { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, JOBS: "on" } });
    await server.waitUntilServing();

    ({ slug, cookie } = await organisationWithOwner(server.baseUrl));
  });

  afterAll(async () => {
    await server?.stop();
    cluster?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Request loops (pages, health, writes) until `stop()`; each write that got its redirect is acknowledged. */
  function runLoops() {
    const samples: Sample[] = [];
    const acknowledged: string[] = [];
    let running = true;
    const loop = async (name: string, request: (n: number) => Promise<Sample>) => {
      for (let n = 0; running; n++) {
        samples.push(await request(n));
        await sleep(50);
      }
    };
    const sample = async (loopName: string, url: string, init: RequestInit = {}): Promise<Sample> => {
      const startedAt = Date.now();
      const { status, body, ms } = await timedRequest(url, { ...init, timeoutMs: 15_000 });
      return { loop: loopName, startedAt, ms, status, body };
    };
    const writer = (name: string) => async (n: number) => {
      const customer = `${name}-${n}-${Date.now()}`;
      const result = await sample(name, `${server.baseUrl}/app/${slug}/sales/customers/new`, newCustomerPost(server.baseUrl, cookie, customer));
      if (result.status === 302) acknowledged.push(customer);
      return result;
    };
    const loops = Promise.all([
      loop("dashboard", () => sample("dashboard", `${server.baseUrl}/app/${slug}`, { headers: { Cookie: cookie } })),
      loop("customers", () => sample("customers", `${server.baseUrl}/app/${slug}/sales/customers`, { headers: { Cookie: cookie } })),
      loop("login-page", () => sample("login-page", `${server.baseUrl}/login`)),
      loop("healthz", () => sample("healthz", `${server.baseUrl}/healthz`)),
      loop("writer-a", writer("writer-a")),
      loop("writer-b", writer("writer-b")),
    ]);
    return {
      samples,
      acknowledged,
      async stop() {
        running = false;
        await loops;
      },
    };
  }

  async function customersInDatabase(): Promise<Set<string>> {
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ name: string }[]>`select name from customers`;
      return new Set(rows.map((row) => row.name));
    } finally {
      await sql.end();
    }
  }

  /** When every loop had a success again after `since`, the first such moment; null if some loop never did. */
  function recoveredAt(samples: Sample[], since: number): number | null {
    let latest = 0;
    for (const loopName of new Set(samples.map((s) => s.loop))) {
      const first = samples.find((s) => s.loop === loopName && s.startedAt >= since && (s.status === 200 || s.status === 302));
      if (!first) return null;
      latest = Math.max(latest, first.startedAt + first.ms);
    }
    return latest;
  }

  /** The server lived through the fault and answered every request in time. */
  function expectServedThroughout(samples: Sample[]) {
    expect(server.exited(), server.output().slice(-3000)).toBeNull();
    // The entry's backstop kept it alive only if a failed query had no listener: that is a bug of ours too.
    expect(server.output()).not.toContain("with nobody waiting for it");
    expectEveryRequestAnsweredInTime(samples);
  }

  function expectEveryRequestAnsweredInTime(samples: Sample[]) {
    const late = samples.filter((s) => s.status === 0 || s.ms > ANSWER_WITHIN_MS);
    expect(late.map((s) => `${s.loop}: ${s.status} after ${Math.round(s.ms)} ms`)).toEqual([]);
    const unexpected = samples.filter((s) => ![200, 302, 503].includes(s.status));
    expect(unexpected.map((s) => `${s.loop}: ${s.status} ${s.body.slice(0, 200)}`)).toEqual([]);
  }

  function expectUnavailablePages(down: Sample[]) {
    const health = down.filter((s) => s.loop === "healthz");
    expect(health.length).toBeGreaterThan(0);
    for (const answer of health) {
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({ status: "unavailable", reason: expect.stringMatching(/database/i) });
    }
    const page = down.find((s) => s.loop === "dashboard" && s.status === 503);
    expect(page, "a page answered 503 while the database was down").toBeDefined();
    expect(page!.body).toContain("Service temporarily unavailable");
    expect(page!.body).toContain("cannot reach its database");
    // The shell stays: the root error boundary renders inside the public layout, with its header and footer.
    expect(page!.body).toMatch(/<header[\s\S]*Folio[\s\S]*<footer/);
  }

  it("a transaction whose backend dies mid-statement fails with a connection error; the process lives, the pool serves", async () => {
    // postgres.js 3.4.9 unpatched: the rollback it sends on the dead connection throws from a setImmediate and
    // kills the process (docs/decisions/0013-database-outages.md).
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/faults/fixtures/transaction-backend-dies.ts")], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code, output).toBe(0);
    const result = JSON.parse(output.trim().split("\n").at(-1)!) as { unavailable: string | null; after: unknown };
    expect(result.unavailable, output).not.toBeNull();
    expect(result.after).toEqual({ one: 1 });
  });

  it("stopped for 30 s (pg_ctl stop -m immediate): 503 within 5 s while down, back within 5 s, nothing acknowledged lost, no exit", async () => {
    const loops = runLoops();
    await sleep(4000);
    const stoppedAt = Date.now();
    cluster.stop("immediate");
    await sleep(30_000);
    const startingAt = Date.now();
    cluster.start();
    const startedAt = Date.now();
    await sleep(10_000);
    await loops.stop();
    const { samples, acknowledged } = loops;

    expectServedThroughout(samples);
    // Requests sent from a second after the stop until the restart found no database.
    expectUnavailablePages(samples.filter((s) => s.startedAt > stoppedAt + 1000 && s.startedAt + s.ms < startingAt));

    const recovered = recoveredAt(samples, startedAt);
    expect(recovered, "every loop succeeded again after the restart").not.toBeNull();
    expect(recovered! - startedAt).toBeLessThan(RECOVER_WITHIN_MS);
    const afterRecovery = samples.filter((s) => s.startedAt > recovered! + 1000);
    expect(afterRecovery.filter((s) => s.status === 503).map((s) => s.loop)).toEqual([]);

    const before = acknowledged.length;
    expect(before).toBeGreaterThan(4);
    const stored = await customersInDatabase();
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
    console.log(
      `outage: ${samples.length} requests, ${samples.filter((s) => s.status === 503).length} answered 503, slowest ${Math.round(Math.max(...samples.map((s) => s.ms)))} ms, ` +
        `recovered ${recovered! - startedAt} ms after the restart, ${acknowledged.length} writes acknowledged and all stored`,
    );
  });

  it("frozen (SIGSTOP) for 10 s: 503 within 5 s, /healthz says why, back within 5 s of the thaw, nothing acknowledged lost", async () => {
    const loops = runLoops();
    await sleep(3000);
    const frozenAt = Date.now();
    cluster.freeze();
    await sleep(10_000);
    const thawingAt = Date.now();
    cluster.thaw();
    await sleep(8000);
    await loops.stop();
    const { samples, acknowledged } = loops;

    expectServedThroughout(samples);
    expectUnavailablePages(samples.filter((s) => s.startedAt > frozenAt + 500 && s.startedAt + s.ms < thawingAt));
    const recovered = recoveredAt(samples, thawingAt);
    expect(recovered, "every loop succeeded again after the thaw").not.toBeNull();
    expect(recovered! - thawingAt).toBeLessThan(RECOVER_WITHIN_MS);
    const stored = await customersInDatabase();
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
  });
});
