import { randomUUID } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { createCookie, type Cookie } from "@remix-run/node";
import { asc, sql } from "drizzle-orm";
import { db, queryRow, queryRows, type Queryable, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { env } from "~/modules/platform/env.server";
import { sessionSecret } from "~/modules/platform/secrets.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { findOrganisationBySlug } from "~/modules/tenancy/organisations.server";
import { EXPORT_PAGE_SIZE, type ExportColumn, type ExportTable, type InTransaction, pagedRows } from "~/utils/export";
import { clientIp } from "~/utils/request.server";
import { OPTIONAL_CONSENT_CATEGORIES, type OptionalConsentCategory } from "./consent-forms";
import {
  CONSENT_CATEGORIES,
  consentRecords,
  privacySettings,
  type ConsentCategory,
  type ConsentMethod,
} from "./schema";
import { isUuid } from "~/utils/ids";

/**
 * Cookie consent, decided and recorded on the server (docs/decisions/0007-consent.md).
 *
 * A "site" is Folio's own pages or one organisation's public pages (/p/:slug/..., /o/:slug/...). Each site has its
 * own signed consent-id cookie, its own banner revision and its own records: platform_consent_* for Folio,
 * consent_* (tenant tables, row-level security) for an organisation. The cookie holds only a random id; what a
 * visitor allowed is read from the stored state, so scripts are rendered only from what the server recorded.
 */

/** Folio's own banner revision: raise it when the categories or their purposes change, and everyone is asked again. */
export const FOLIO_BANNER_REVISION = 1;

export type ConsentSite = { kind: "folio" } | { kind: "tenant"; tenantId: string; slug: string };
export const FOLIO_SITE: ConsentSite = { kind: "folio" };

export interface ConsentReading {
  consentId: string | null;
  categories: ConsentCategory[];
  revision: number;
  method: ConsentMethod | null;
  needsBanner: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Sites and cookies

const TENANT_PATH = /^\/(?:p|o)\/([^/]+)(?:\/|$)/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The site a path belongs to: an organisation's public pages under /p/:slug and /o/:slug, else Folio. */
export async function siteForPath(pathname: string): Promise<ConsentSite> {
  return (await describeSiteForPath(pathname)).site;
}

/** The site of a path and the name to show for it (the organisation's, or null for Folio). */
export async function describeSiteForPath(pathname: string): Promise<{ site: ConsentSite; name: string | null }> {
  const match = TENANT_PATH.exec(pathname);
  if (!match) return { site: FOLIO_SITE, name: null };
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]);
  } catch {
    return { site: FOLIO_SITE, name: null };
  }
  return (await describeSiteForSlug(slug)) ?? { site: FOLIO_SITE, name: null };
}

/** An active organisation's site, or null when no active organisation has this slug. */
export async function siteForSlug(slug: string): Promise<ConsentSite | null> {
  return (await describeSiteForSlug(slug))?.site ?? null;
}

async function describeSiteForSlug(slug: string): Promise<{ site: ConsentSite; name: string } | null> {
  if (!SLUG.test(slug)) return null;
  const tenant = await findOrganisationBySlug(db(), slug);
  if (!tenant || tenant.status !== "active") return null;
  return { site: { kind: "tenant", tenantId: tenant.id, slug: tenant.slug }, name: tenant.name };
}

/** The site a consent form names: "folio" or "org:<slug>" (see CONSENT_SITE_PATTERN). */
export async function siteForField(value: string): Promise<ConsentSite | null> {
  if (value === "folio") return FOLIO_SITE;
  return value.startsWith("org:") ? siteForSlug(value.slice(4)) : null;
}

export function siteField(site: ConsentSite): string {
  return site.kind === "folio" ? "folio" : `org:${site.slug}`;
}

/** Where a site's visitors change their choice. */
export function cookieSettingsPath(site: ConsentSite): string {
  return site.kind === "folio" ? "/cookies" : `/o/${site.slug}/cookies`;
}

/** 13 months, the longest a consent choice should be relied on before asking again. */
export const CONSENT_COOKIE_MAX_AGE = 60 * 60 * 24 * 396;

