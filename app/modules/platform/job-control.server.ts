import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { DatabaseHandle } from "~/db.server";
import type { EmbeddedLockHolder } from "./embedded-lock.server";
import { runJob, type JobRegistry, type JobRunResult } from "./jobs.server";

// A server on the embedded database owns it: no other process may open it. `npm run jobs -- <name>` then asks
// the server to run the job, over an endpoint that listens on the loopback address only, on a port of its own
// (never the application's, so no proxy can expose it), and answers only a secret the server wrote into the lock
// file in the data directory (mode 0600: readable by the user the server runs as).

export type JobControlAnswer = { ranBy: number; result: JobRunResult } | { error: string };

/** Starts the endpoint for `jobs` and records it in the embedded lock; resolves to the function that stops it. */
export async function startJobControl(handle: DatabaseHandle, jobs: JobRegistry): Promise<() => Promise<void>> {
  const lock = handle.embeddedLock;
  if (!lock) return async () => {};
  const secret = randomBytes(32).toString("base64url");
  const expected = Buffer.from(`Bearer ${secret}`);

  const server = http.createServer((request, response) => {
    const answer = (status: number, body: JobControlAnswer) => {
      response.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      response.end(JSON.stringify(body));
    };
    const given = Buffer.from(request.headers.authorization ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return answer(401, { error: "Wrong or missing secret." });
    const name = /^\/jobs\/([a-z-]+)$/.exec(request.url ?? "")?.[1];
    if (request.method !== "POST" || !name) return answer(404, { error: "POST /jobs/<name>." });
    if (!Object.hasOwn(jobs, name)) return answer(404, { error: `Unknown job "${name}".` });
    runJob(jobs, name, { handle }).then(
      (result) => answer(200, { ranBy: process.pid, result }),
      (error: unknown) => answer(500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  lock.update({ jobs: { port: (server.address() as AddressInfo).port, secret } });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Asks the process holding the embedded database to run job `name`; null when it offers no jobs endpoint. */
export async function runJobThroughHolder(holder: EmbeddedLockHolder, name: string): Promise<JobControlAnswer | null> {
  if (!holder.jobs) return null;
  const response = await fetch(`http://127.0.0.1:${holder.jobs.port}/jobs/${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${holder.jobs.secret}` },
  });
  return (await response.json()) as JobControlAnswer;
}
