import { and, asc, eq, ne, sql } from "drizzle-orm";
import { createElement } from "react";
import { postgresError, queryRow, UNIQUE_VIOLATION, type Queryable, type Tx } from "~/db.server";
import { NewLeadEmail } from "~/emails/new-lead";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { env } from "~/modules/platform/env.server";
import { AppError } from "~/modules/platform/errors";
import { hitRateLimit, type RateLimitRule } from "~/modules/platform/rate-limit.server";
import { currentOrganisation } from "~/modules/tenancy/organisations.server";
import { formValues, type FormValues } from "~/utils/forms";
import { isUuid, REFERRER_MAX_LENGTH, type LandingPageInput, type LeadSubmission, type Utm } from "./forms";
import { landingPages, landingVisits, leads } from "./schema";

export type LandingPage = typeof landingPages.$inferSelect;
export type Lead = typeof leads.$inferSelect;

/** A landing page form's values to show again after a refused save; the ticked fields travel as one list. */
export function landingFormValues(formData: FormData): FormValues {
  return { ...formValues(formData), fieldsList: formData.getAll("fields").filter((v) => typeof v === "string").join(",") };
}

export const CONSENT_WORDING_CHANGED = "The wording of this checkbox has just changed. Please read it again and tick it if you agree.";

const PAGE_NOT_FOUND = "This landing page does not exist in this organisation.";
const SLUG_TAKEN = "Another landing page of this organisation already uses this address.";

/** 5 submissions per IP address and organisation in 10 minutes; the 6th is refused for 10 minutes. */
export const LANDING_SUBMISSIONS: RateLimitRule = { limit: 6, windowSeconds: 10 * 60, blockSeconds: 10 * 60 };

/**
 * Counts a submission of an organisation's public forms from `ip`; returns until when the address is refused, or
 * null. Keyed per organisation as well, so one organisation's traffic never blocks another's visitors.
 */
export async function hitLandingSubmissionLimit(database: Queryable, tenantId: string, ip: string | null): Promise<Date | null> {
  return (await hitRateLimit(database, `landing-form:${tenantId}:${ip ?? "unknown"}`, LANDING_SUBMISSIONS)).blockedUntil;
}

/** How far back a visitor's earlier visits may attribute a lead (first touch), when their consent allows linking. */
export const ATTRIBUTION_WINDOW_DAYS = 90;

// ---------------------------------------------------------------------------------------------------------------
// Editing (crm:write) and listing (crm:read)

export interface LandingPageRow extends LandingPage {
  visits: number;
  leads: number;
}

export async function listLandingPages(tx: Tx): Promise<LandingPageRow[]> {
  const rows = await tx
    .select({
      page: landingPages,
      // Spelt out: inside a subquery Drizzle would leave the outer columns unqualified.
      visits: sql<number>`(select count(*)::int from landing_visits v where v.tenant_id = landing_pages.tenant_id and v.landing_page_id = landing_pages.id)`,
      leads: sql<number>`(select count(*)::int from leads l where l.tenant_id = landing_pages.tenant_id and l.source_page_id = landing_pages.id)`,
    })
    .from(landingPages)
    .orderBy(asc(landingPages.title), asc(landingPages.id));
  return rows.map((r) => ({ ...r.page, visits: Number(r.visits), leads: Number(r.leads) }));
}

/** Landing pages by title, for choosing one in a filter. */
export async function listLandingPageOptions(tx: Tx): Promise<Array<{ id: string; title: string }>> {
  return tx.select({ id: landingPages.id, title: landingPages.title }).from(landingPages).orderBy(asc(landingPages.title));
}

export async function getLandingPage(tx: Tx, id: string): Promise<LandingPage> {
  if (!isUuid(id)) throw new AppError("not_found", PAGE_NOT_FOUND);
  const [page] = await tx.select().from(landingPages).where(eq(landingPages.id, id));
  if (!page) throw new AppError("not_found", PAGE_NOT_FOUND);
  return page;
}

