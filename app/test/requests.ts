import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createSessionCookie } from "~/modules/identity/auth.server";
import { isAppError } from "~/modules/platform/errors";
import { appErrorResponse } from "~/utils/errors.server";
import { CLIENT_IP_HEADER } from "~/utils/request.server";

/** Route tests call loaders and actions directly, with requests as the server would hand them over. */
const ORIGIN = "http://localhost:3000";

/** The Cookie header of a new session of `userId`, as the browser would send it back. */
export async function sessionCookie(userId: string): Promise<string> {
  return (await createSessionCookie(userId)).split(";")[0];
}

export interface RequestOptions {
  cookie?: string;
  /** The client address the server would have set from the socket. */
  ip?: string;
}

function headers(options: RequestOptions, extra: Record<string, string> = {}): Headers {
  const result = new Headers({ "user-agent": "Vitest Route Test/1.0", origin: ORIGIN, ...extra });
  if (options.cookie) result.set("cookie", options.cookie);
  if (options.ip) result.set(CLIENT_IP_HEADER, options.ip);
  return result;
}

/** A form POST to `path` (values may repeat a field with an array). */
export function formPost(path: string, fields: Record<string, string | string[]>, options: RequestOptions = {}): Request {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    body,
    headers: headers(options, { "content-type": "application/x-www-form-urlencoded" }),
  });
}

export function getRequest(path: string, options: RequestOptions = {}): Request {
  return new Request(`${ORIGIN}${path}`, { headers: headers(options) });
}

type Handler = (args: ActionFunctionArgs & LoaderFunctionArgs) => Promise<unknown>;

/**
 * What a loader or action gave: its Response, whether returned or thrown (Remix renders a thrown one, a 404 for
 * instance, just the same), and an AppError as the response the server turns it into
 * (app/utils/database-unavailable.server.ts). Anything else thrown is a failure of the test (a 500).
 */
export async function answer(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (!(result instanceof Response)) throw new Error(`expected a Response, got ${typeof result}`);
    return result;
  } catch (error) {
    if (error instanceof Response) return error;
    if (isAppError(error)) return appErrorResponse(error);
    throw error;
  }
}

/** Runs a loader or action with `request` and `params` and returns its Response, as `answer` does. */
export function respond(handler: Handler, request: Request, params: Record<string, string> = {}): Promise<Response> {
  return answer(() => handler({ request, params, context: { cspNonce: "" } }));
}