/** One cookie per site: folio_consent for Folio, folio_consent_<tenant id without dashes> for an organisation. */
export function consentCookieName(site: ConsentSite): string {
  return site.kind === "folio" ? "folio_consent" : `folio_consent_${site.tenantId.replace(/-/g, "")}`;
}

const cookieCache = new Map<string, Cookie>();

function consentCookie(site: ConsentSite): Cookie {
  const name = consentCookieName(site);
  let cookie = cookieCache.get(name);
  if (!cookie) {
    cookie = createCookie(name, {
      httpOnly: true,
      sameSite: "lax",
      secure: env().APP_ENV === "production",
      path: "/",
      maxAge: CONSENT_COOKIE_MAX_AGE,
      secrets: [sessionSecret()],
    });
    cookieCache.set(name, cookie);
  }
  return cookie;
}


/** The consent id in this site's cookie, or null when it is missing, unsigned, forged or malformed. */
export async function readConsentId(request: Request, site: ConsentSite): Promise<string | null> {
  try {
    const value: unknown = await consentCookie(site).parse(request.headers.get("cookie"));
    return isUuid(value) ? value : null;
  } catch {
    return null;
  }
}

/** The Set-Cookie header that keeps `consentId` for 13 months. */
export function consentIdCookie(site: ConsentSite, consentId: string): Promise<string> {
  return consentCookie(site).serialize(consentId);
}

// ---------------------------------------------------------------------------------------------------------------
// Deciding

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

/**
 * The page a choice was made on: its path only (a query string can carry tokens and addresses), with segments
 * that look like secrets (long random strings) replaced, and capped in length.
 */
/** A long random token (base64url of mixed case and digits, or long hex), not a slug, a word or a uuid. */
function looksLikeSecret(segment: string): boolean {
  if (segment.length >= 20 && /[A-Z]/.test(segment) && /[a-z]/.test(segment) && /[0-9]/.test(segment)) return true;
  return /^[0-9a-fA-F]{32,}$/.test(segment);
}

