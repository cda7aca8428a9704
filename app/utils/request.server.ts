import { env } from "~/modules/platform/env.server";
import { firstControlCharacter, isValidPercentEncoding } from "./text-input";

/** Set by the server from the socket (or a trusted proxy); any value a client sends is overwritten. */
export const CLIENT_IP_HEADER = "x-folio-client-ip";

export function clientIp(request: Request): string | null {
  return request.headers.get(CLIENT_IP_HEADER);
}

export function requestMeta(request: Request) {
  return { ip: clientIp(request), userAgent: request.headers.get("user-agent") };
}

/** Longer than any address Folio links to itself; a longer target is not one of ours. */
const MAX_REDIRECT_TARGET = 2000;

/**
 * The one check of every redirect target that comes from a request (?redirectTo=, returnTo fields): a path on
 * this origin, or the fallback. Browsers drop tab and line breaks from an address and read a backslash as a
 * slash, so "/\t/evil.test" and "/\\evil.test" lead to evil.test: the target may hold no whitespace (U+3000
 * included), no control character and no backslash, may not start with "//", and must resolve, with
 * `new URL` against the app's origin, to that same origin. Its decoded path must not read as another host
 * either ("/%2F/evil.test"), for software that decodes an address before following it.
 */
export function safeRedirectTarget(to: unknown, fallback = "/app"): string {
  if (typeof to !== "string" || to.length > MAX_REDIRECT_TARGET) return fallback;
  // U+FFFD is where readFormData replaced a control character.
  if (!to.startsWith("/") || to.startsWith("//") || /[\\\s\uFFFD]/u.test(to) || firstControlCharacter(to)) return fallback;
  const origin = new URL(env().APP_URL).origin;
  let url: URL;
  try {
    url = new URL(to, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin || !isValidPercentEncoding(url.pathname)) return fallback;
  const decodedPath = decodeURIComponent(url.pathname);
  if (decodedPath.startsWith("//") || decodedPath.includes("\\") || firstControlCharacter(decodedPath)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
