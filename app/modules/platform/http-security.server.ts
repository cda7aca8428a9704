import { randomBytes } from "node:crypto";

export const MAX_BODY_BYTES = 1024 * 1024;

/** The body an import's upload may have: a 100,000-row CSV of items with descriptions (docs/decisions/0021). */
export const MAX_IMPORT_BODY_BYTES = 20 * 1024 * 1024;

/** The paths that take a spreadsheet upload: an organisation's inventory import page. */
const IMPORT_UPLOAD_PATH = /^\/app\/[^/]+\/inventory\/import\/?$/;

/**
 * The largest body a request may send: MAX_BODY_BYTES, except a multipart POST to an import page, which may
 * send a file of up to MAX_IMPORT_BODY_BYTES. Only that combination is raised, so no other form and no other
 * content type gets more room than before.
 */
export function bodyLimitFor(method: string, path: string, contentType: string | undefined): number {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (method.toUpperCase() === "POST" && type === "multipart/form-data" && IMPORT_UPLOAD_PATH.test(path)) return MAX_IMPORT_BODY_BYTES;
  return MAX_BODY_BYTES;
}

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * What the consented tools of each cookie category load and talk to. Added to the policy only in production and
 * only for the tools a page's site configured (elsewhere the tools are inline stubs that touch no network);
 * the server still renders a tool's script only for visitors whose stored consent allows it.
 */
export const THIRD_PARTY_SOURCES = {
  analytics: {
    script: ["https://www.googletagmanager.com"],
    connect: ["https://www.googletagmanager.com", "https://www.google-analytics.com", "https://*.google-analytics.com", "https://*.analytics.google.com"],
    img: ["https://www.googletagmanager.com", "https://www.google-analytics.com", "https://*.google-analytics.com"],
  },
  marketing: {
    script: ["https://connect.facebook.net"],
    connect: ["https://connect.facebook.net", "https://www.facebook.com"],
    img: ["https://www.facebook.com"],
  },
} as const;

/** The consented tools a page's site has configured (see app/modules/privacy/consent.server.ts). */
export interface ThirdPartyTools {
  analytics?: boolean;
  marketing?: boolean;
}

/** Headers every response carries; scripts run only with this request's nonce. */
export function securityHeaders(nonce: string, production: boolean, tools: ThirdPartyTools = {}): Record<string, string> {
  const vendors = production ? (["analytics", "marketing"] as const).filter((category) => tools[category]).map((category) => THIRD_PARTY_SOURCES[category]) : [];
  const extra = (kind: "script" | "connect" | "img") => vendors.flatMap((vendor) => vendor[kind]).map((source) => ` ${source}`).join("");
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${extra("script")}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${extra("img")}`,
    "font-src 'self'",
    `connect-src 'self'${extra("connect")}`,
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

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Pages accept only form submissions: anything else sent to them (JSON, XML, text) is refused with 415 before it
 * can reach an action's formData() and fail there. Paths that take other bodies are listed by the caller.
 */
export function isAcceptedBody(method: string, contentType: string | undefined, path: string, otherBodyPaths: string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (otherBodyPaths.some((prefix) => path.startsWith(prefix))) return true;
  if (!contentType) return true;
  const type = contentType.split(";")[0].trim().toLowerCase();
  return FORM_TYPES.includes(type);
}
