import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "~/modules/platform/env.server";
import { sessionSecret } from "~/modules/platform/secrets.server";
import { isUuid } from "~/utils/ids";

/*
 * The signed consent-id cookie of a site, as plain header strings. The format is the one the cookies of Remix
 * have (base64 of the JSON value, then "." and its HMAC-SHA256 in base64), so the cookies visitors already hold
 * keep reading.
 */

/** 13 months, the longest a consent choice should be relied on before asking again. */
export const CONSENT_COOKIE_MAX_AGE = 60 * 60 * 24 * 396;

function signature(value: string, secret: string): string {
  return createHmac("sha256", secret).update(value).digest("base64").replace(/=+$/, "");
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The value of cookie `name` in a Cookie header (the first one, as browsers send the most specific first), or null. */
function cookieValue(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const equals = part.indexOf("=");
    if (equals < 0 || part.slice(0, equals).trim() !== name) continue;
    const raw = part.slice(equals + 1).trim().replace(/^"(.*)"$/, "$1");
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/** The consent id cookie `name` carries, or null when it is missing, unsigned, forged or malformed. */
export function readSignedConsentId(cookieHeader: string | null, name: string): string | null {
  const signed = cookieValue(cookieHeader, name);
  const dot = signed?.lastIndexOf(".") ?? -1;
  if (!signed || dot < 0) return null;
  const encoded = signed.slice(0, dot);
  if (!sameText(signed.slice(dot + 1), signature(encoded, sessionSecret()))) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
    return isUuid(value) ? value : null;
  } catch {
    return null;
  }
}

/** The Set-Cookie header that keeps `consentId` under `name` for 13 months. */
export function signedConsentIdCookie(name: string, consentId: string): string {
  const encoded = Buffer.from(JSON.stringify(consentId), "utf8").toString("base64");
  const value = encodeURIComponent(`${encoded}.${signature(encoded, sessionSecret())}`);
  const secure = env().APP_ENV === "production" ? "; Secure" : "";
  return `${name}=${value}; Max-Age=${CONSENT_COOKIE_MAX_AGE}; Path=/; HttpOnly${secure}; SameSite=Lax`;
}
