import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { auditEvents } from "~/modules/audit/schema";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { appRefusal } from "~/test/expect-refusal";
import { createOrganisationWithOwner, emailsTo, uniqueEmail } from "~/test/factories";
import { readQuery } from "~/utils/forms";
import { landingPageSchema, leadSubmissionSchema, utmQuerySchema, type LandingPageInput, type LeadSubmission } from "./forms";
import {
  ATTRIBUTION_WINDOW_DAYS,
  CONSENT_WORDING_CHANGED,
  cleanReferrer,
  createLandingPage,
  findPublishedLandingPage,
  getLandingPage,
  listLandingPages,
  recordVisit,
  submitLead,
  updateLandingPage,
  type LandingPage,
} from "./landing-pages.server";
import { landingVisits, leads } from "./schema";

type Org = Awaited<ReturnType<typeof createOrganisationWithOwner>>;

const WORDING = "Yes, send me offers by email. I can unsubscribe at any time.";

function pageInput(overrides: Partial<LandingPageInput> = {}): LandingPageInput {
  return {
    title: "Spring sale",
    slug: "spring-sale",
    bodyMarkdown: "## Save 20%\n\nTell us what you need.",
    fields: ["name", "email", "company"],
    marketingConsentEnabled: true,
    marketingConsentWording: WORDING,
    notificationEmail: "sales@example.test",
    isPublished: true,
    ...overrides,
  };
}

/** What the public page does: no user, the organisation's data scope. */
function publicActor(org: Org): TenantActor {
  return { tenantId: org.organisation.id, userId: null, dataScope: "all", ip: "203.0.113.9", userAgent: "test" };
}

const NO_UTM = { utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null };

function submission(overrides: Partial<LeadSubmission> = {}): LeadSubmission {
  return {
    name: "Vera Visitor",
    email: uniqueEmail("visitor"),
    phone: null,
    company: "Vera & Co",
    message: null,
    marketingConsent: false,
    consentWording: WORDING,
    ...NO_UTM,
    referrer: null,
    ...overrides,
  };
}


describe("the landing page form", () => {
  const form = {
    title: "Spring sale",
    slug: "Spring-Sale",
    bodyMarkdown: "Text",
    fields: ["name", "phone"],
    marketingConsentEnabled: "on",
    marketingConsentWording: WORDING,
    notificationEmail: "Sales@Example.test",
    isPublished: "on",
  };

  test("normalises the address and the recipient, and always asks for the email", () => {
    const parsed = landingPageSchema.parse(form);
    expect(parsed.slug).toBe("spring-sale");
    expect(parsed.notificationEmail).toBe("sales@example.test");
    expect(parsed.fields).toEqual(["name", "email", "phone"]);
    expect(parsed.marketingConsentEnabled).toBe(true);
    expect(parsed.isPublished).toBe(true);
    expect(landingPageSchema.parse({ ...form, fields: undefined }).fields).toEqual(["email"]);
  });

  test.each([
    ["an address with spaces", { slug: "spring sale" }, "slug"],
    ["an address ending in a hyphen", { slug: "spring-" }, "slug"],
    ["an address over 60 characters", { slug: "a".repeat(61) }, "slug"],
    ["an empty title", { title: " " }, "title"],
    ["a title over 200 characters", { title: "t".repeat(201) }, "title"],
    ["a text over 20,000 characters", { bodyMarkdown: "x".repeat(20_001) }, "bodyMarkdown"],
    ["an unknown field", { fields: ["email", "password"] }, "fields"],
    ["consent without wording", { marketingConsentWording: "" }, "marketingConsentWording"],
    ["consent wording over 500 characters", { marketingConsentWording: "w".repeat(501) }, "marketingConsentWording"],
    ["a recipient that is not an address", { notificationEmail: "sales" }, "notificationEmail"],
  ])("refuses %s beside its field", (_name, change, field) => {
    const result = landingPageSchema.safeParse({ ...form, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0])).toContain(field);
  });
});

