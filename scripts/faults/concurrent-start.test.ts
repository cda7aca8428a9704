import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { DEMO_LOGIN } from "~/workflows/seed-demo-organisation.server";
import { freePort, startPrivateCluster, whyNoCluster, type PrivateCluster } from "./cluster";
import { postLogin, startServer, type ServerProcess } from "./server-process";

// Servers started at the same moment on an empty database take turns to migrate and seed (an advisory lock),
// and all of them come up and serve.

const noCluster = whyNoCluster();
if (noCluster) console.warn(`SKIPPED the concurrent start test: ${noCluster}`);

describe.skipIf(noCluster)("several servers start at once on an empty database", () => {
  let cluster: PrivateCluster;
  const servers: ServerProcess[] = [];
  const directories: string[] = [];

  beforeAll(async () => {
    cluster = await startPrivateCluster();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    cluster?.dispose();
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });

  it("3 servers started together all migrate, seed the demo organisation once, and serve", async () => {
    const databaseUrl = await cluster.createDatabase("folio_faults_start");
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "folio-faults-start-"));
      directories.push(dataDir);
      servers.push(
        startServer({
          port,
          env: { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, JOBS: "off", SESSION_SECRET: "a-shared-session-secret-of-at-least-32-chars" },
        }),
      );
    }
    await Promise.all(servers.map((server) => server.waitUntilServing()));
    for (const server of servers) expect(server.exited(), server.output()).toBeNull();

    const seededBy = servers.filter((server) => server.output().includes("Demo organisation created"));
    expect(seededBy).toHaveLength(1);

    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const [{ tenants }] = await sql<{ tenants: number }[]>`select count(*)::int as tenants from tenants`;
      expect(tenants).toBe(1);
      const [{ migrations }] = await sql<{ migrations: number }[]>`select count(*)::int as migrations from drizzle.__drizzle_migrations`;
      expect(migrations).toBeGreaterThan(5);
    } finally {
      await sql.end();
    }

    // Each of them serves: the demo owner logs in through every one.
    for (const server of servers) {
      const login = await postLogin(server.baseUrl, DEMO_LOGIN);
      expect(login.status).toBe(302);
    }
  });
});
