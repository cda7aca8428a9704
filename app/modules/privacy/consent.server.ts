import { randomUUID } from "node:crypto";
import { env } from "~/modules/platform/env.server";
import { clientIp } from "~/utils/request.server";
import { decideConsent, expiredCategoryCookies, hasGpcSignal, scriptsForConsent, type ConsentedScript } from "./consent-rules.server";
import { cookieSettingsPath, consentIdCookie, readConsentId, siteField, siteForPath, type ConsentSite } from "./consent-sites.server";
import { loadSiteConsent, recordConsent, type RecordedConsent, type SiteConsent } from "./consent-store.server";
import type { ConsentCategory, ConsentMethod } from "./schema";

/**
 * Cookie consent, decided and recorded on the server (docs/decisions/0007-consent.md), for the request of a page:
 * which site it is on (consent-sites.server.ts), what is stored for the id in the site's signed cookie
 * (consent-store.server.ts) and what that allows (consent-rules.server.ts). The cookie holds only a random id;
 * what a visitor allowed is read from the stored state, so scripts are rendered only from what the server recorded.
 */

export interface ConsentReading {
  consentId: string | null;
  categories: ConsentCategory[];
  revision: number;
  method: ConsentMethod | null;
  needsBanner: boolean;
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