async function refuseTakenSlug(tx: Tx, slug: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: landingPages.id })
    .from(landingPages)
    .where(exceptId ? and(eq(landingPages.slug, slug), ne(landingPages.id, exceptId)) : eq(landingPages.slug, slug));
  if (taken) throw new AppError("invalid", SLUG_TAKEN, { field: "slug" });
}

function slugConflict(error: unknown): never {
  if (postgresError(error)?.code === UNIQUE_VIOLATION) throw new AppError("invalid", SLUG_TAKEN, { field: "slug" });
  throw error;
}

function pageValues(input: LandingPageInput) {
  return {
    slug: input.slug,
    title: input.title,
    bodyMarkdown: input.bodyMarkdown,
    fields: input.fields,
    marketingConsentEnabled: input.marketingConsentEnabled,
    // The wording is kept while the checkbox is off, so turning it on again brings it back.
    marketingConsentWording: input.marketingConsentWording,
    notificationEmail: input.notificationEmail,
    isPublished: input.isPublished,
  };
}

export async function createLandingPage(tx: Tx, input: LandingPageInput): Promise<LandingPage> {
  await refuseTakenSlug(tx, input.slug);
  const [page] = await tx
    .insert(landingPages)
    .values({ tenantId: sql`app_tenant_id()`, ...pageValues(input) })
    .returning()
    .catch(slugConflict);
  await recordAudit(tx, { action: "landing_page.created", entityType: "landing_page", entityId: page.id, after: page });
  return page;
}

export async function updateLandingPage(tx: Tx, id: string, input: LandingPageInput): Promise<LandingPage> {
  if (!isUuid(id)) throw new AppError("not_found", PAGE_NOT_FOUND);
  const [before] = await tx.select().from(landingPages).where(eq(landingPages.id, id)).for("update");
  if (!before) throw new AppError("not_found", PAGE_NOT_FOUND);
  await refuseTakenSlug(tx, input.slug, id);
  const [after] = await tx
    .update(landingPages)
    .set({ ...pageValues(input), updatedAt: new Date() })
    .where(eq(landingPages.id, id))
    .returning()
    .catch(slugConflict);
  await recordAudit(tx, { action: "landing_page.updated", entityType: "landing_page", entityId: id, before, after });
  return after;
}

// ---------------------------------------------------------------------------------------------------------------
// The public page: visits and submissions (withTenant with no user, after the organisation's slug is resolved)

export async function findPublishedLandingPage(tx: Tx, slug: string): Promise<LandingPage | undefined> {
  if (slug.length > 100) return undefined;
  const [page] = await tx
    .select()
    .from(landingPages)
    .where(and(eq(landingPages.slug, slug.toLowerCase()), eq(landingPages.isPublished, true)));
  return page;
}

/**
 * The page a visitor came from, as the Referer header gives it: only http(s), without its query string and
 * fragment (they often carry other sites' personal data or tokens), cut to 500 characters.
 */
export function cleanReferrer(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return `${url.origin}${url.pathname}`.slice(0, REFERRER_MAX_LENGTH);
  } catch {
    return null;
  }
}

/**
 * Records one visit of a published page. `visitorId` is the visitor's consent id, given only when their marketing
 * consent allows linking their visits; otherwise the visit stands alone.
 */
export async function recordVisit(tx: Tx, page: { id: string }, visit: { visitorId: string | null; utm: Utm; referrer: string | null }): Promise<string> {
  const [row] = await tx
    .insert(landingVisits)
    .values({
      tenantId: sql`app_tenant_id()`,
      landingPageId: page.id,
      visitorId: visit.visitorId,
      utmSource: visit.utm.utm_source,
      utmMedium: visit.utm.utm_medium,
      utmCampaign: visit.utm.utm_campaign,
      utmTerm: visit.utm.utm_term,
      utmContent: visit.utm.utm_content,
      referrer: visit.referrer,
    })
    .returning({ id: landingVisits.id });
  return row.id;
}

export interface Attribution extends Utm {
  referrer: string | null;
}

