import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { databaseHandle } from "../app/db.server";
import { env } from "../app/modules/platform/env.server";
import { isAcceptedBody, isSameOriginRequest, MAX_BODY_BYTES, newNonce, securityHeaders } from "../app/modules/platform/http-security.server";
import { acceptableCookieHeader, badRequestPage, requestTargetProblem } from "../app/modules/platform/edge.server";
import { describeDatabase, openDatabaseFromEnv } from "../app/modules/platform/startup.server";
import { configuredToolsForPath } from "../app/modules/privacy/consent.server";
import { DEMO_LOGIN, seedDemoOrganisation } from "../app/modules/tenancy/demo.server";
import { CLIENT_IP_HEADER } from "../app/utils/request.server";
import { runScript } from "./run-script";

process.env.NODE_ENV ??= "production";

await runScript(async () => {
  const config = env();
  const buildPath = path.resolve("build/index.js");
  if (!existsSync(buildPath)) throw new Error("No build found: run `npm run build` first (npm start does).");

  await openDatabaseFromEnv({ migrate: true });
  console.log(`Database: ${describeDatabase()}, migrated.`);
  const seeded = await seedDemoOrganisation();
  if (seeded.created) console.log(`Demo organisation created. Log in as ${DEMO_LOGIN.email} with password ${DEMO_LOGIN.password}`);

  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
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
    const tools = production ? configuredToolsForPath(req.path) : Promise.resolve({});
    tools.then((configured) => {
      res.set(securityHeaders(nonce, production, configured));
      next();
    }, next);
  });

  app.use((req, res, next) => {
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > MAX_BODY_BYTES) {
      res.status(413).type("text/plain").send(`The request is too large: at most ${MAX_BODY_BYTES / 1024} KiB.`);
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
  app.use(express.static("public", { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );

  const stopJobs = await startBackgroundJobs(config.JOBS === "on");

  const server = app.listen(config.PORT, () => {
    console.log(`Folio is listening on http://localhost:${config.PORT} (${config.APP_ENV})`);
  });

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: stopping Folio...`);
      server.close(async () => {
        await stopJobs();
        await databaseHandle().close();
        console.log("Stopped cleanly.");
        resolve();
      });
      server.closeAllConnections();
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  });
});

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
  return startJobScheduler();
}
