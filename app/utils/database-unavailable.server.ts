import { json, type ServerBuild } from "@remix-run/node";
import { databaseUnavailable, UNAVAILABLE_MESSAGE, withDatabaseDeadline } from "~/modules/platform/database-faults.server";
import { isAppError } from "~/modules/platform/errors";
import { appErrorResponse } from "./errors.server";

/** A request whose action and loaders wait longer than this, together, on an unresponsive database is a 503. */
export const REQUEST_DEADLINE_MS = 3500;

type Handler = (args: { request: Request; context: unknown }) => unknown;

// One deadline per request: the action and the loaders Remix runs after it get Request objects of their own, but
// share the request's load context (scripts/server.ts makes one per request).
const deadlines = new WeakMap<object, number>();

function remainingMilliseconds(args: { request: Request; context: unknown }, deadlineMs: number): number {
  const key = typeof args.context === "object" && args.context !== null ? args.context : args.request;
  let expiresAt = deadlines.get(key);
  if (expiresAt === undefined) deadlines.set(key, (expiresAt = Date.now() + deadlineMs));
  return Math.max(expiresAt - Date.now(), 1);
}

/**
 * A route's `handle` may give its requests a longer deadline: only the test fixtures that write large books in
 * one request (APP_ENV=test) do, since a person's page must answer in seconds.
 */
export interface DeadlineHandle {
  requestDeadlineMs?: number;
}

/** The 503 a person sees while the database is unavailable: the root error boundary renders it inside the shell. */
function serviceUnavailable(): Response {
  return json(
    { message: UNAVAILABLE_MESSAGE },
    { status: 503, statusText: "Service Unavailable", headers: { "Retry-After": "5", "Cache-Control": "no-store" } },
  );
}

function guard(handler: Handler, deadlineMs: number): Handler {
  return async (args) => {
    try {
      return await withDatabaseDeadline(remainingMilliseconds(args, deadlineMs), async () => handler(args));
    } catch (error) {
      // A domain error no route answered is still its own status, never a 500.
      if (isAppError(error)) throw appErrorResponse(error);
      const unavailable = databaseUnavailable(error);
      if (!unavailable) throw error;
      console.error(`${args.request.method} ${new URL(args.request.url).pathname}: 503, ${unavailable.message}`);
      throw serviceUnavailable();
    }
  };
}

/**
 * The build with every loader and action guarded: a database that is unreachable, or does not answer within
 * REQUEST_DEADLINE_MS, is a 503 "temporarily unavailable" instead of a 500 or a request that hangs.
 */
export function guardRoutesAgainstDatabaseFaults(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module };
    const deadlineMs = (module.handle as DeadlineHandle | undefined)?.requestDeadlineMs ?? REQUEST_DEADLINE_MS;
    if (module.loader) module.loader = guard(module.loader as Handler, deadlineMs) as typeof module.loader;
    if (module.action) module.action = guard(module.action as Handler, deadlineMs) as typeof module.action;
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}
