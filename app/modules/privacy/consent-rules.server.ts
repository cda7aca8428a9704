import { isIPv4, isIPv6 } from "node:net";
import { OPTIONAL_CONSENT_CATEGORIES, type OptionalConsentCategory } from "./consent-forms";
import { CONSENT_CATEGORIES, type ConsentCategory, type ConsentMethod } from "./schema";

/*
 * The rules of consent, free of storage: what is in force for a stored choice, which scripts and cookies that
 * allows, and what of a request may be kept (docs/decisions/0007-consent.md).
 */

export interface StoredConsent {
  consentId: string;
  categories: ConsentCategory[];
  revision: number;
  method: ConsentMethod;
  userId: string | null;
  updatedAt: Date;
}

/** What a site may load once allowed, and the revision its banner is at. */
export interface SiteConsentConfig {
  revision: number;
  analyticsMeasurementId: string | null;
  marketingPixelId: string | null;
}

/** Only known categories, necessary always first. */
export function normaliseCategories(values: readonly string[]): ConsentCategory[] {
  return CONSENT_CATEGORIES.filter((category) => category === "necessary" || values.includes(category));
}

export interface ConsentDecision {
  categories: ConsentCategory[];
  method: ConsentMethod | null;
  needsBanner: boolean;
  /** Sec-GPC: 1 and no choice for the current revision: a gpc opt-out is to be recorded. */
  recordGpc: boolean;
}

/**
 * The consent in force: a stored choice for the current revision; else, with Global Privacy Control, an opt-out
 * of everything optional; else only necessary cookies and the banner. A choice for an older revision no longer
 * counts: the purposes changed since.
 */
export function decideConsent(stored: Pick<StoredConsent, "categories" | "revision" | "method"> | null, currentRevision: number, gpc: boolean): ConsentDecision {
  if (stored && stored.revision >= currentRevision) {
    return { categories: normaliseCategories(stored.categories), method: stored.method, needsBanner: false, recordGpc: false };
  }
  if (gpc) return { categories: ["necessary"], method: "gpc", needsBanner: false, recordGpc: true };
  return { categories: ["necessary"], method: null, needsBanner: true, recordGpc: false };
}

export function hasGpcSignal(request: Request): boolean {
  return request.headers.get("sec-gpc")?.trim() === "1";
}

export interface ConsentedScript {
  category: OptionalConsentCategory;
  vendor: "google-analytics" | "meta-pixel";
  id: string;
}

/**
 * The third-party scripts a page may carry: a category's script only when the consent in force grants that
 * category and the site configured a tool for it. This is the only way a script reaches a page.
 */
export function scriptsForConsent(categories: readonly ConsentCategory[], config: Pick<SiteConsentConfig, "analyticsMeasurementId" | "marketingPixelId">): ConsentedScript[] {
  const scripts: ConsentedScript[] = [];
  if (categories.includes("analytics") && config.analyticsMeasurementId) {
    scripts.push({ category: "analytics", vendor: "google-analytics", id: config.analyticsMeasurementId });
  }
  if (categories.includes("marketing") && config.marketingPixelId) {
    scripts.push({ category: "marketing", vendor: "meta-pixel", id: config.marketingPixelId });
  }
  return scripts;
}

/** Cookies the tools of each optional category set, expired when the category is not (or no longer) allowed. */
const CATEGORY_COOKIES: Record<OptionalConsentCategory, RegExp> = {
  analytics: /^(?:_ga|_ga_[A-Za-z0-9]{1,40}|_gid|_gat|_gat_[A-Za-z0-9_]{1,40})$/,
  marketing: /^(?:_fbp|_fbc|_gcl_au|_gcl_aw|_gcl_dc)$/,
};

/**
 * Set-Cookie headers expiring the known cookies of categories the consent does not allow, for the names the
 * request carries: host-only, and for the host's domain and its parents (tools set them on the widest domain).
 */
export function expiredCategoryCookies(cookieHeader: string | null, allowed: readonly ConsentCategory[], hostname: string): string[] {
  if (!cookieHeader) return [];
  const refused = OPTIONAL_CONSENT_CATEGORIES.filter((category) => !allowed.includes(category));
  if (refused.length === 0) return [];
  const names = new Set(
    cookieHeader
      .split(";")
      .map((part) => part.split("=")[0].trim())
      .filter((name) => refused.some((category) => CATEGORY_COOKIES[category].test(name))),
  );
  const domains: string[] = [];
  if (hostname.includes(".") && !isIPv4(hostname) && !hostname.startsWith("[")) {
    const labels = hostname.toLowerCase().split(".");
    for (let i = 0; i <= labels.length - 2; i++) domains.push(labels.slice(i).join("."));
  }
  const headers: string[] = [];
  for (const name of names) {
    headers.push(`${name}=; Max-Age=0; Path=/; SameSite=Lax`);
    for (const domain of domains) headers.push(`${name}=; Max-Age=0; Path=/; Domain=${domain}; SameSite=Lax`);
  }
  return headers;
}

// ---------------------------------------------------------------------------------------------------------------
// Neutralising what a request tells us

/** IPv4 with the last octet zeroed, IPv6 cut to its /48; anything else is not kept. */
export function truncateIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  let address = ip.trim();
  if (address.toLowerCase().startsWith("::ffff:") && isIPv4(address.slice(7))) address = address.slice(7);
  if (isIPv4(address)) return address.replace(/\.\d+$/, ".0");
  const zoneless = address.split("%")[0];
  if (!isIPv6(zoneless)) return null;
  const [head, tail = ""] = zoneless.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = zoneless.includes("::") ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 3)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::`;
}

export const MAX_USER_AGENT = 300;
export const MAX_PAGE = 300;

export function neutraliseUserAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  // eslint-disable-next-line no-control-regex
  const clean = userAgent.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  return clean ? clean.slice(0, MAX_USER_AGENT) : null;
}

/** A long random token (base64url of mixed case and digits, or long hex), not a slug, a word or a uuid. */
function looksLikeSecret(segment: string): boolean {
  if (segment.length >= 20 && /[A-Z]/.test(segment) && /[a-z]/.test(segment) && /[0-9]/.test(segment)) return true;
  return /^[0-9a-fA-F]{32,}$/.test(segment);
}

/**
 * The page a choice was made on: its path only (a query string can carry tokens and addresses), with segments
 * that look like secrets (long random strings) replaced, and capped in length.
 */
export function neutralisePage(path: string | null | undefined): string | null {
  if (!path || !path.startsWith("/") || path.startsWith("//")) return null;
  const pathname = path.split(/[?#]/)[0];
  const segments = pathname.split("/").map((segment) => (looksLikeSecret(segment) ? ":secret" : segment));
  // eslint-disable-next-line no-control-regex
  return segments.join("/").replace(/[\u0000-\u001f\u007f]/g, "").slice(0, MAX_PAGE) || "/";
}
