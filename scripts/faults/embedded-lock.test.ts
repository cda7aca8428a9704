import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows } from "~/db.server";
import { freePort } from "./cluster";
import { newCustomerPost, organisationWithOwner, spawnScript, startServer, type ServerProcess } from "./server-process";

// One process at a time on an embedded (PGlite) data directory: a second is refused at once in one line, jobs go
// through the running server, and the first process's acknowledged writes all survive.

function finish(child: ReturnType<typeof spawnScript>, timeoutMs = 60_000) {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after ${timeoutMs} ms: ${stdout}${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

describe("a second process on the embedded database", () => {
  let dataDir: string;
  const servers: ServerProcess[] = [];
  let slug = "";
  let cookie = "";
  const acknowledged: string[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "folio-faults-embedded-"));
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ DATA_DIR: dataDir, DATABASE_URL: "", JOBS: "off" });

  async function writeCustomers(server: ServerProcess, count: number) {
    for (let n = 0; n < count; n++) {
      const name = `embedded-${acknowledged.length}-${Date.now()}`;
      const response = await fetch(`${server.baseUrl}/app/${slug}/sales/customers/new`, newCustomerPost(server.baseUrl, cookie, name));
      expect(response.status).toBe(302);
      acknowledged.push(name);
    }
  }

  it("refuses a second server, a migration and a direct job run while the server lives; the server runs the job", async () => {
    const first = startServer({ port: await freePort(), env: env() });
    servers.push(first);
    await first.waitUntilServing();
    ({ slug, cookie } = await organisationWithOwner(first.baseUrl));
    await writeCustomers(first, 10);

    // A second server on the same directory: refused before it migrates anything, in one line naming the holder.
    const second = startServer({ port: await freePort(), env: env() });
    servers.push(second);
    const exit = await second.waitForExit(30_000);
    expect(exit.code).toBe(1);
    const refusal = second.output().trim();
    expect(refusal.split("\n")).toHaveLength(1);
    expect(refusal).toContain(`in use by process ${first.child.pid}`);
    expect(refusal).toMatch(/Stop that process first/);
    expect(second.output()).not.toMatch(/migrated|listening/i);

    const lock = JSON.parse(readFileSync(path.join(dataDir, "pglite.lock"), "utf8")) as { pid: number; jobs?: { port: number } };
    expect(lock.pid).toBe(first.child.pid);
    expect(lock.jobs?.port).toBeGreaterThan(0);

    const migrate = await finish(spawnScript("migrate.ts", [], env()));
    expect(migrate.code).toBe(1);
    expect(migrate.stderr.trim().split("\n")).toHaveLength(1);
    expect(migrate.stderr).toContain(`in use by process ${first.child.pid}`);

    // `npm run jobs` asks the running server, which runs the job on its own database.
    const job = await finish(spawnScript("jobs.ts", ["expire-sessions"], env()));
    expect(job.code, job.stderr).toBe(0);
    expect(JSON.parse(job.stdout.trim())).toMatchObject({ job: "expire-sessions", ran: true, status: "succeeded", ranBy: first.child.pid });

    await writeCustomers(first, 10);
    expect(first.exited()).toBeNull();
    const page = await fetch(`${first.baseUrl}/app/${slug}/sales/customers`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    await first.stop();
    expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);

    // Nothing was lost: the directory opens, and every acknowledged write is there.
    const handle = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
    try {
      const rows = await queryRows<{ name: string }>(handle.db, sql`select name from customers`);
      const stored = new Set(rows.map((row) => row.name));
      expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
      expect(acknowledged).toHaveLength(20);
      const [run] = await queryRows<{ last_status: string }>(handle.db, sql`select last_status from job_runs where name = 'expire-sessions'`);
      expect(run?.last_status).toBe("succeeded");
    } finally {
      await handle.close();
    }
  });

  it("takes over the lock of a process that died, and a job with no server runs in its own process", async () => {
    const crashed = startServer({ port: await freePort(), env: env() });
    servers.push(crashed);
    await crashed.waitUntilServing();
    crashed.child.kill("SIGKILL");
    await crashed.waitForExit();
    expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(true);

    const job = await finish(spawnScript("jobs.ts", ["expire-sessions"], env()));
    expect(job.code, job.stderr).toBe(0);
    expect(JSON.parse(job.stdout.trim())).toMatchObject({ job: "expire-sessions", ran: true, status: "succeeded" });
    expect(JSON.parse(job.stdout.trim()).ranBy).toBeUndefined();

    const next = startServer({ port: await freePort(), env: env() });
    servers.push(next);
    await next.waitUntilServing();
    const page = await fetch(`${next.baseUrl}/app/${slug}/sales/customers`, { headers: { Cookie: cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    for (const name of acknowledged) expect(html).toContain(name);
  });
});
