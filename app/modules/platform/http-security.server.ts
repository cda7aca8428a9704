import { randomBytes } from "node:crypto";

export const MAX_BODY_BYTES = 1024 * 1024;

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** Headers every response carries; scripts run only with this request's nonce. */
export function securityHeaders(nonce: string, production: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    ...(production ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(production ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request may change state: safe methods always; others only when the browser says they come
 * from one of our own origins (Origin, else Referer). A request with neither is refused.
 */
export function isSameOriginRequest(method: string, headers: { origin?: string | null; referer?: string | null; secFetchSite?: string | null }, allowedOrigins: string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (headers.secFetchSite && headers.secFetchSite !== "same-origin" && headers.secFetchSite !== "none") return false;
  const source = headers.origin && headers.origin !== "null" ? headers.origin : headers.referer;
  if (!source) return false;
  try {
    return allowedOrigins.includes(new URL(source).origin);
  } catch {
    return false;
  }
}
