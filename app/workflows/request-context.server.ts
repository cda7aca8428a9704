import { db } from "~/db.server";
import { type AuthenticatedRequest, SESSION_MEMO, sessionIdOf, validateSession } from "~/modules/identity/session.server";
import { offerRequestMemo, requestMemo } from "~/modules/platform/request-scope.server";
import { type ConsentSite, describeSiteForPath, readConsentId } from "~/modules/privacy/consent-sites.server";
import { loadFolioSiteConsent, type SiteConsent } from "~/modules/privacy/consent-store.server";
import { noticeAwaitingAcknowledgement, type PendingNotice } from "~/modules/privacy/notices.server";
import { enterOrganisation } from "~/modules/tenancy/context.server";
import { MEMBER_CONTEXT_MEMO, memberOf, membershipsOf } from "~/modules/tenancy/guards.server";
import type { UserMembership } from "~/modules/tenancy/organisations.server";
import { todayIn } from "~/utils/dates";

/**
 * A request's context: who is asking (the session), what they allowed (the consent of the site the page is on) and,
 * on an organisation's pages (/app/:org/...), where they belong (their memberships) and which privacy notice they
 * must acknowledge first. Read once per request, in one transaction, by whichever loader asks first (the root's,
 * on a page): the session and the memberships it read answer every later getAuthenticated and requireMember of
 * the request, so a page costs this transaction and the one that reads its own data.
 */
export interface RequestContext {
  authenticated: AuthenticatedRequest | null;
  site: { site: ConsentSite; name: string | null };
  /** Folio's consent as stored for this visitor, when the page is on Folio's site; else null (the site reads its own). */
  folioConsent: { consentId: string | null; consent: SiteConsent } | null;
  /** On an organisation's pages, for a signed-in user with a verified address; else null. */
  organisation: OrganisationContext | null;
}

export interface OrganisationContext {
  slug: string;
  /** Every active organisation of the user (the switcher), with the membership of each. */
  memberships: UserMembership[];
  /** Folio's notice first, then the organisation's, when one awaits acknowledgement and the user is a member. */
  pendingNotice: PendingNotice | null;
}

const ORGANISATION_PATH = /^\/app\/([^/]+)(?:\/|$)/;

/** The organisation slug of an app page's path, or null. */
export function organisationSlugOf(pathname: string): string | null {
  const match = ORGANISATION_PATH.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

export function requestContext(request: Request): Promise<RequestContext> {
  let read: Promise<RequestContext> | undefined;
  const context = requestMemo("workflows.request-context", () => (read = readRequestContext(request)));
  if (read) {
    // This call read it: what it found answers the session and membership lookups of the request's other loaders.
    offerRequestMemo(SESSION_MEMO, read.then((c) => c.authenticated));
    offerRequestMemo(
      MEMBER_CONTEXT_MEMO,
      read.then((c) => ({ authenticated: c.authenticated, memberships: c.organisation?.memberships ?? [] })),
    );
  }
  return context;
}

async function readRequestContext(request: Request): Promise<RequestContext> {
  const pathname = new URL(request.url).pathname;
  const site = await describeSiteForPath(pathname);
  const sessionId = sessionIdOf(request);
  const consentId = site.site.kind === "folio" ? await readConsentId(request, site.site) : null;
  const slug = organisationSlugOf(pathname);
  if (!sessionId && !consentId) {
    // A first visit: nothing to look up (Folio's consent of nobody is its configuration alone).
    const folioConsent = site.site.kind === "folio" ? { consentId, consent: await loadFolioSiteConsent(db(), null) } : null;
    return { authenticated: null, site, folioConsent, organisation: null };
  }
  return db().transaction(async (tx) => {
    // As the owner first (sessions, Folio's consent records and notice are global tables), then as the user. Only
    // the two reads of the first step are sent together: whether a connection receives the statements of
    // concurrent calls in the order of the calls depends on how many promises each passes through, so a statement
    // that must follow another waits for it.
    const [authenticated, folioConsent] = await Promise.all([
      validateSession(tx, sessionId),
      site.site.kind === "folio" ? loadFolioSiteConsent(tx, consentId).then((consent) => ({ consentId, consent })) : null,
    ]);
    if (!slug || !authenticated?.user.emailVerified) return { authenticated, site, folioConsent, organisation: null };
    const folioNotice = await noticeAwaitingAcknowledgement(tx, "folio", authenticated.user.id);
    const memberships = await membershipsOf(tx, authenticated);
    const current = memberships.find((m) => m.organisation.slug === slug);
    let pendingNotice: PendingNotice | null = null;
    if (current && folioNotice) pendingNotice = { kind: "folio", version: folioNotice };
    else if (current) {
      await enterOrganisation(tx, memberOf(request, authenticated, current).actor);
      const version = await noticeAwaitingAcknowledgement(tx, "organisation", authenticated.user.id, todayIn(current.organisation.timeZone));
      if (version) pendingNotice = { kind: "organisation", version };
    }
    return { authenticated, site, folioConsent, organisation: { slug, memberships, pendingNotice } };
  });
}
