import { redirect } from "@remix-run/node";
import type { Session, User } from "lucia";
import { acceptableCookieHeader } from "~/modules/platform/edge.server";
import { lucia } from "./lucia.server";

export interface AuthenticatedRequest {
  user: User;
  session: Session;
  /** A refreshed cookie to send back when the session's expiry was extended, else null. */
  refreshedCookie: string | null;
}

const cache = new WeakMap<Request, Promise<AuthenticatedRequest | null>>();

/** What Lucia's session ids look like (lower-case base32); anything else in the cookie is no session. */
const SESSION_ID = /^[a-z0-9]{16,128}$/;

/**
 * The session id in the request's cookies, or null. Lucia decodes every cookie of the header and throws on
 * one it cannot ("%ZZ"), so it reads only the acceptable ones; a value that is no session id ("%00") is no
 * session, never a query.
 */
function sessionIdFromCookies(request: Request): string | null {
  const sessionId = lucia().readSessionCookie(acceptableCookieHeader(request.headers.get("cookie") ?? undefined) ?? "");
  return sessionId && SESSION_ID.test(sessionId) ? sessionId : null;
}

/** The signed-in user of this request, validated once per request. */
export function getAuthenticated(request: Request): Promise<AuthenticatedRequest | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = (async () => {
      const sessionId = sessionIdFromCookies(request);
      if (!sessionId) return null;
      const { session, user } = await lucia().validateSession(sessionId);
      if (!session || !user) return null;
      return { user, session, refreshedCookie: session.fresh ? lucia().createSessionCookie(session.id).serialize() : null };
    })();
    cache.set(request, pending);
  }
  return pending;
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
  const authenticated = await requireAuthenticated(request);
  if (!authenticated.user.emailVerified) throw redirect("/verify-email");
  return authenticated;
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getAuthenticated(request)) throw redirect("/app");
}
