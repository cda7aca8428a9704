import type { Session, User } from "lucia";
import { db, type Queryable } from "~/db.server";
import { acceptableCookieHeader } from "~/modules/platform/edge.server";
import { requestMemo } from "~/modules/platform/request-scope.server";
import { lucia, luciaIn } from "./lucia.server";

export interface AuthenticatedRequest {
  user: User;
  session: Session;
  /** A refreshed cookie to send back when the session's expiry was extended, else null. */
  refreshedCookie: string | null;
}

/** The memo key of the request's session (app/modules/platform/request-scope.server.ts). */
export const SESSION_MEMO = "identity.session";

const cache = new WeakMap<Request, Promise<AuthenticatedRequest | null>>();

/** What Lucia's session ids look like (lower-case base32); anything else in the cookie is no session. */
const SESSION_ID = /^[a-z0-9]{16,128}$/;

/**
 * The session id the request's cookies carry, or null. Lucia decodes every cookie of the header and throws on
 * one it cannot ("%ZZ"), so it reads only the acceptable ones; a value that is no session id ("%00") is no
 * session, never a query.
 */
export function sessionIdOf(request: Request): string | null {
  const sessionId = lucia().readSessionCookie(acceptableCookieHeader(request.headers.get("cookie") ?? undefined) ?? "");
  return sessionId && SESSION_ID.test(sessionId) ? sessionId : null;
}

/** Validates `sessionId` in `database` (extending it when half its life is gone): the signed-in user, or null. */
export async function validateSession(database: Queryable, sessionId: string | null): Promise<AuthenticatedRequest | null> {
  if (!sessionId) return null;
  const { session, user } = await luciaIn(database).validateSession(sessionId);
  if (!session || !user) return null;
  return { user, session, refreshedCookie: session.fresh ? lucia().createSessionCookie(session.id).serialize() : null };
}

/**
 * The signed-in user of this request, validated once per request however many loaders ask (one statement),
 * unless the request's context already read it.
 */
export function getAuthenticated(request: Request): Promise<AuthenticatedRequest | null> {
  return requestMemo(SESSION_MEMO, () => {
    let pending = cache.get(request);
    if (!pending) {
      pending = validateSession(db(), sessionIdOf(request));
      cache.set(request, pending);
    }
    return pending;
  });
}

/** A redirect as Remix's `redirect` makes it; modules do not import @remix-run. */
function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location } });
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  return redirect(`/login?${params}`);
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireAuthenticated(request: Request): Promise<AuthenticatedRequest> {
  const authenticated = await getAuthenticated(request);
  if (!authenticated) throw loginRedirect(request);
  return authenticated;
}

/** The signed-in user with a verified email address. */
export async function requireUser(request: Request): Promise<AuthenticatedRequest> {
  return requireUserOf(request, await getAuthenticated(request));
}

/** `authenticated` when it is a user with a verified address; else the redirect to log in or to verify. */
export function requireUserOf(request: Request, authenticated: AuthenticatedRequest | null): AuthenticatedRequest {
  if (!authenticated) throw loginRedirect(request);
  if (!authenticated.user.emailVerified) throw redirect("/verify-email");
  return authenticated;
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getAuthenticated(request)) throw redirect("/app");
}
