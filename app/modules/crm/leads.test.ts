import { and, eq, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { auditEvents } from "~/modules/audit/schema";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { appRefusal } from "~/test/expect-refusal";
import { createMember, createOrganisationWithOwner, createUser, uniqueEmail } from "~/test/factories";
import { csvText } from "~/utils/csv";
import { readQuery } from "~/utils/forms";
import { leadListQuerySchema, type LeadSubmission } from "./forms";
import { createLandingPage, submitLead, type LandingPage } from "./landing-pages.server";
import { getLead, leadExport, leadFilterOptions, leadSourcesReport, listLeads, totalsBy, updateLead } from "./leads.server";
import { leads } from "./schema";

type Org = Awaited<ReturnType<typeof createOrganisationWithOwner>>;

const NO_UTM = { utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null };

function publicActor(org: Org): TenantActor {
  return { tenantId: org.organisation.id, userId: null, dataScope: "all" };
}

async function setUp() {
  const org = await createOrganisationWithOwner();
  const page = await withTenant(org.actor, (tx) =>
    createLandingPage(tx, {
      title: "Spring sale",
      slug: "spring",
      bodyMarkdown: "",
      fields: ["name", "email"],
      marketingConsentEnabled: false,
      marketingConsentWording: null,
      notificationEmail: uniqueEmail("sales"),
      isPublished: true,
    }),
  );
  return { org, page };
}

function addLead(org: Org, page: LandingPage, values: Partial<LeadSubmission> = {}) {
  const submission: LeadSubmission = { name: "Lee Lead", email: uniqueEmail("lead"), phone: null, company: null, message: null, marketingConsent: false, consentWording: null, ...NO_UTM, referrer: null, ...values };
  return withTenant(publicActor(org), (tx) => submitLead(tx, page, { submission, visitorId: null }));
}


describe("the leads list", () => {
  test("filters by status, campaign, source and landing page, newest first, a page at a time", async () => {
    const { org, page } = await setUp();
    const other = await withTenant(org.actor, (tx) =>
      createLandingPage(tx, { title: "Autumn", slug: "autumn", bodyMarkdown: "", fields: ["name", "email"], marketingConsentEnabled: false, marketingConsentWording: null, notificationEmail: "a@example.test", isPublished: true }),
    );
    const a = await addLead(org, page, { name: "A", utm_source: "newsletter", utm_campaign: "spring-sale" });
    const b = await addLead(org, page, { name: "B", utm_source: "ads", utm_campaign: "spring-sale" });
    const c = await addLead(org, other, { name: "C", utm_source: "newsletter", utm_campaign: "autumn" });
    await withTenant(org.actor, (tx) => updateLead(tx, b.id, { status: "contacted", ownerUserId: null }));

    const names = async (filter: Parameters<typeof listLeads>[1]) => (await withTenant(org.actor, (tx) => listLeads(tx, filter))).rows.map((r) => r.name);
    expect(await names({})).toEqual(["C", "B", "A"]);
    expect(await names({ status: "new" })).toEqual(["C", "A"]);
    expect(await names({ campaign: "spring-sale" })).toEqual(["B", "A"]);
    expect(await names({ source: "newsletter" })).toEqual(["C", "A"]);
    expect(await names({ pageId: other.id })).toEqual(["C"]);
    expect(await names({ campaign: "spring-sale", status: "contacted" })).toEqual(["B"]);

    const first = await withTenant(org.actor, (tx) => listLeads(tx, { pageSize: 2 }));
    expect(first).toMatchObject({ total: 3, page: 1, pageCount: 2 });
    const second = await withTenant(org.actor, (tx) => listLeads(tx, { pageSize: 2, page: 2 }));
    expect(second.rows.map((r) => r.id)).toEqual([a.id]);
    expect(second.rows[0].sourcePageTitle).toBe("Spring sale");

    const options = await withTenant(org.actor, (tx) => leadFilterOptions(tx));
    expect(options).toEqual({ campaigns: ["autumn", "spring-sale"], sources: ["ads", "newsletter"] });
    expect(c.sourcePageId).toBe(other.id);

    // Another organisation sees none of them.
    const stranger = await createOrganisationWithOwner();
    expect((await withTenant(stranger.actor, (tx) => listLeads(tx, {}))).total).toBe(0);
    expect((await appRefusal(withTenant(stranger.actor, (tx) => getLead(tx, a.id)))).status).toBe(404);
  });

  test("the query string's filters that do not parse are ignored, each named with what is wrong", () => {
    const address = new URL("http://localhost/app/o/crm/leads?status=won&campaign=%20spring%20&page=x&pageId=nope&source=");
    const { query, ignored } = readQuery(address, leadListQuerySchema);
    expect(query).toEqual({ status: undefined, campaign: "spring", source: undefined, page: undefined, pageId: undefined });
    expect(ignored).toEqual([
      { name: "status", message: "Use one of: new, contacted, qualified, lost." },
      { name: "page", message: "Use a page number from 1 to 100000." },
      { name: "pageId", message: "This does not name a record." },
    ]);
  });
});

describe("a lead", () => {
  test("changes status and owner (a member), audited, and refuses an owner from outside the organisation", async () => {
    const { org, page } = await setUp();
    const salesman = await createMember(org.actor, "salesman");
    const outsider = await createUser();
    const lead = await addLead(org, page);

    const updated = await withTenant(org.actor, (tx) => updateLead(tx, lead.id, { status: "qualified", ownerUserId: salesman.user.id }));
    expect(updated).toMatchObject({ status: "qualified", ownerUserId: salesman.user.id });
    expect((await withTenant(org.actor, (tx) => getLead(tx, lead.id))).ownerName).toBe(salesman.user.name);

    const refused = await appRefusal(withTenant(org.actor, (tx) => updateLead(tx, lead.id, { status: "lost", ownerUserId: outsider.id })));
    expect(refused).toMatchObject({ status: 400, field: "ownerUserId" });
    // Nothing changes, nothing is recorded.
    await withTenant(org.actor, (tx) => updateLead(tx, lead.id, { status: "qualified", ownerUserId: salesman.user.id }));

    const events = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, org.organisation.id), eq(auditEvents.action, "lead.updated")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entityId: lead.id,
      actorUserId: org.user.id,
      before: { status: "new", ownerUserId: null },
      after: { status: "qualified", ownerUserId: salesman.user.id },
    });

    const stranger = await createOrganisationWithOwner();
    expect((await appRefusal(withTenant(stranger.actor, (tx) => updateLead(tx, lead.id, { status: "lost", ownerUserId: null })))).status).toBe(404);
    const [row] = await db().select().from(leads).where(eq(leads.id, lead.id));
    expect(row.status).toBe("qualified");
  });
});

