import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";

// The built Folio server (scripts/server.ts), as an operator starts it, in a child process the test controls.

export interface ServerProcess {
  port: number;
  baseUrl: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** The exit code or signal, once it exited; null while it runs. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  waitForExit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when /healthz answers 200. */
  waitUntilServing(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function requireBuild() {
  if (!existsSync(path.resolve("build/index.js"))) throw new Error("No build: run `npx remix build` first (npm test builds before the fault suite).");
}

/** Runs a script of scripts/ with tsx, as npm's scripts do. */
export function spawnScript(script: string, args: string[], env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.resolve("scripts", script), ...args], {
    env: { ...process.env, NODE_ENV: "production", APP_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function startServer(options: { port: number; env: Record<string, string | undefined> }): ServerProcess {
  requireBuild();
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const child = spawnScript("server.ts", [], { PORT: String(options.port), APP_URL: baseUrl, ...options.env });
  let output = "";
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitListeners: Array<() => void> = [];
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  child.on("exit", (code, signal) => {
    exit = { code, signal };
    for (const listener of exitListeners.splice(0)) listener();
  });

  const server: ServerProcess = {
    port: options.port,
    baseUrl,
    child,
    output: () => output,
    exited: () => exit,
    waitForExit(timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        if (exit) return resolve(exit);
        const timer = setTimeout(() => reject(new Error(`the server did not exit within ${timeoutMs} ms\n${output}`)), timeoutMs);
        exitListeners.push(() => {
          clearTimeout(timer);
          resolve(exit!);
        });
      });
    },
    async waitUntilServing(timeoutMs = 180_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exit) throw new Error(`the server exited (${JSON.stringify(exit)}) before serving:\n${output}`);
        try {
          const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
          if (response.status === 200) return;
        } catch {
          // not listening yet
        }
        await sleep(250);
      }
      throw new Error(`the server did not serve within ${timeoutMs} ms:\n${output}`);
    },
    async stop() {
      if (exit) return;
      child.kill("SIGTERM");
      try {
        await server.waitForExit(15_000);
      } catch {
        child.kill("SIGKILL");
        await server.waitForExit(5000);
      }
    },
  };
  return server;
}

/** One HTTP request with a client-side limit; the result says how long it took. */
export async function timedRequest(url: string, init: RequestInit & { timeoutMs?: number } = {}) {
  const started = performance.now();
  try {
    const response = await fetch(url, { redirect: "manual", ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 10_000) });
    const body = await response.text();
    return { status: response.status, body, headers: response.headers, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, body: String(error), headers: new Headers(), ms: performance.now() - started };
  }
}

/** The `name=value` pairs of Set-Cookie headers, as a Cookie header. */
export function cookiesOf(headers: Headers, previous = ""): string {
  const jar = new Map(previous.split("; ").filter(Boolean).map((pair) => [pair.split("=")[0], pair] as const));
  for (const cookie of headers.getSetCookie()) {
    const pair = cookie.split(";")[0];
    jar.set(pair.split("=")[0], pair);
  }
  return [...jar.values()].join("; ");
}

/** Posts the login form as a browser does; 302 when it worked. */
export function postLogin(baseUrl: string, login: { email: string; password: string }): Promise<Response> {
  return fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: login.email, password: login.password, redirectTo: "" }),
  });
}

/** A new organisation from the dev fixture route with its owner logged in: its slug and the owner's Cookie header. */
export async function organisationWithOwner(baseUrl: string): Promise<{ slug: string; cookie: string }> {
  const fixture = await fetch(`${baseUrl}/dev/fixtures/organisation`, {
    method: "POST",
    headers: { Origin: baseUrl, "Content-Type": "application/json" },
    body: "{}",
  });
  expect(fixture.status).toBe(200);
  const organisation = (await fixture.json()) as { slug: string; email: string; password: string };
  const login = await postLogin(baseUrl, organisation);
  expect(login.status).toBe(302);
  return { slug: organisation.slug, cookie: cookiesOf(login.headers) };
}

/** The request that adds a customer named `name` through the new-customer form, as the logged-in `cookie`. */
export function newCustomerPost(baseUrl: string, cookie: string, name: string): RequestInit {
  return {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name, paymentTermsDays: "30" }),
  };
}