export function neutralisePage(path: string | null | undefined): string | null {
  if (!path || !path.startsWith("/") || path.startsWith("//")) return null;
  const pathname = path.split(/[?#]/)[0];
  const segments = pathname.split("/").map((segment) => (looksLikeSecret(segment) ? ":secret" : segment));
  // eslint-disable-next-line no-control-regex
  return segments.join("/").replace(/[\u0000-\u001f\u007f]/g, "").slice(0, MAX_PAGE) || "/";
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

type StateRow = { consent_id: string; categories: string[] | string; revision: number; method: ConsentMethod; user_id: string | null; updated_at: Date | string };

function parseArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
}

function toStored(row: StateRow | undefined): StoredConsent | null {
  if (!row) return null;
  return {
    consentId: row.consent_id,
    categories: normaliseCategories(parseArray(row.categories)),
    revision: Number(row.revision),
    method: row.method,
    userId: row.user_id,
    updatedAt: new Date(row.updated_at),
  };
}

/** An organisation's privacy settings (inside its tenant transaction); defaults when it never saved any. */
export async function getPrivacySettings(tx: Tx) {
  const [row] = await tx.select().from(privacySettings);
  return {
    bannerRevision: row?.bannerRevision ?? 1,
    analyticsMeasurementId: row?.analyticsMeasurementId ?? null,
    marketingPixelId: row?.marketingPixelId ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

async function tenantConsentState(tx: Tx, consentId: string | null): Promise<StoredConsent | null> {
  if (!consentId) return null;
  return toStored(await queryRow<StateRow>(tx, sql`select consent_id, categories, revision, method, user_id, updated_at from consent_states where consent_id = ${consentId}`));
}

async function platformConsentState(database: Queryable, consentId: string | null): Promise<StoredConsent | null> {
  if (!consentId) return null;
  return toStored(
    await queryRow<StateRow>(database, sql`select consent_id, categories, revision, method, user_id, updated_at from platform_consent_states where consent_id = ${consentId}`),
  );
}

function folioConfig(): SiteConsentConfig {
  return { revision: FOLIO_BANNER_REVISION, analyticsMeasurementId: env().ANALYTICS_MEASUREMENT_ID ?? null, marketingPixelId: null };
}

/** A visitor of an organisation's public pages acts in that tenant as nobody in particular. */
function visitorActor(site: Extract<ConsentSite, { kind: "tenant" }>, userId: string | null = null) {
  return { tenantId: site.tenantId, userId, dataScope: "all" as const };
}

export interface SiteConsent {
  config: SiteConsentConfig;
  stored: StoredConsent | null;
}

/** Folio's configuration and the stored state of this consent id, read in `database` (at most one statement). */
export async function loadFolioSiteConsent(database: Queryable, consentId: string | null): Promise<SiteConsent> {
  return { config: folioConfig(), stored: await platformConsentState(database, consentId) };
}

/** The site's configuration and the stored state of this consent id, as one read. */
export async function loadSiteConsent(site: ConsentSite, consentId: string | null): Promise<SiteConsent> {
  if (site.kind === "folio") return loadFolioSiteConsent(db(), consentId);
  return withTenant(visitorActor(site), async (tx) => {
    const settings = await getPrivacySettings(tx);
    return {
      config: { revision: settings.bannerRevision, analyticsMeasurementId: settings.analyticsMeasurementId, marketingPixelId: settings.marketingPixelId },
      stored: await tenantConsentState(tx, consentId),
    };
  });
}

/**
 * Which consented tools the site of `pathname` has configured, for the production Content-Security-Policy
 * (app/modules/platform/http-security.server.ts). Folio's pages need no query; an organisation's public pages
 * read its privacy settings.
 */
export async function configuredToolsForPath(pathname: string): Promise<{ analytics: boolean; marketing: boolean }> {
  const { config } = await loadSiteConsent(await siteForPath(pathname), null);
  return { analytics: Boolean(config.analyticsMeasurementId), marketing: Boolean(config.marketingPixelId) };
}

/**
 * The consent in force for this request on `site`, read from the stored state of the id in the site's signed
 * cookie. It writes nothing: with Sec-GPC: 1 and no choice it answers the gpc opt-out that the root loader
 * records (consentForPage).
 */
export async function readConsent(request: Request, site: ConsentSite): Promise<ConsentReading> {
  const consentId = await readConsentId(request, site);
  const { config, stored } = await loadSiteConsent(site, consentId);
  const decision = decideConsent(stored, config.revision, hasGpcSignal(request));
  return { consentId, categories: decision.categories, revision: config.revision, method: decision.method, needsBanner: decision.needsBanner };
}

// ---------------------------------------------------------------------------------------------------------------
// Recording

export interface ConsentRecordInput {
  consentId: string;
  categories: readonly ConsentCategory[];
  method: ConsentMethod;
  /** Neutralised before storing. */
  page?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  userId?: string | null;
}

export interface RecordedConsent {
  recorded: boolean;
  revision: number;
  categories: ConsentCategory[];
}

function neutralised(input: ConsentRecordInput) {
  return {
    categories: normaliseCategories(input.categories),
    page: neutralisePage(input.page),
    ip: truncateIp(input.ip),
    userAgent: neutraliseUserAgent(input.userAgent),
    userId: input.userId ?? null,
  };
}

/**
 * Writes one choice for an organisation's site, in its tenant transaction: the current state and the append-only
 * record together. A gpc opt-out is written only when the id has no choice for the current revision (so it is
 * recorded once, and never overrides an explicit choice).
 */
export async function recordTenantConsent(tx: Tx, input: ConsentRecordInput): Promise<RecordedConsent> {
  const values = neutralised(input);
  // A Folio account is the organisation's business only when it belongs to one of its members: anyone else's
  // user id stays out of the organisation's records.
  if (values.userId) {
    const member = await queryRow(tx, sql`select 1 as member from memberships where tenant_id = app_tenant_id() and user_id = ${values.userId}`);
    if (!member) values.userId = null;
  }
  const { bannerRevision: revision } = await getPrivacySettings(tx);
  const categories = sql`${`{${values.categories.join(",")}}`}::text[]`;
  const onlyIfStale = input.method === "gpc" ? sql`where consent_states.revision < excluded.revision` : sql``;
  const state = await queryRow(
    tx,
    sql`insert into consent_states (tenant_id, consent_id, categories, revision, method, user_id, updated_at)
      values (app_tenant_id(), ${input.consentId}, ${categories}, ${revision}, ${input.method}, ${values.userId}, now())
      on conflict (tenant_id, consent_id) do update set categories = excluded.categories, revision = excluded.revision,
        method = excluded.method, user_id = excluded.user_id, updated_at = excluded.updated_at
      ${onlyIfStale}
      returning consent_id`,
  );
  if (!state) return { recorded: false, revision, categories: values.categories };
  await tx.execute(sql`insert into consent_records (tenant_id, consent_id, categories, revision, method, page, ip_truncated, user_agent, user_id)
    values (app_tenant_id(), ${input.consentId}, ${categories}, ${revision}, ${input.method}, ${values.page}, ${values.ip}, ${values.userAgent}, ${values.userId})`);
  return { recorded: true, revision, categories: values.categories };
}

/** The same for Folio's own pages, in a transaction of the platform tables (global, no tenant). */
export async function recordPlatformConsent(tx: Tx, input: ConsentRecordInput): Promise<RecordedConsent> {
  const values = neutralised(input);
  const revision = FOLIO_BANNER_REVISION;
  const categories = sql`${`{${values.categories.join(",")}}`}::text[]`;
  const onlyIfStale = input.method === "gpc" ? sql`where platform_consent_states.revision < excluded.revision` : sql``;
  const state = await queryRow(
    tx,
    sql`insert into platform_consent_states (consent_id, categories, revision, method, user_id, updated_at)
      values (${input.consentId}, ${categories}, ${revision}, ${input.method}, ${values.userId}, now())
      on conflict (consent_id) do update set categories = excluded.categories, revision = excluded.revision,
        method = excluded.method, user_id = excluded.user_id, updated_at = excluded.updated_at
      ${onlyIfStale}
      returning consent_id`,
  );
  if (!state) return { recorded: false, revision, categories: values.categories };
  await tx.execute(sql`insert into platform_consent_records (consent_id, categories, revision, method, page, ip_truncated, user_agent, user_id)
    values (${input.consentId}, ${categories}, ${revision}, ${input.method}, ${values.page}, ${values.ip}, ${values.userAgent}, ${values.userId})`);
  return { recorded: true, revision, categories: values.categories };
}

/**
 * Records a choice on `site` in one transaction: Folio's platform tables, or the organisation's tenant tables as
 * an anonymous visitor (the user id is kept on the record only for the organisation's own members).
 */
export function recordConsent(site: ConsentSite, input: ConsentRecordInput): Promise<RecordedConsent> {
  if (site.kind === "folio") return db().transaction((tx) => recordPlatformConsent(tx, input));
  return withTenant({ ...visitorActor(site), ip: truncateIp(input.ip), userAgent: neutraliseUserAgent(input.userAgent) }, (tx) => recordTenantConsent(tx, input));
}

/**
 * A visitor's explicit choice (accept, reject or save) on `site`: recorded under the id of the site's cookie (a
 * new id when there is none or it is forged), and the Set-Cookie headers to send: the consent id, and the
 * expired cookies of every category the choice does not allow.
 */
export async function submitConsentChoice(
  request: Request,
  site: ConsentSite,
  input: { method: Exclude<ConsentMethod, "gpc">; categories: readonly ConsentCategory[]; page: string | null; userId: string | null },
): Promise<{ consentId: string; recorded: RecordedConsent; setCookies: string[] }> {
  const consentId = (await readConsentId(request, site)) ?? randomUUID();
  const recorded = await recordConsent(site, {
    consentId,
    categories: input.categories,
    method: input.method,
    page: input.page,
    ip: clientIp(request),
    userAgent: request.headers.get("user-agent"),
    userId: input.userId,
  });
  const setCookies = [
    await consentIdCookie(site, consentId),
    ...expiredCategoryCookies(request.headers.get("cookie"), recorded.categories, new URL(request.url).hostname),
  ];
  return { consentId, recorded, setCookies };
}

// ---------------------------------------------------------------------------------------------------------------
// A page: what the root loader needs

/** What every page knows about consent (serialisable: it goes to the browser with the root loader's data). */
export interface PageConsent {
  site: string;
  siteName: string | null;
  cookieSettingsPath: string;
  categories: ConsentCategory[];
  method: ConsentMethod | null;
  revision: number;
  needsBanner: boolean;
  /** A gpc opt-out was recorded with this very response: show a small notice. */
  gpcJustHonoured: boolean;
  /** The choice in force was stored (not only inferred): when it was made. */
  decidedAt: string | null;
  scripts: ConsentedScript[];
  /** Whether to load the vendors' own scripts (production) or inline stubs (everywhere else: no network). */
  vendorScripts: boolean;
}

export interface PageConsentResult {
  consent: PageConsent;
  /** Set-Cookie headers for the response: the consent id after a gpc record, expired cookies of refused categories. */
  setCookies: string[];
}

/**
 * The consent of the page being rendered: reads the stored state, records a gpc opt-out once when the browser
 * sends Sec-GPC: 1 and there is no choice for the current revision, and expires the cookies of categories not
 * allowed. `userId` is the signed-in user, kept on a gpc record; `loaded` is the site's consent when the request's
 * context already read it (app/workflows/request-context.server.ts).
 */
export async function consentForPage(
  request: Request,
  site: ConsentSite,
  options: { userId?: string | null; siteName?: string | null; loaded?: { consentId: string | null; consent: SiteConsent } } = {},
): Promise<PageConsentResult> {
  const cookieId = options.loaded ? options.loaded.consentId : await readConsentId(request, site);
  const { config, stored } = options.loaded?.consent ?? (await loadSiteConsent(site, cookieId));
  const decision = decideConsent(stored, config.revision, hasGpcSignal(request));
  const setCookies: string[] = [];
  let gpcJustHonoured = false;
  let decidedAt = decision.recordGpc || !stored ? null : stored.updatedAt.toISOString();
  if (decision.recordGpc) {
    const consentId = cookieId ?? randomUUID();
    const url = new URL(request.url);
    const result = await recordConsent(site, {
      consentId,
      categories: ["necessary"],
      method: "gpc",
      page: url.pathname,
      ip: clientIp(request),
      userAgent: request.headers.get("user-agent"),
      userId: options.userId ?? null,
    });
    gpcJustHonoured = result.recorded;
    if (result.recorded) decidedAt = new Date().toISOString();
    if (!cookieId) setCookies.push(await consentIdCookie(site, consentId));
  }
  setCookies.push(...expiredCategoryCookies(request.headers.get("cookie"), decision.categories, new URL(request.url).hostname));
  return {
    consent: {
      site: siteField(site),
      siteName: options.siteName ?? null,
      cookieSettingsPath: cookieSettingsPath(site),
      categories: decision.categories,
      method: decision.method,
      revision: config.revision,
      needsBanner: decision.needsBanner,
      gpcJustHonoured,
      decidedAt,
      scripts: scriptsForConsent(decision.categories, config),
      vendorScripts: env().APP_ENV === "production",
    },
    setCookies,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// An organisation's privacy team

export interface PrivacySettingsInput {
  analyticsMeasurementId: string | null;
  marketingPixelId: string | null;
}

async function upsertSettings(tx: Tx, values: Partial<PrivacySettingsInput> & { bannerRevision?: number }) {
  const [row] = await tx
    .insert(privacySettings)
    .values({ tenantId: sql`app_tenant_id()`, ...values, updatedAt: new Date() })
    .onConflictDoUpdate({ target: privacySettings.tenantId, set: { ...values, updatedAt: new Date() } })
    .returning();
  return row;
}

/** Saves the tools the organisation's public pages may load with consent. Audited. */
export async function updatePrivacySettings(tx: Tx, input: PrivacySettingsInput) {
  const before = await getPrivacySettings(tx);
  const row = await upsertSettings(tx, { analyticsMeasurementId: input.analyticsMeasurementId, marketingPixelId: input.marketingPixelId });
  await recordAudit(tx, {
    action: "privacy.settings_updated",
    entityType: "privacy_settings",
    entityId: row.tenantId,
    before: { analyticsMeasurementId: before.analyticsMeasurementId, marketingPixelId: before.marketingPixelId },
    after: { analyticsMeasurementId: row.analyticsMeasurementId, marketingPixelId: row.marketingPixelId },
  });
  return row;
}

/** Raises the banner revision: every visitor of the organisation's pages is asked again. Audited. */
export async function askEveryoneAgain(tx: Tx) {
  const before = await getPrivacySettings(tx);
  const row = await upsertSettings(tx, { bannerRevision: before.bannerRevision + 1 });
  await recordAudit(tx, {
    action: "privacy.banner_revision_raised",
    entityType: "privacy_settings",
    entityId: row.tenantId,
    before: { bannerRevision: before.bannerRevision },
    after: { bannerRevision: row.bannerRevision },
  });
  return row;
}

export interface ConsentStatisticsRow {
  month: string;
  method: ConsentMethod;
  choices: number;
  analytics: number;
  marketing: number;
}

/**
 * Choices per month (in the organisation's time zone) and method, with how many granted analytics and
 * marketing, over the last `months` months.
 */
export async function consentStatistics(tx: Tx, options: { timeZone: string; months?: number }): Promise<ConsentStatisticsRow[]> {
  const months = Math.max(1, Math.min(options.months ?? 12, 120));
  const rows = await queryRows<{ month: string; method: ConsentMethod; choices: number; analytics: number; marketing: number }>(
    tx,
    sql`select to_char(date_trunc('month', recorded_at at time zone ${options.timeZone}), 'YYYY-MM') as month, method,
        count(*)::int as choices,
        count(*) filter (where 'analytics' = any(categories))::int as analytics,
        count(*) filter (where 'marketing' = any(categories))::int as marketing
      from consent_records
      where recorded_at >= (date_trunc('month', now() at time zone ${options.timeZone}) - make_interval(months => ${months - 1})) at time zone ${options.timeZone}
      group by 1, 2
      order by 1 desc, 2`,
  );
  return rows.map((row) => ({ ...row, choices: Number(row.choices), analytics: Number(row.analytics), marketing: Number(row.marketing) }));
}

export type ConsentRecordRow = typeof consentRecords.$inferSelect;

/** Every consent record of the organisation, oldest first: the proof of each choice. */
export async function listConsentRecords(tx: Tx, options: { limit?: number } = {}): Promise<ConsentRecordRow[]> {
  const query = tx.select().from(consentRecords).orderBy(asc(consentRecords.recordedAt), asc(consentRecords.id));
  return options.limit ? query.limit(options.limit) : query;
}

export const CONSENT_RECORD_COLUMNS: ReadonlyArray<ExportColumn<ConsentRecordRow>> = [
  { header: "recorded_at", value: (r) => r.recordedAt.toISOString() },
  { header: "consent_id", value: (r) => r.consentId },
  { header: "method", value: (r) => r.method },
  { header: "categories", value: (r) => r.categories.join(" ") },
  { header: "banner_revision", numeric: true, value: (r) => r.revision },
  { header: "page", value: (r) => r.page },
  { header: "ip_truncated", value: (r) => r.ipTruncated },
  { header: "user_agent", value: (r) => r.userAgent },
  { header: "user_id", value: (r) => r.userId },
  { header: "record_id", value: (r) => r.id },
];

/**
 * Every consent record, oldest first, one line per choice, read a page at a time as the export is written. A
 * page starts after the previous page's last record, at its own (recorded_at, id) read in SQL (a JavaScript
 * Date would cut the time to milliseconds).
 */
export function consentRecordExport(inTransaction: InTransaction, pageSize = EXPORT_PAGE_SIZE): ExportTable<ConsentRecordRow> {
  const after = (tx: Tx, afterId: string | null, limit: number) =>
    tx
      .select()
      .from(consentRecords)
      .where(afterId ? sql`(${consentRecords.recordedAt}, ${consentRecords.id}) > (select r.recorded_at, r.id from consent_records r where r.id = ${afterId})` : undefined)
      .orderBy(asc(consentRecords.recordedAt), asc(consentRecords.id))
      .limit(limit);
  return { columns: CONSENT_RECORD_COLUMNS, rows: pagedRows(inTransaction, after, (record) => record.id, pageSize) };
}

/** How many records and distinct visitors the organisation holds, and when the latest choice was made. */
export async function consentTotals(tx: Tx) {
  const row = await queryRow<{ records: number; visitors: number; latest: Date | string | null }>(
    tx,
    sql`select count(*)::int as records, count(distinct consent_id)::int as visitors, max(recorded_at) as latest from consent_records`,
  );
  return { records: Number(row?.records ?? 0), visitors: Number(row?.visitors ?? 0), latest: row?.latest ? new Date(row.latest) : null };
}