describe("the lead sources report", () => {
  test("counts leads by source, medium and campaign in the date range, with none as its own bucket", async () => {
    const { org, page } = await setUp();
    await addLead(org, page, { utm_source: "newsletter", utm_medium: "email", utm_campaign: "spring" });
    await addLead(org, page, { utm_source: "newsletter", utm_medium: "email", utm_campaign: "spring" });
    await addLead(org, page, { utm_source: "newsletter", utm_medium: "email", utm_campaign: "autumn" });
    await addLead(org, page, { utm_source: "ads", utm_medium: "cpc" });
    await addLead(org, page);
    const old = await addLead(org, page, { utm_source: "fair" });
    await db().execute(sql`update leads set created_at = '2025-01-15T23:30:00Z' where tenant_id = ${org.organisation.id} and id = ${old.id}`);

    const today = new Date().toISOString().slice(0, 10);
    const rows = await withTenant(org.actor, (tx) => leadSourcesReport(tx, { from: "2025-02-01", to: today, timeZone: "UTC" }));
    expect(rows).toEqual([
      { source: "newsletter", medium: "email", campaign: "spring", leads: 2 },
      { source: "ads", medium: "cpc", campaign: null, leads: 1 },
      { source: "newsletter", medium: "email", campaign: "autumn", leads: 1 },
      { source: null, medium: null, campaign: null, leads: 1 },
    ]);
    expect(totalsBy(rows, "source")).toEqual([
      { value: "newsletter", leads: 3 },
      { value: "ads", leads: 1 },
      { value: null, leads: 1 },
    ]);
    expect(totalsBy(rows, "campaign")).toEqual([
      { value: "spring", leads: 2 },
      { value: null, leads: 2 },
      { value: "autumn", leads: 1 },
    ]);

    // The range is in the organisation's time zone: 23:30 UTC on 15 January is already the 16th in Brussels.
    const january = (timeZone: string, day: string) => withTenant(org.actor, (tx) => leadSourcesReport(tx, { from: day, to: day, timeZone }));
    expect(await january("UTC", "2025-01-15")).toEqual([{ source: "fair", medium: null, campaign: null, leads: 1 }]);
    expect(await january("Europe/Brussels", "2025-01-15")).toEqual([]);
    expect(await january("Europe/Brussels", "2025-01-16")).toHaveLength(1);
  });
});

