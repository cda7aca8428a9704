import { db } from "~/db.server";
import { findOrganisationBySlug } from "~/modules/tenancy/organisations.server";
import { readSignedConsentId, signedConsentIdCookie } from "./consent-cookie.server";

/*
 * A "site" is Folio's own pages or one organisation's public pages (/p/:slug/..., /o/:slug/...). Each site has its
 * own signed consent-id cookie, its own banner revision and its own records (consent-store.server.ts).
 */

export type ConsentSite = { kind: "folio" } | { kind: "organisation"; tenantId: string; slug: string };
export type OrganisationSite = Extract<ConsentSite, { kind: "organisation" }>;
export const FOLIO_SITE: ConsentSite = { kind: "folio" };

const ORGANISATION_PATH = /^\/(?:p|o)\/([^/]+)(?:\/|$)/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The site a path belongs to: an organisation's public pages under /p/:slug and /o/:slug, else Folio. */
export async function siteForPath(pathname: string): Promise<ConsentSite> {
  return (await describeSiteForPath(pathname)).site;
}

/** The site of a path and the name to show for it (the organisation's, or null for Folio). */
export async function describeSiteForPath(pathname: string): Promise<{ site: ConsentSite; name: string | null }> {
  const match = ORGANISATION_PATH.exec(pathname);
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
  const organisation = await findOrganisationBySlug(db(), slug);
  if (!organisation || organisation.status !== "active") return null;
  return { site: { kind: "organisation", tenantId: organisation.id, slug: organisation.slug }, name: organisation.name };
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

/** One cookie per site: folio_consent for Folio, folio_consent_<organisation id without dashes> for an organisation. */
export function consentCookieName(site: ConsentSite): string {
  return site.kind === "folio" ? "folio_consent" : `folio_consent_${site.tenantId.replace(/-/g, "")}`;
}

/** The consent id in this site's cookie, or null when it is missing, unsigned, forged or malformed. */
export async function readConsentId(request: Request, site: ConsentSite): Promise<string | null> {
  return readSignedConsentId(request.headers.get("cookie"), consentCookieName(site));
}

/** The Set-Cookie header that keeps `consentId` for 13 months. */
export async function consentIdCookie(site: ConsentSite, consentId: string): Promise<string> {
  return signedConsentIdCookie(consentCookieName(site), consentId);
}
