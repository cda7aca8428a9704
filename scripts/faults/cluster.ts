import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

// A private PostgreSQL cluster that a test starts, stops, freezes and removes: the machine's shared server is
// never stopped. We run as root, and PostgreSQL refuses to, so its commands run as the `postgres` OS user.

const BIN_DIRS = [process.env.PG_BIN_DIR, "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"].filter(Boolean) as string[];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PrivateCluster {
  port: number;
  /** A postgres:// URL of `database` on this cluster, as the superuser. */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  stop(mode?: "immediate" | "fast"): void;
  start(): void;
  /** SIGSTOP the postmaster and every backend: the server keeps its sockets but answers nothing. */
  freeze(): void;
  thaw(): void;
  /** Stops the cluster if it runs and removes its directory. */
  dispose(): void;
}

/** Why no cluster can be started here, or null when one can. */
export function whyNoCluster(): string | null {
  const bin = BIN_DIRS.find((dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl")));
  if (!bin) return `no initdb/pg_ctl found in ${BIN_DIRS.join(", ")} (set PG_BIN_DIR)`;
  if (process.getuid?.() === 0) {
    const user = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    if (user.status !== 0) return "running as root, and there is no `postgres` OS user to run the cluster as";
    if (spawnSync("runuser", ["--help"]).error) return "running as root, and `runuser` is missing";
  }
  return null;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const problem = whyNoCluster();
  if (problem) throw new Error(`cannot start a private PostgreSQL cluster: ${problem}`);
  const bin = BIN_DIRS.find((dir) => existsSync(path.join(dir, "initdb")))!;
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const [file, fileArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, command), ...args]] : [path.join(bin, command), args];
    return execFileSync(file, fileArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  };

  const directory = mkdtempSync(path.join(os.tmpdir(), "folio-faults-pg-"));
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(directory, uid, gid);
  }
  const dataDir = path.join(directory, "data");
  const port = await freePort();
  run("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=32MB`;
  let running = false;

  const cluster: PrivateCluster = {
    port,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async createDatabase(name) {
      const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`create database "${name}"`);
      } finally {
        await admin.end();
      }
      return cluster.url(name);
    },
    start() {
      run("pg_ctl", ["-D", dataDir, "-o", options, "-l", path.join(directory, "server.log"), "-w", "-t", "60", "start"]);
      running = true;
    },
    stop(mode = "immediate") {
      run("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "60", "stop"]);
      running = false;
    },
    freeze() {
      for (const pid of clusterPids(dataDir)) process.kill(pid, "SIGSTOP");
    },
    thaw() {
      for (const pid of clusterPids(dataDir)) process.kill(pid, "SIGCONT");
    },
    dispose() {
      try {
        cluster.thaw();
      } catch {
        // not running
      }
      if (running) {
        try {
          cluster.stop("immediate");
        } catch {
          // already gone
        }
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}

/** The postmaster (from postmaster.pid) and its children, read from /proc. */
function clusterPids(dataDir: string): number[] {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return [];
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  const children = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent pid; the command name (field 2) may hold spaces, in parentheses.
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}