describe("the public form", () => {
  const schema = leadSubmissionSchema(["name", "email", "message"]);

  test("asks for what the page asks, and cuts carried UTM values rather than refusing them", () => {
    const parsed = schema.parse({
      name: " Vera ",
      email: "Vera@Example.test",
      message: "Hello",
      phone: "not asked",
      marketingConsent: "on",
      utm_source: "s".repeat(300),
      utm_medium: "  ",
      referrer: "https://example.test/" + "r".repeat(600),
    });
    expect(parsed).toMatchObject({ name: "Vera", email: "vera@example.test", message: "Hello", phone: null, company: null, marketingConsent: true, utm_medium: null });
    expect(parsed.utm_source).toHaveLength(200);
    expect(parsed.referrer).toHaveLength(500);
  });

  test.each([
    ["a missing email", { email: "" }, "email"],
    ["an invalid email", { email: "vera@" }, "email"],
    ["a missing name", { name: "" }, "name"],
    ["an oversized name", { name: "n".repeat(201) }, "name"],
    ["an oversized message", { message: "m".repeat(5_001) }, "message"],
  ])("refuses %s beside its field", (_name, change, field) => {
    const result = schema.safeParse({ name: "Vera", email: "vera@example.test", ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0])).toContain(field);
  });
});

describe("visit data", () => {
  test("UTM parameters are cut to 200 characters, blank ones are none", () => {
    const address = new URL(`http://localhost/p/o/p?${new URLSearchParams({ utm_source: "newsletter", utm_medium: " ", utm_campaign: "c".repeat(250), utm_term: "a\u0000b", other: "x" })}`);
    const { query: utm, ignored } = readQuery(address, utmQuerySchema);
    expect(utm).toEqual({ utm_source: "newsletter", utm_medium: null, utm_campaign: "c".repeat(200), utm_term: null, utm_content: null });
    expect(ignored.map((parameter) => parameter.name)).toEqual(["utm_term"]);
  });

  test("the referrer keeps only an http(s) origin and path", () => {
    expect(cleanReferrer("https://news.example/issue/12?email=vera@example.test#top")).toBe("https://news.example/issue/12");
    expect(cleanReferrer("javascript:alert(1)")).toBeNull();
    expect(cleanReferrer("not a url")).toBeNull();
    expect(cleanReferrer(null)).toBeNull();
    expect(cleanReferrer(`https://example.test/${"p".repeat(600)}`)).toHaveLength(500);
  });
});

describe("landing pages", () => {
  test("are created and changed with audit events, and their address is unique within the organisation only", async () => {
    const org = await createOrganisationWithOwner();
    const other = await createOrganisationWithOwner();
    const page = await withTenant(org.actor, (tx) => createLandingPage(tx, pageInput()));
    expect(page).toMatchObject({ slug: "spring-sale", fields: ["name", "email", "company"], isPublished: true });

    const taken = await appRefusal(withTenant(org.actor, (tx) => createLandingPage(tx, pageInput({ title: "Again" }))));
    expect(taken).toMatchObject({ status: 400, field: "slug" });
    expect(await withTenant(other.actor, (tx) => createLandingPage(tx, pageInput()))).toMatchObject({ slug: "spring-sale" });

    const second = await withTenant(org.actor, (tx) => createLandingPage(tx, pageInput({ slug: "autumn" })));
    const renamed = await appRefusal(withTenant(org.actor, (tx) => updateLandingPage(tx, second.id, pageInput({ slug: "spring-sale" }))));
    expect(renamed.field).toBe("slug");
    const updated = await withTenant(org.actor, (tx) => updateLandingPage(tx, second.id, pageInput({ slug: "autumn", title: "Autumn", isPublished: false })));
    expect(updated).toMatchObject({ title: "Autumn", isPublished: false });

    const events = await db()
      .select({ action: auditEvents.action, entityId: auditEvents.entityId })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, org.organisation.id), sql`${auditEvents.action} like 'landing_page.%'`))
      .orderBy(auditEvents.id);
    expect(events).toEqual([
      { action: "landing_page.created", entityId: page.id },
      { action: "landing_page.created", entityId: second.id },
      { action: "landing_page.updated", entityId: second.id },
    ]);

    // Another organisation's page is a 404, and only published pages are public.
    expect((await appRefusal(withTenant(other.actor, (tx) => getLandingPage(tx, page.id)))).status).toBe(404);
    expect((await appRefusal(withTenant(other.actor, (tx) => updateLandingPage(tx, page.id, pageInput())))).status).toBe(404);
    expect((await appRefusal(withTenant(org.actor, (tx) => getLandingPage(tx, "not-a-uuid")))).status).toBe(404);
    expect(await withTenant(publicActor(org), (tx) => findPublishedLandingPage(tx, "autumn"))).toBeUndefined();
    expect((await withTenant(publicActor(org), (tx) => findPublishedLandingPage(tx, "spring-sale")))?.id).toBe(page.id);
  });
});

