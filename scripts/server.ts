import { loadedReactBuild } from "./production-mode"; // first: sets NODE_ENV before anything loads React
import { existsSync, readdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { databaseHandle } from "../app/db.server";
import { JOBS } from "../app/jobs.server";
import { env } from "../app/modules/platform/env.server";
import { databaseUnavailable, withDatabaseDeadline } from "../app/modules/platform/database-faults.server";
import { startJobControl } from "../app/modules/platform/job-control.server";
import { bodyLimitFor, isAcceptedBody, isSameOriginRequest, newNonce, securityHeaders } from "../app/modules/platform/http-security.server";
import { isReadOnlyMethod, runInRequestScope } from "../app/modules/platform/request-scope.server";
import { acceptableCookieHeader, badRequestPage, requestTargetProblem } from "../app/modules/platform/edge.server";
import { describeDatabase, openDatabaseFromEnv } from "../app/modules/platform/startup.server";
import { configuredToolsForPath } from "../app/modules/privacy/consent.server";
import { DEMO_LOGIN, seedDemoOrganisation } from "../app/workflows/seed-demo-organisation.server";
import { guardRoutesAgainstDatabaseFaults } from "../app/utils/database-unavailable.server";
import { CLIENT_IP_HEADER } from "../app/utils/request.server";
import { createRequestHandler } from "./remix-handler";
import { runScript } from "./run-script";

export interface FolioServer {
  port: number;
  /** Stops listening, ends the open connections, stops the jobs and closes the database (unless the caller's). */
  stop(): Promise<void>;
}

/**
 * Serves the build: opens and migrates the database the environment names and seeds the demo organisation on an
 * empty one (or, with `database: "current"`, serves the database the caller opened: the pages benchmark), runs the
 * background jobs when JOBS is on, and listens on PORT (or `port`; 0 for any free port).
 */
export async function startServer(options: { database?: "from-env" | "current"; port?: number } = {}): Promise<FolioServer> {
  const config = env();
  const buildPath = path.resolve("build/index.js");
  if (!existsSync(buildPath)) throw new Error("No build found: run `npm run build` first (npm start does).");

  const ownDatabase = options.database !== "current";
  let seeded = { created: false };
  const handle = ownDatabase
    ? await openDatabaseFromEnv({
        migrate: true,
        afterMigrate: async () => {
          seeded = await seedDemoOrganisation();
        },
      })
    : databaseHandle();
  if (ownDatabase) console.log(`Database: ${describeDatabase()}, migrated.`);
  if (seeded.created) console.log(`Demo organisation created. Log in as ${DEMO_LOGIN.email} with password ${DEMO_LOGIN.password}`);

  const build = guardRoutesAgainstDatabaseFaults((await import(pathToFileURL(buildPath).href)) as ServerBuild);
  const production = config.APP_ENV === "production";
  const allowedOrigins = [new URL(config.APP_URL).origin];

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);
  app.use(compression());

  // The edge: an address no route could read is a 400 page, and a cookie no code could read is no cookie.
  app.use((req, res, next) => {
    const problem = requestTargetProblem(req.originalUrl);
    if (problem) {
      res.status(400).set(securityHeaders(newNonce(), production)).type("html").send(badRequestPage(problem));
      return;
    }
    const cookies = acceptableCookieHeader(req.headers.cookie);
    if (cookies) req.headers.cookie = cookies;
    else delete req.headers.cookie;
    closeWhenBodyUnread(req, res);
    next();
  });

  app.use((req, res, next) => {
    req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? "";
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    // In production the policy also allows the consented tools (analytics, marketing) the page's site configured.
    // Without the database (an outage) no tool is allowed: the page itself answers 503.
    const tools = production ? withDatabaseDeadline(1000, () => configuredToolsForPath(req.path)).catch(() => ({})) : Promise.resolve({});
    tools.then((configured) => {
      res.set(securityHeaders(nonce, production, configured));
      next();
    }, next);
  });

  app.use((req, res, next) => {
    const length = Number(req.headers["content-length"] ?? 0);
    const limit = bodyLimitFor(req.method, req.path, req.get("content-type"));
    if (length > limit) {
      res.status(413).type("text/plain").send(`The request is too large: at most ${limit / 1024} KiB.`);
      return;
    }
    if (req.headers["transfer-encoding"] && !req.headers["content-length"] && !["GET", "HEAD"].includes(req.method)) {
      res.status(411).type("text/plain").send("A Content-Length is required.");
      return;
    }
    if (!isAcceptedBody(req.method, req.get("content-type"), req.path, ["/dev/fixtures/"])) {
      res.status(415).type("text/plain").send("Send this as a form (application/x-www-form-urlencoded or multipart/form-data).");
      return;
    }
    const host = req.get("host");
    const origins = host ? [...allowedOrigins, `${req.protocol}://${host}`] : allowedOrigins;
    const sameOrigin = isSameOriginRequest(
      req.method,
      { origin: req.get("origin"), referer: req.get("referer"), secFetchSite: req.get("sec-fetch-site") },
      origins,
    );
    if (!sameOrigin) {
      res.status(403).type("text/plain").send("Cross-site requests that change data are refused.");
      return;
    }
    next();
  });

  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Only the files public/ holds are looked up there: any other path goes straight to Remix, without a stat of the disk.
  const publicFiles = new Set(readdirSync("public", { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => `/${entry.name}`));
  const servePublicFile = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublicFile(req, res, next) : next()));
  const handleWithRemix = createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
  });
  // A read-only request's loaders share one session and one membership lookup (app/modules/platform/request-scope.server.ts).
  app.all("*", (req, res, next) =>
    isReadOnlyMethod(req.method) ? runInRequestScope(() => handleWithRemix(req, res, next)) : handleWithRemix(req, res, next),
  );

  const stopJobs = await startBackgroundJobs(config.JOBS === "on");
  const stopJobControl = await startJobControl(handle, JOBS);

  const server = app.listen(options.port ?? config.PORT);
  // Idle keep-alive connections stay open longer than clients and load balancers keep theirs (60 s is common), so
  // the server never closes one at the moment a client sends on it (the client's ECONNRESET; Node's default is 5 s).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  const port = (server.address() as AddressInfo).port;
  console.log(`Folio is listening on http://localhost:${port} (${config.APP_ENV}, React ${loadedReactBuild()} build)`);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      server.close(async () => {
        await stopJobControl();
        await stopJobs();
        if (ownDatabase) await databaseHandle().close();
        resolve();
      });
      server.closeAllConnections();
    }));
  return { port, stop };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // A backstop (docs/decisions/0013-database-outages.md): a database call that fails while nobody waits for it
  // is logged, not the end of the process; any other unhandled rejection is a bug, and still ends it.
  process.on("unhandledRejection", (reason) => {
    const unavailable = databaseUnavailable(reason);
    if (!unavailable) throw reason;
    console.error(`A database call failed with nobody waiting for it (the server keeps serving): ${unavailable.message}`);
  });
  await runScript(async () => {
    const server = await startServer();
    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal}: stopping Folio...`);
        void server.stop().then(() => {
          console.log("Stopped cleanly.");
          resolve();
        });
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
    });
  });
}

/**
 * A response sent before the request's body was read (a redirect to log in, a throttle, a 413) leaves the rest
 * of the body in the connection, and the next request on it met a reset: such a response closes its connection.
 */
function closeWhenBodyUnread(req: express.Request, res: express.Response) {
  if (!req.headers["content-length"] && !req.headers["transfer-encoding"]) return;
  const writeHead = res.writeHead;
  res.writeHead = function (this: express.Response, ...args: Parameters<typeof writeHead>) {
    if (!req.complete) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

async function startBackgroundJobs(enabled: boolean): Promise<() => Promise<void>> {
  if (!enabled) return async () => {};
  const { startJobScheduler } = await import("../app/modules/platform/jobs.server");
  return startJobScheduler(JOBS);
}