/**
 * Which campaign a lead is credited to. With a linkable visitor (marketing consent), first touch: the earliest of
 * their visits in the last 90 days that carried any UTM value. Otherwise, or when no such visit exists, the values
 * of the visit that submitted the form.
 */
export async function attributeLead(tx: Tx, visitorId: string | null, submitted: Attribution): Promise<Attribution> {
  if (!visitorId || !isUuid(visitorId)) return submitted;
  const first = await queryRow<{ utm_source: string | null; utm_medium: string | null; utm_campaign: string | null; utm_term: string | null; utm_content: string | null; referrer: string | null }>(
    tx,
    sql`select utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer from landing_visits
        where tenant_id = app_tenant_id() and visitor_id = ${visitorId}
          and visited_at > now() - ${`${ATTRIBUTION_WINDOW_DAYS} days`}::interval
          and coalesce(utm_source, utm_medium, utm_campaign, utm_term, utm_content) is not null
        order by visited_at asc, id asc limit 1`,
  );
  return first ?? submitted;
}

/**
 * A visitor's submission of a published page: the lead (status new), its attribution, marketing consent with the
 * wording shown and the time, only when the page offers it and the box was ticked (refused when the page's wording
 * changed since it was shown); the notification email to the page's recipient and the audit event ("public
 * form"), all in this transaction.
 */
export async function submitLead(tx: Tx, page: LandingPage, input: { submission: LeadSubmission; visitorId: string | null }): Promise<Lead> {
  const { submission } = input;
  const asks = (field: string) => page.fields.includes(field);
  const attribution = await attributeLead(tx, input.visitorId, {
    utm_source: submission.utm_source,
    utm_medium: submission.utm_medium,
    utm_campaign: submission.utm_campaign,
    utm_term: submission.utm_term,
    utm_content: submission.utm_content,
    referrer: submission.referrer,
  });
  const consent = page.marketingConsentEnabled && Boolean(page.marketingConsentWording) && submission.marketingConsent;
  if (consent && submission.consentWording !== page.marketingConsentWording) {
    // The wording changed while the person had the page open: they agreed to something else than what we keep.
    throw new AppError("invalid", CONSENT_WORDING_CHANGED, { field: "marketingConsent", reason: "consent_wording_changed" });
  }
  const [lead] = await tx
    .insert(leads)
    .values({
      tenantId: sql`app_tenant_id()`,
      name: asks("name") ? submission.name : null,
      email: submission.email,
      phone: asks("phone") ? submission.phone : null,
      company: asks("company") ? submission.company : null,
      message: asks("message") ? submission.message : null,
      status: "new",
      sourcePageId: page.id,
      utmSource: attribution.utm_source,
      utmMedium: attribution.utm_medium,
      utmCampaign: attribution.utm_campaign,
      utmTerm: attribution.utm_term,
      utmContent: attribution.utm_content,
      referrer: attribution.referrer,
      marketingConsent: consent,
      marketingConsentWording: consent ? page.marketingConsentWording : null,
      marketingConsentAt: consent ? sql`now()` : null,
    })
    .returning();
  if (page.notificationEmail) {
    const organisation = await currentOrganisation(tx);
    await enqueueEmail(tx, {
      template: "new-lead",
      to: page.notificationEmail,
      subject: `New lead from ${page.title}`.slice(0, 250),
      body: createElement(NewLeadEmail, {
        organisationName: organisation.name,
        pageTitle: page.title,
        lead: { name: lead.name, email: lead.email, phone: lead.phone, company: lead.company, message: lead.message },
        attribution: { source: lead.utmSource, medium: lead.utmMedium, campaign: lead.utmCampaign },
        marketingConsent: lead.marketingConsent,
        url: `${env().APP_URL}/app/${organisation.slug}/crm/leads/${lead.id}`,
      }),
    });
  }
  await recordAudit(tx, { action: "lead.created", entityType: "lead", entityId: lead.id, after: lead, actorLabel: "public form" });
  return lead;
}