describe("a submission", () => {
  async function setUp(overrides: Partial<LandingPageInput> = {}) {
    const org = await createOrganisationWithOwner({ organisationName: "Acme Wholesale" });
    const page = await withTenant(org.actor, (tx) => createLandingPage(tx, pageInput({ notificationEmail: uniqueEmail("sales"), ...overrides })));
    return { org, page };
  }

  function submit(org: Org, page: LandingPage, values: LeadSubmission, visitorId: string | null = null) {
    return withTenant(publicActor(org), (tx) => submitLead(tx, page, { submission: values, visitorId }));
  }

  test("creates a new lead with the visit's UTM values, mails the recipient and is audited as the public form", async () => {
    const { org, page } = await setUp();
    await withTenant(publicActor(org), (tx) =>
      recordVisit(tx, page, { visitorId: null, utm: { ...NO_UTM, utm_source: "newsletter", utm_medium: "email", utm_campaign: "spring-sale" }, referrer: "https://news.example/" }),
    );
    const lead = await submit(
      org,
      page,
      submission({ utm_source: "newsletter", utm_medium: "email", utm_campaign: "spring-sale", referrer: "https://news.example/", marketingConsent: true }),
    );
    expect(lead).toMatchObject({
      status: "new",
      sourcePageId: page.id,
      ownerUserId: null,
      utmSource: "newsletter",
      utmMedium: "email",
      utmCampaign: "spring-sale",
      referrer: "https://news.example/",
      company: "Vera & Co",
      marketingConsent: true,
      marketingConsentWording: WORDING,
    });
    expect(lead.marketingConsentAt).toBeInstanceOf(Date);

    const [mail] = await emailsTo(page.notificationEmail!, "new-lead");
    expect(mail.subject).toBe("New lead from Spring sale");
    expect(mail.text).toContain(lead.email!);
    expect(mail.text).toContain("spring-sale");
    expect(mail.text).toContain(`/app/${org.organisation.slug}/crm/leads/${lead.id}`);

    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, org.organisation.id), eq(auditEvents.action, "lead.created")));
    expect(event).toMatchObject({ actorLabel: "public form", actorUserId: null, entityId: lead.id, ip: "203.0.113.9" });
  });

  test("stores only the fields the page asks for, and consent only when offered and ticked, with the page's wording", async () => {
    const { org, page } = await setUp({ fields: ["email", "message"], marketingConsentEnabled: false });
    const lead = await submit(org, page, submission({ phone: "+32 2 555 01 01", message: "Call me", marketingConsent: true }));
    expect(lead).toMatchObject({ name: null, company: null, phone: null, message: "Call me", marketingConsent: false, marketingConsentWording: null, marketingConsentAt: null });

    const offered = await setUp();
    const declined = await submit(offered.org, offered.page, submission({ marketingConsent: false }));
    expect(declined).toMatchObject({ marketingConsent: false, marketingConsentWording: null, marketingConsentAt: null });
  });

  test("consent given to a wording the page no longer shows is refused beside the checkbox, and nothing is stored", async () => {
    const { org, page } = await setUp();
    const changed = await withTenant(org.actor, (tx) => updateLandingPage(tx, page.id, pageInput({ notificationEmail: page.notificationEmail!, marketingConsentWording: "New wording." })));
    const refused = await appRefusal(submit(org, changed, submission({ marketingConsent: true, consentWording: WORDING })));
    expect(refused).toMatchObject({ status: 400, field: "marketingConsent", message: CONSENT_WORDING_CHANGED });
    expect(await db().select().from(leads).where(eq(leads.tenantId, org.organisation.id))).toHaveLength(0);
    expect(await emailsTo(page.notificationEmail!, "new-lead")).toHaveLength(0);
    // Without the box ticked, the wording does not matter.
    expect((await submit(org, changed, submission({ marketingConsent: false, consentWording: WORDING }))).marketingConsent).toBe(false);
    const agreed = await submit(org, changed, submission({ marketingConsent: true, consentWording: "New wording." }));
    expect(agreed).toMatchObject({ marketingConsent: true, marketingConsentWording: "New wording." });
  });

  test("without linkable visits, only the submitting visit's UTM values count", async () => {
    const { org, page } = await setUp();
    const visitor = randomUUID();
    // An earlier visit with other UTM values, but not linked to anyone (no marketing consent).
    await withTenant(publicActor(org), (tx) => recordVisit(tx, page, { visitorId: null, utm: { ...NO_UTM, utm_source: "ads" }, referrer: null }));
    const lead = await submit(org, page, submission({ utm_source: "newsletter", utm_campaign: "spring" }), null);
    expect(lead).toMatchObject({ utmSource: "newsletter", utmCampaign: "spring" });
    // A linkable visitor without earlier UTM visits: also the submitting visit's values.
    const fresh = await submit(org, page, submission({ utm_source: "direct-mail" }), visitor);
    expect(fresh.utmSource).toBe("direct-mail");
  });

  test("with marketing consent, the visitor's first visit with UTM values in 90 days is credited (first touch)", async () => {
    const { org, page } = await setUp();
    const visitor = randomUUID();
    const someoneElse = randomUUID();
    await withTenant(publicActor(org), async (tx) => {
      // Too old to count, then the first touch, then a later campaign, and another visitor's visit.
      await tx.insert(landingVisits).values({
        tenantId: org.organisation.id,
        landingPageId: page.id,
        visitorId: visitor,
        utmSource: "old-fair",
        visitedAt: sql`now() - ${`${ATTRIBUTION_WINDOW_DAYS + 1} days`}::interval`,
      });
      await tx.insert(landingVisits).values({
        tenantId: org.organisation.id,
        landingPageId: page.id,
        visitorId: visitor,
        utmSource: "newsletter",
        utmMedium: "email",
        utmCampaign: "winter",
        referrer: "https://news.example/",
        visitedAt: sql`now() - interval '10 days'`,
      });
      await tx.insert(landingVisits).values({ tenantId: org.organisation.id, landingPageId: page.id, visitorId: visitor, visitedAt: sql`now() - interval '5 days'` });
      await tx.insert(landingVisits).values({ tenantId: org.organisation.id, landingPageId: page.id, visitorId: someoneElse, utmSource: "rival", visitedAt: sql`now() - interval '20 days'` });
    });
    const lead = await submit(org, page, submission({ utm_source: "ads", utm_medium: "cpc", utm_campaign: "spring" }), visitor);
    expect(lead).toMatchObject({ utmSource: "newsletter", utmMedium: "email", utmCampaign: "winter", referrer: "https://news.example/" });
  });

  test("another organisation's public form sees none of these visits", async () => {
    const { org, page } = await setUp();
    const other = await setUp();
    const visitor = randomUUID();
    await withTenant(publicActor(org), (tx) => recordVisit(tx, page, { visitorId: visitor, utm: { ...NO_UTM, utm_source: "theirs" }, referrer: null }));
    const lead = await submit(other.org, other.page, submission({ utm_source: "ours" }), visitor);
    expect(lead.utmSource).toBe("ours");
    const visible = await withTenant(publicActor(other.org), (tx) => tx.select().from(landingVisits));
    expect(visible.every((v) => v.tenantId === other.org.organisation.id)).toBe(true);
  });

  test("the pages list counts visits and leads", async () => {
    const { org, page } = await setUp();
    await withTenant(publicActor(org), (tx) => recordVisit(tx, page, { visitorId: null, utm: NO_UTM, referrer: null }));
    await withTenant(publicActor(org), (tx) => recordVisit(tx, page, { visitorId: null, utm: NO_UTM, referrer: null }));
    await submit(org, page, submission());
    const [row] = await withTenant(org.actor, (tx) => listLandingPages(tx));
    expect(row).toMatchObject({ id: page.id, visits: 2, leads: 1 });
    const count = await db().select({ id: leads.id }).from(leads).where(eq(leads.tenantId, org.organisation.id));
    expect(count).toHaveLength(1);
  });
});