describe("the CSV export", () => {
  test("holds every lead the filters match, with attribution and consent, and neutralises formulas", async () => {
    const { org, page } = await setUp();
    await addLead(org, page, { name: "=HYPERLINK(\"https://evil.example\")", utm_source: "newsletter", utm_campaign: "spring-sale" });
    await addLead(org, page, { name: "Other", utm_campaign: "autumn" });
    const csv = await csvText(leadExport((work) => withTenant(org.actor, work), { campaign: "spring-sale" }));
    const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("Name,Email,Phone,Company,Message,Status,Owner,Landing page,utm_source,utm_medium,utm_campaign");
    expect(lines[1]).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
    expect(lines[1]).toContain(",New,,Spring sale,newsletter,,spring-sale,");
    expect(csv).not.toContain("Other");
  });

  test("reads every lead once, page after page, however close their times", async () => {
    const { org, page } = await setUp();
    const names = ["One", "Two", "Three", "Four", "Five"];
    const added = [];
    for (const name of names) added.push(await addLead(org, page, { name }));
    // Microseconds apart, and two at the very same time: a position kept in milliseconds would skip some.
    await db().execute(sql`update leads set created_at = timestamptz '2026-03-01 10:00:00.000100' where id in (${added[0].id}, ${added[1].id})`);
    await db().execute(sql`update leads set created_at = timestamptz '2026-03-01 10:00:00.000400' where id = ${added[2].id}`);
    await db().execute(sql`update leads set created_at = timestamptz '2026-03-01 10:00:00.000700' where id in (${added[3].id}, ${added[4].id})`);
    const everyone = (await withTenant(org.actor, (tx) => listLeads(tx, { pageSize: 200 }))).rows.map((lead) => lead.name);
    const csv = await csvText(leadExport((work) => withTenant(org.actor, work), {}, 2));
    const exported = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n").slice(1).map((line) => line.split(",")[1]);
    expect(exported).toEqual(everyone);
    expect([...exported].sort()).toEqual([...names].sort());
  });
});


describe("a salesman's leads", () => {
  test("are the ones he owns, in every list, count, export and lookup, and he cannot hand them to someone else", async () => {
    const { org, page } = await setUp();
    const sally = await createMember(org.actor, "salesman", { name: "Sally" });
    const sam = await createMember(org.actor, "salesman", { name: "Sam" });
    const sallys = await addLead(org, page, { name: "Sally's lead" });
    const sams = await addLead(org, page, { name: "Sam's lead" });
    const nobodys = await addLead(org, page, { name: "Nobody's lead" });
    await withTenant(org.actor, async (tx) => {
      await updateLead(tx, sallys.id, { status: "new", ownerUserId: sally.user.id });
      await updateLead(tx, sams.id, { status: "new", ownerUserId: sam.user.id });
    });

    const names = async (actor: TenantActor) => (await withTenant(actor, (tx) => listLeads(tx))).rows.map((r) => r.name);
    expect(await names(org.actor)).toEqual(["Nobody's lead", "Sam's lead", "Sally's lead"]);
    expect(await names(sally.actor)).toEqual(["Sally's lead"]);
    expect((await withTenant(sally.actor, (tx) => listLeads(tx))).total).toBe(1);
    expect(await names(sam.actor)).toEqual(["Sam's lead"]);
    // Even SQL that names no owner sees only his.
    expect((await withTenant(sally.actor, (tx) => tx.select({ id: leads.id }).from(leads))).map((l) => l.id)).toEqual([sallys.id]);
    await appRefusal(withTenant(sally.actor, (tx) => getLead(tx, sams.id)), 404);
    await appRefusal(withTenant(sally.actor, (tx) => getLead(tx, nobodys.id)), 404);
    await appRefusal(withTenant(sally.actor, (tx) => updateLead(tx, sams.id, { status: "lost", ownerUserId: sam.user.id })), 404);
    const exported = await csvText(leadExport((work) => withTenant(sally.actor, work), {}));
    expect(exported).toContain("Sally's lead");
    expect(exported).not.toContain("Sam's lead");

    // He works his own lead, but handing it over is an owner's or admin's.
    expect(await withTenant(sally.actor, (tx) => updateLead(tx, sallys.id, { status: "contacted", ownerUserId: sally.user.id }))).toMatchObject({ status: "contacted" });
    expect(await appRefusal(withTenant(sally.actor, (tx) => updateLead(tx, sallys.id, { status: "contacted", ownerUserId: sam.user.id })), 403)).toMatchObject({ field: "ownerUserId" });

    // Reassigning moves visibility at once.
    await withTenant(org.actor, (tx) => updateLead(tx, sams.id, { status: "new", ownerUserId: sally.user.id }));
    expect(await names(sally.actor)).toEqual(["Sam's lead", "Sally's lead"]);
    expect(await names(sam.actor)).toEqual([]);
  });
});
