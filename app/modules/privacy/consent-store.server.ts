import { sql } from "drizzle-orm";
import { db, queryRow, type Queryable, type Tx } from "~/db.server";
import { env } from "~/modules/platform/env.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { memberSince } from "~/modules/tenancy/members.server";
import { neutralisePage, neutraliseUserAgent, normaliseCategories, truncateIp, type SiteConsentConfig, type StoredConsent } from "./consent-rules.server";
import type { ConsentSite, OrganisationSite } from "./consent-sites.server";
import { getPrivacySettings } from "./privacy-settings.server";
import { consentRecords, consentStates, folioConsentRecords, folioConsentStates, type ConsentCategory, type ConsentMethod } from "./schema";

/*
 * The stored consent of a site: the current choice of each consent id (states) and the append-only proof of each
 * choice (records). Folio's are global tables (folio_consent_*); an organisation's are tenant tables under
 * row-level security (consent_*), read and written in its tenant transaction. One code path serves both.
 */

/** Folio's own banner revision: raise it when the categories or their purposes change, and everyone is asked again. */
export const FOLIO_BANNER_REVISION = 1;

/** The tables of a site, and the tenant column its rows carry (an organisation's) or not (Folio's). */
function tablesOf(site: ConsentSite) {
  return site.kind === "folio"
    ? { states: folioConsentStates, records: folioConsentRecords, tenantColumn: sql``, tenantValue: sql``, key: sql`(consent_id)` }
    : { states: consentStates, records: consentRecords, tenantColumn: sql`tenant_id, `, tenantValue: sql`app_tenant_id(), `, key: sql`(tenant_id, consent_id)` };
}

/** A visitor of an organisation's public pages acts in that tenant as nobody in particular. */
function visitorActor(site: OrganisationSite) {
  return { tenantId: site.tenantId, userId: null, dataScope: "all" as const };
}

/** Runs `work` where the site's consent lives: a transaction of Folio's global tables, or the organisation's tenant transaction. */
function inSite<T>(site: ConsentSite, work: (tx: Tx) => Promise<T>, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<T> {
  if (site.kind === "folio") return db().transaction(work);
  return withTenant({ ...visitorActor(site), ...meta }, work);
}

/** What the site may load with consent and the revision of its banner: Folio's from its configuration, an organisation's from its settings. */
async function siteConfig(database: Queryable, site: ConsentSite): Promise<SiteConsentConfig> {
  if (site.kind === "folio") return { revision: FOLIO_BANNER_REVISION, analyticsMeasurementId: env().ANALYTICS_MEASUREMENT_ID ?? null, marketingPixelId: null };
  const settings = await getPrivacySettings(database as Tx);
  return { revision: settings.bannerRevision, analyticsMeasurementId: settings.analyticsMeasurementId, marketingPixelId: settings.marketingPixelId };
}

type StateRow = { consent_id: string; categories: string[] | string; revision: number; method: ConsentMethod; user_id: string | null; updated_at: Date | string };

function parseArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
}

async function storedState(database: Queryable, site: ConsentSite, consentId: string | null): Promise<StoredConsent | null> {
  if (!consentId) return null;
  const { states } = tablesOf(site);
  const row = await queryRow<StateRow>(database, sql`select consent_id, categories, revision, method, user_id, updated_at from ${states} where consent_id = ${consentId}`);
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

export interface SiteConsent {
  config: SiteConsentConfig;
  stored: StoredConsent | null;
}

/** The site's configuration and the stored state of this consent id, read in `database` (the site's transaction). */
export async function readSiteConsent(database: Queryable, site: ConsentSite, consentId: string | null): Promise<SiteConsent> {
  const config = await siteConfig(database, site);
  return { config, stored: await storedState(database, site, consentId) };
}

/** Folio's configuration and the stored state of this consent id, read in `database` (at most one statement). */
export function loadFolioSiteConsent(database: Queryable, consentId: string | null): Promise<SiteConsent> {
  return readSiteConsent(database, { kind: "folio" }, consentId);
}

/** The site's configuration and the stored state of this consent id, as one read. */
export function loadSiteConsent(site: ConsentSite, consentId: string | null): Promise<SiteConsent> {
  if (site.kind === "folio") return loadFolioSiteConsent(db(), consentId);
  return inSite(site, (tx) => readSiteConsent(tx, site, consentId));
}

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

/**
 * Writes one choice on `site` in the site's transaction: the current state and the append-only record together.
 * A gpc opt-out is written only when the id has no choice for the current revision (so it is recorded once, and
 * never overrides an explicit choice).
 */
export async function recordSiteConsent(tx: Tx, site: ConsentSite, input: ConsentRecordInput): Promise<RecordedConsent> {
  const { states, records, tenantColumn, tenantValue, key } = tablesOf(site);
  const values = {
    categories: normaliseCategories(input.categories),
    page: neutralisePage(input.page),
    ip: truncateIp(input.ip),
    userAgent: neutraliseUserAgent(input.userAgent),
    userId: input.userId ?? null,
  };
  // A Folio account is an organisation's business only when it belongs to one of its members: anyone else's user
  // id stays out of the organisation's records.
  if (site.kind === "organisation" && values.userId && !(await memberSince(tx, values.userId))) values.userId = null;
  const { revision } = await siteConfig(tx, site);
  const categories = sql`${`{${values.categories.join(",")}}`}::text[]`;
  const onlyIfStale = input.method === "gpc" ? sql`where ${states}.revision < excluded.revision` : sql``;
  const state = await queryRow(
    tx,
    sql`insert into ${states} (${tenantColumn}consent_id, categories, revision, method, user_id, updated_at)
      values (${tenantValue}${input.consentId}, ${categories}, ${revision}, ${input.method}, ${values.userId}, now())
      on conflict ${key} do update set categories = excluded.categories, revision = excluded.revision,
        method = excluded.method, user_id = excluded.user_id, updated_at = excluded.updated_at
      ${onlyIfStale}
      returning consent_id`,
  );
  if (!state) return { recorded: false, revision, categories: values.categories };
  await tx.execute(sql`insert into ${records} (${tenantColumn}consent_id, categories, revision, method, page, ip_truncated, user_agent, user_id)
    values (${tenantValue}${input.consentId}, ${categories}, ${revision}, ${input.method}, ${values.page}, ${values.ip}, ${values.userAgent}, ${values.userId})`);
  return { recorded: true, revision, categories: values.categories };
}

/**
 * Records a choice on `site` in one transaction of its own: Folio's global tables, or the organisation's tenant
 * tables as an anonymous visitor (the user id is kept on the record only for the organisation's own members).
 */
export function recordConsent(site: ConsentSite, input: ConsentRecordInput): Promise<RecordedConsent> {
  return inSite(site, (tx) => recordSiteConsent(tx, site, input), { ip: truncateIp(input.ip), userAgent: neutraliseUserAgent(input.userAgent) });
}
