import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

// PGlite is PostgreSQL in this process: two processes on one data directory each believe they own it, and
// corrupt it. So a process that opens one takes an exclusive lock first: a file beside the directory holding
// its pid, refused to others while that process lives, taken over once it is dead.

export interface EmbeddedLockHolder {
  pid: number;
  /** The process's start time (Linux: /proc/<pid>/stat field 22), so that a reused pid is not taken for it. */
  startTime: string | null;
  command: string;
  since: string;
  /** Where the holder runs jobs for other processes (scripts/jobs.ts), when it is a server: job-control.server.ts. */
  jobs?: { port: number; secret: string };
}

export class EmbeddedDatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: EmbeddedLockHolder,
  ) {
    super(
      `The embedded database ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}): ` +
        "only one process may open it. Stop that process first, let the running server run a job with `npm run jobs -- <name>`, " +
        "or set DATABASE_URL to share a PostgreSQL database between processes.",
    );
  }
}

export interface EmbeddedLock {
  file: string;
  holder: EmbeddedLockHolder;
  /** Adds to what the lock file tells other processes (the jobs endpoint of a server). */
  update(patch: Partial<Pick<EmbeddedLockHolder, "jobs">>): void;
  release(): void;
}

export function lockFileOf(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the command name in parentheses (which may hold spaces): state is field 3, start time field 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** Whether the process that wrote `holder` still runs: the same pid, alive, and (where known) the same start. */
export function holderIsAlive(holder: EmbeddedLockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (isZombie(holder.pid)) return false;
  const startTime = processStartTime(holder.pid);
  return holder.startTime === null || startTime === null || startTime === holder.startTime;
}

function readHolder(file: string): EmbeddedLockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, "utf8")) as EmbeddedLockHolder;
    return Number.isInteger(holder.pid) ? holder : null;
  } catch {
    return null;
  }
}

/** The process holding the lock of `dataDir`, if one lives. */
export function embeddedLockHolder(dataDir: string): EmbeddedLockHolder | null {
  const holder = readHolder(lockFileOf(dataDir));
  return holder && holderIsAlive(holder) ? holder : null;
}

function commandLine(): string {
  const script = process.argv[1] ? path.basename(process.argv[1]) : "node";
  return [script, ...process.argv.slice(2)].join(" ").slice(0, 200);
}

/** Takes the lock of `dataDir` or throws EmbeddedDatabaseLockedError naming the live holder. */
export function acquireEmbeddedLock(dataDir: string): EmbeddedLock {
  const file = lockFileOf(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const holder: EmbeddedLockHolder = { pid: process.pid, startTime: processStartTime(process.pid), command: commandLine(), since: new Date().toISOString() };
  const write = (flag: "wx" | "w") => writeFileSync(file, `${JSON.stringify(holder)}\n`, { flag, mode: 0o600 });

  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      write("wx");
      return lockOf(file, holder, write);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const current = readHolder(file);
    if (current && holderIsAlive(current)) throw new EmbeddedDatabaseLockedError(dataDir, current);
    if (!current) {
      // Empty or unreadable: another process is writing it this instant, or a crash cut it short.
      const modified = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
      if (modified === undefined) continue;
      if (Date.now() - modified < 2000) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
    }
    // The holder is dead: take its place, unless someone else did in the meantime.
    if (JSON.stringify(readHolder(file)) === JSON.stringify(current)) unlinkSync(file);
  }
  throw new Error(`Could not take the lock ${file}: it keeps changing hands.`);
}

function lockOf(file: string, holder: EmbeddedLockHolder, write: (flag: "w") => void): EmbeddedLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener("exit", release);
    const current = readHolder(file);
    if (current?.pid === holder.pid && current.startTime === holder.startTime) unlinkSync(file);
  };
  process.on("exit", release);
  return {
    file,
    holder,
    update(patch) {
      Object.assign(holder, patch);
      write("w");
    },
    release,
  };
}
