import { randomUUID } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { count, eq, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { auditEvents } from "~/modules/audit/schema";
import { users } from "~/modules/identity/schema";
import { parseEnv, resetEnvForTests } from "~/modules/platform/env.server";
import { securityHeaders } from "~/modules/platform/http-security.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { action as consentAction } from "~/routes/_privacy+/consent";
import { databaseRefusal } from "~/test/expect-database";
import { createOrganisationWithOwner, createUser } from "~/test/factories";
import { csvText } from "~/utils/csv";
import { consentChoiceSchema, grantedCategories, privacySettingsSchema } from "./consent-forms";
import { consentRecordExport, consentStatistics, listConsentRecords } from "./consent-records.server";
import { decideConsent, expiredCategoryCookies, neutralisePage, scriptsForConsent, truncateIp } from "./consent-rules.server";
import { consentIdCookie, FOLIO_SITE, readConsentId, siteForPath, type ConsentSite } from "./consent-sites.server";
import { FOLIO_BANNER_REVISION, recordConsent } from "./consent-store.server";
import { configuredToolsForPath, consentForPage, readConsent, submitConsentChoice } from "./consent.server";
import { askEveryoneAgain, updatePrivacySettings } from "./privacy-settings.server";
import { consentRecords, consentStates, folioConsentRecords, folioConsentStates } from "./schema";

const ORIGIN = "http://localhost:3000";

function pageRequest(path: string, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}${path}`, { headers: { "user-agent": "Vitest Browser/1.0", "x-folio-client-ip": "203.0.113.77", ...headers } });
}

/** The Cookie request header a browser sends back for a Set-Cookie header. */
function cookiePair(setCookie: string) {
  return setCookie.split(";")[0];
}

async function signedCookie(site: ConsentSite, consentId: string) {
  return cookiePair(await consentIdCookie(site, consentId));
}

async function tenantSite() {
  const org = await createOrganisationWithOwner();
  const site = await siteForPath(`/o/${org.organisation.slug}/privacy`);
  if (site.kind !== "organisation") throw new Error("expected the organisation's site");
  return { ...org, site };
}

async function tenantRecords(tenantId: string) {
  return withTenant({ tenantId, userId: null, dataScope: "all" }, (tx) => tx.select().from(consentRecords).orderBy(consentRecords.recordedAt));
}

async function folioRecordsOf(consentId: string) {
  return db().select().from(folioConsentRecords).where(eq(folioConsentRecords.consentId, consentId));
}

describe("sites", () => {
  it("puts /p/:slug and /o/:slug under the organisation and everything else under Folio", async () => {
    const { organisation } = await createOrganisationWithOwner();
    expect(await siteForPath(`/p/${organisation.slug}/spring-offer`)).toEqual({ kind: "organisation", tenantId: organisation.id, slug: organisation.slug });
    expect(await siteForPath(`/o/${organisation.slug}`)).toEqual({ kind: "organisation", tenantId: organisation.id, slug: organisation.slug });
    expect(await siteForPath(`/app/${organisation.slug}`)).toEqual(FOLIO_SITE);
    expect(await siteForPath("/o/no-such-organisation/privacy")).toEqual(FOLIO_SITE);
    expect(await siteForPath("/o/%E0%A4%A/privacy")).toEqual(FOLIO_SITE);
    expect(await siteForPath("/")).toEqual(FOLIO_SITE);
  });
});

describe("the consent cookie", () => {
  it("is signed: an unsigned, forged or tampered id is ignored", async () => {
    const id = crypto.randomUUID();
    const valid = await signedCookie(FOLIO_SITE, id);
    expect(await readConsentId(pageRequest("/", { cookie: valid }), FOLIO_SITE)).toBe(id);

    const unsigned = `folio_consent=${Buffer.from(JSON.stringify(id)).toString("base64")}`;
    expect(await readConsentId(pageRequest("/", { cookie: unsigned }), FOLIO_SITE)).toBeNull();
    const otherSecret = cookiePair(await createCookie("folio_consent", { secrets: ["not-our-secret-at-all-0123456789abcdef"] }).serialize(id));
    expect(await readConsentId(pageRequest("/", { cookie: otherSecret }), FOLIO_SITE)).toBeNull();
    const otherId = crypto.randomUUID();
    const [, signature] = decodeURIComponent(valid.slice("folio_consent=".length)).split(".");
    const tampered = `folio_consent=${encodeURIComponent(`${Buffer.from(JSON.stringify(otherId)).toString("base64")}.${signature}`)}`;
    expect(tampered).not.toBe(valid);
    expect(await readConsentId(pageRequest("/", { cookie: tampered }), FOLIO_SITE)).toBeNull();
    const notAnId = await signedCookie(FOLIO_SITE, "analytics");
    expect(await readConsentId(pageRequest("/", { cookie: notAnId }), FOLIO_SITE)).toBeNull();
  });

  it("does not let a forged cookie adopt someone else's consent", async () => {
    const someoneElse = crypto.randomUUID();
    await recordConsent(FOLIO_SITE, { consentId: someoneElse, categories: ["necessary", "analytics", "marketing"], method: "accept" });
    const forged = `folio_consent=${Buffer.from(JSON.stringify(someoneElse)).toString("base64")}.forgedsignature`;
    const reading = await readConsent(pageRequest("/", { cookie: forged }), FOLIO_SITE);
    expect(reading).toEqual({ consentId: null, categories: ["necessary"], revision: FOLIO_BANNER_REVISION, method: null, needsBanner: true });

    const genuine = await readConsent(pageRequest("/", { cookie: await signedCookie(FOLIO_SITE, someoneElse) }), FOLIO_SITE);
    expect(genuine).toEqual({ consentId: someoneElse, categories: ["necessary", "analytics", "marketing"], revision: FOLIO_BANNER_REVISION, method: "accept", needsBanner: false });
  });
});

describe("recording a choice", () => {
  it("writes the append-only record and the current state together, neutralising what the request says", async () => {
    const user = await createUser();
    const request = new Request(`${ORIGIN}/consent`, {
      method: "POST",
      headers: { "user-agent": `Mozilla/5.0 ${"x".repeat(1000)}`, "x-folio-client-ip": "198.51.100.23" },
    });
    const { consentId, setCookies } = await submitConsentChoice(request, FOLIO_SITE, {
      method: "save",
      categories: ["analytics"],
      page: "/reset-password?token=abcdef&email=someone@example.test",
      userId: user.id,
    });
    expect(setCookies[0]).toMatch(/^folio_consent=.+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    const [record] = await folioRecordsOf(consentId);
    expect(record).toMatchObject({
      consentId,
      categories: ["necessary", "analytics"],
      revision: FOLIO_BANNER_REVISION,
      method: "save",
      page: "/reset-password",
      ipTruncated: "198.51.100.0",
      userId: user.id,
    });
    expect(record.userAgent).toHaveLength(300);
    const [state] = await db().select().from(folioConsentStates).where(eq(folioConsentStates.consentId, consentId));
    expect(state).toMatchObject({ categories: ["necessary", "analytics"], revision: FOLIO_BANNER_REVISION, method: "save", userId: user.id });

    const again = new Request(`${ORIGIN}/consent`, { method: "POST", headers: { cookie: cookiePair(setCookies[0]) } });
    const second = await submitConsentChoice(again, FOLIO_SITE, { method: "reject", categories: ["necessary"], page: "/cookies", userId: null });
    expect(second.consentId).toBe(consentId);
    expect((await folioRecordsOf(consentId)).map((r) => r.method).sort()).toEqual(["reject", "save"]);
    const [after] = await db().select().from(folioConsentStates).where(eq(folioConsentStates.consentId, consentId));
    expect(after).toMatchObject({ categories: ["necessary"], method: "reject", userId: null });
  });

  it("writes neither the record nor the state when the transaction fails", async () => {
    const consentId = crypto.randomUUID();
    const { site, organisation } = await tenantSite();
    const missingUser = crypto.randomUUID();
    await expect(recordConsent(FOLIO_SITE, { consentId, categories: ["necessary"], method: "reject", userId: missingUser })).rejects.toThrow();
    await expect(recordConsent(site, { consentId: "not-a-uuid", categories: ["necessary"], method: "reject" })).rejects.toThrow();
    expect(await folioRecordsOf(consentId)).toEqual([]);
    expect(await db().select().from(folioConsentStates).where(eq(folioConsentStates.consentId, consentId))).toEqual([]);
    expect(await tenantRecords(organisation.id)).toEqual([]);
  });

  it("keeps a user id in an organisation's records only for its own members", async () => {
    const { site, organisation, user: owner } = await tenantSite();
    const outsider = await createUser();
    await recordConsent(site, { consentId: crypto.randomUUID(), categories: ["necessary"], method: "reject", userId: outsider.id });
    await recordConsent(site, { consentId: crypto.randomUUID(), categories: ["necessary", "analytics"], method: "save", userId: owner.id });
    expect((await tenantRecords(organisation.id)).map((r) => [r.method, r.userId])).toEqual([
      ["reject", null],
      ["save", owner.id],
    ]);
  });

  it("refuses unknown categories, a bad choice and oversized fields at the form, and stores nothing", async () => {
    const before = await db().select({ n: count() }).from(folioConsentRecords);
    const post = (fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
      return consentAction({
        request: new Request(`${ORIGIN}/consent`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", "x-folio-client-ip": "192.0.2.1" } }),
        params: {},
        context: { cspNonce: "" },
      });
    };
    const unknown = (await post({ choice: "save", categories: ["analytics", "fingerprinting"], site: "folio", returnTo: "/" })) as Response;
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain('Unknown cookie category "fingerprinting"');
    const badChoice = (await post({ choice: "maybe", site: "folio" })) as Response;
    expect(badChoice.status).toBe(400);
    expect(((await badChoice.json()) as { message: string }).message).toContain('Choose "Accept all", "Reject all" or "Save my choices".');
    const longCategory = (await post({ choice: "save", categories: "a".repeat(5000), site: "folio" })) as Response;
    expect(longCategory.status).toBe(400);
    const tooMany = (await post({ choice: "save", categories: ["analytics", "analytics", "marketing", "marketing"], site: "folio" })) as Response;
    expect(tooMany.status).toBe(400);
    const unknownSite = (await post({ choice: "accept", site: "org:no-such-organisation" })) as Response;
    expect(unknownSite.status).toBe(400);
    expect(((await unknownSite.json()) as { message: string }).message).toContain("Unknown site");
    const badSite = (await post({ choice: "accept", site: "<script>" })) as Response;
    expect(badSite.status).toBe(400);
    const hugeReturn = (await post({ choice: "accept", site: "folio", returnTo: `/${"x".repeat(3000)}` })) as Response;
    expect(hugeReturn.status).toBe(400);
    expect(await db().select({ n: count() }).from(folioConsentRecords)).toEqual(before);

    const accepted = (await post({ choice: "accept", site: "folio", returnTo: "https://evil.example/phish" })) as Response;
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe("/cookies");
    expect(accepted.headers.get("set-cookie")).toMatch(/^folio_consent=/);
    expect(await db().select({ n: count() }).from(folioConsentRecords)).toEqual([{ n: before[0].n + 1 }]);
  });

  it("parses the banner's forms", () => {
    expect(consentChoiceSchema.parse({ choice: "accept" })).toMatchObject({ choice: "accept", categories: [], site: "folio" });
    expect(consentChoiceSchema.parse({ choice: "save", categories: "marketing", site: "org:acme-ltd" }).categories).toEqual(["marketing"]);
    expect(grantedCategories("accept", [])).toEqual(["necessary", "analytics", "marketing"]);
    expect(grantedCategories("reject", ["analytics"])).toEqual(["necessary"]);
    expect(grantedCategories("save", ["marketing", "necessary"])).toEqual(["necessary", "marketing"]);
    expect(privacySettingsSchema.safeParse({ intent: "save", analyticsMeasurementId: " g-abc123xyz ", marketingPixelId: "" }).data).toEqual({
      intent: "save",
      analyticsMeasurementId: "G-ABC123XYZ",
      marketingPixelId: null,
    });
    expect(privacySettingsSchema.safeParse({ intent: "save", analyticsMeasurementId: "UA-1234-1" }).success).toBe(false);
    expect(privacySettingsSchema.safeParse({ intent: "save", marketingPixelId: "12345<script>" }).success).toBe(false);
  });
});

describe("consent records are append-only", () => {
  it("refuses UPDATE and DELETE of Folio's records even to the owner, and allows only unlinking the user", async () => {
    const user = await createUser();
    const consentId = crypto.randomUUID();
    await recordConsent(FOLIO_SITE, { consentId, categories: ["necessary", "analytics"], method: "save", userId: user.id });
    const [record] = await folioRecordsOf(consentId);
    const refusal = /folio_consent_records is append-only/;
    expect(await databaseRefusal(db().update(folioConsentRecords).set({ method: "accept" }).where(eq(folioConsentRecords.id, record.id)))).toMatch(refusal);
    expect(await databaseRefusal(db().update(folioConsentRecords).set({ categories: ["necessary"], userId: null }).where(eq(folioConsentRecords.id, record.id)))).toMatch(refusal);
    expect(await databaseRefusal(db().delete(folioConsentRecords).where(eq(folioConsentRecords.id, record.id)))).toMatch(refusal);
    expect(await databaseRefusal(db().execute(sql`truncate folio_consent_records`))).toMatch(/truncate/i);
    expect(await folioRecordsOf(consentId)).toEqual([record]);

    // Erasing the person's account unlinks them; the proof stays.
    await db().delete(users).where(eq(users.id, user.id));
    const [unlinked] = await folioRecordsOf(consentId);
    expect(unlinked).toMatchObject({ id: record.id, userId: null, method: "save", categories: ["necessary", "analytics"] });
  });

  it("refuses UPDATE and DELETE of an organisation's records to the application and to the owner", async () => {
    const { site, organisation, user } = await tenantSite();
    await recordConsent(site, { consentId: crypto.randomUUID(), categories: ["necessary"], method: "reject", userId: user.id });
    const actor = { tenantId: organisation.id, userId: user.id, dataScope: "all" as const };
    expect(await databaseRefusal(withTenant(actor, (tx) => tx.update(consentRecords).set({ method: "accept" })))).toMatch(/permission denied/);
    expect(await databaseRefusal(withTenant(actor, (tx) => tx.delete(consentRecords)))).toMatch(/permission denied/);

    const asOwner = <T>(work: (tx: Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0]) => Promise<T>) =>
      db().transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.tenant_id', ${organisation.id}, true), set_config('app.data_scope', 'all', true)`);
        return work(tx);
      });
    const ours = eq(consentRecords.tenantId, organisation.id);
    expect(await asOwner((tx) => tx.select().from(consentRecords).where(ours))).toHaveLength(1);
    expect(await databaseRefusal(asOwner((tx) => tx.update(consentRecords).set({ method: "accept" }).where(ours)))).toContain("append-only");
    expect(await databaseRefusal(asOwner((tx) => tx.update(consentRecords).set({ page: "/elsewhere", userId: null }).where(ours)))).toContain("append-only");
    expect(await databaseRefusal(asOwner((tx) => tx.delete(consentRecords).where(ours)))).toContain("append-only");
    await asOwner((tx) => tx.update(consentRecords).set({ userId: null }).where(ours));
    const [record] = await tenantRecords(organisation.id);
    expect(record).toMatchObject({ userId: null, method: "reject" });
  });
});

describe("Global Privacy Control", () => {
  it("records a gpc opt-out once, shows no banner, and yields to a later explicit choice", async () => {
    const gpc = { "sec-gpc": "1" };
    const first = await consentForPage(pageRequest("/login?next=%2Fapp", gpc), FOLIO_SITE);
    expect(first.consent).toMatchObject({ method: "gpc", categories: ["necessary"], needsBanner: false, gpcJustHonoured: true, scripts: [] });
    const cookie = cookiePair(first.setCookies.find((c) => c.startsWith("folio_consent="))!);
    const consentId = (await readConsentId(pageRequest("/", { cookie }), FOLIO_SITE))!;
    expect(await folioRecordsOf(consentId)).toMatchObject([{ method: "gpc", categories: ["necessary"], page: "/login", ipTruncated: "203.0.113.0" }]);

    const second = await consentForPage(pageRequest("/app", { ...gpc, cookie }), FOLIO_SITE);
    expect(second.consent).toMatchObject({ method: "gpc", needsBanner: false, gpcJustHonoured: false });
    expect(second.setCookies).toEqual([]);
    expect(await folioRecordsOf(consentId)).toHaveLength(1);

    await submitConsentChoice(new Request(`${ORIGIN}/consent`, { method: "POST", headers: { ...gpc, cookie } }), FOLIO_SITE, {
      method: "accept",
      categories: ["necessary", "analytics", "marketing"],
      page: "/cookies",
      userId: null,
    });
    const third = await consentForPage(pageRequest("/", { ...gpc, cookie }), FOLIO_SITE);
    expect(third.consent).toMatchObject({ method: "accept", categories: ["necessary", "analytics", "marketing"], needsBanner: false });
    expect((await folioRecordsOf(consentId)).map((r) => r.method).sort()).toEqual(["accept", "gpc"]);
  });

  it("without the signal, reads nothing as consent and writes nothing", async () => {
    const before = await db().select({ n: count() }).from(folioConsentRecords);
    const page = await consentForPage(pageRequest("/"), FOLIO_SITE);
    expect(page.consent).toMatchObject({ method: null, needsBanner: true, categories: ["necessary"], scripts: [] });
    expect(page.setCookies).toEqual([]);
    expect(await db().select({ n: count() }).from(folioConsentRecords)).toEqual(before);
    expect(await readConsent(pageRequest("/", { "sec-gpc": "1" }), FOLIO_SITE)).toMatchObject({ method: "gpc", needsBanner: false });
    expect(await db().select({ n: count() }).from(folioConsentRecords)).toEqual(before);
  });
});

describe("banner revisions", () => {
  it("asks again when the organisation raises its revision, and audits it", async () => {
    const { site, organisation, actor } = await tenantSite();
    const { setCookies } = await submitConsentChoice(pageRequest("/consent"), site, { method: "accept", categories: ["necessary", "analytics", "marketing"], page: "/p/x", userId: null });
    const cookie = cookiePair(setCookies[0]);
    expect(cookie).toMatch(new RegExp(`^folio_consent_${organisation.id.replace(/-/g, "")}=`));
    expect(await readConsent(pageRequest(`/o/${organisation.slug}/privacy`, { cookie }), site)).toMatchObject({ revision: 1, method: "accept", needsBanner: false });

    await withTenant(actor, (tx) => askEveryoneAgain(tx));
    const asked = await readConsent(pageRequest(`/o/${organisation.slug}/privacy`, { cookie }), site);
    expect(asked).toMatchObject({ revision: 2, method: null, needsBanner: true, categories: ["necessary"] });

    // GPC answers the new revision on its own; the old choice is history.
    const withGpc = await consentForPage(pageRequest(`/o/${organisation.slug}/privacy`, { cookie, "sec-gpc": "1" }), site);
    expect(withGpc.consent).toMatchObject({ revision: 2, method: "gpc", needsBanner: false, gpcJustHonoured: true });
    expect((await tenantRecords(organisation.id)).map((r) => [r.method, r.revision])).toEqual([
      ["accept", 1],
      ["gpc", 2],
    ]);
    const audit = await withTenant(actor, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, "privacy.banner_revision_raised")));
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toEqual({ bannerRevision: 2 });
  });

  it("asks again on Folio's pages when a stored choice is older than the code's revision", () => {
    expect(decideConsent({ categories: ["necessary", "analytics"], revision: FOLIO_BANNER_REVISION, method: "save" }, FOLIO_BANNER_REVISION, false)).toMatchObject({
      needsBanner: false,
      categories: ["necessary", "analytics"],
    });
    expect(decideConsent({ categories: ["necessary", "analytics"], revision: FOLIO_BANNER_REVISION, method: "save" }, FOLIO_BANNER_REVISION + 1, false)).toEqual({
      needsBanner: true,
      categories: ["necessary"],
      method: null,
      recordGpc: false,
    });
    expect(decideConsent(null, 1, true)).toEqual({ needsBanner: false, categories: ["necessary"], method: "gpc", recordGpc: true });
    expect(decideConsent({ categories: ["necessary", "tracking" as never], revision: 1, method: "accept" }, 1, true).categories).toEqual(["necessary"]);
  });
});

describe("scripts come only from stored consent", () => {
  it("decides which scripts to render from the categories granted and the tools configured", () => {
    const config = { analyticsMeasurementId: "G-TEST12345", marketingPixelId: "1234567890" };
    expect(scriptsForConsent(["necessary"], config)).toEqual([]);
    expect(scriptsForConsent(["necessary", "analytics"], config)).toEqual([{ category: "analytics", vendor: "google-analytics", id: "G-TEST12345" }]);
    expect(scriptsForConsent(["necessary", "marketing"], config)).toEqual([{ category: "marketing", vendor: "meta-pixel", id: "1234567890" }]);
    expect(scriptsForConsent(["necessary", "analytics", "marketing"], config)).toHaveLength(2);
    expect(scriptsForConsent(["necessary", "analytics", "marketing"], { analyticsMeasurementId: null, marketingPixelId: null })).toEqual([]);
  });

  it("renders an organisation's tools only for a stored grant, and withdrawing removes them and expires their cookies", async () => {
    const { site, organisation, actor } = await tenantSite();
    await withTenant(actor, (tx) => updatePrivacySettings(tx, { analyticsMeasurementId: "G-ORG12345", marketingPixelId: "998877665544" }));
    const path = `/p/${organisation.slug}/offer`;

    // Cookies claiming consent, or left by a tool, grant nothing: only the stored state does.
    const claims = await consentForPage(pageRequest(path, { cookie: "folio_consent=analytics; consent=all; _ga=GA1.1.1.1" }), site);
    expect(claims.consent.scripts).toEqual([]);
    expect(claims.setCookies).toContain("_ga=; Max-Age=0; Path=/; SameSite=Lax");

    const saved = await submitConsentChoice(pageRequest("/consent"), site, { method: "save", categories: ["necessary", "analytics"], page: path, userId: null });
    const cookie = cookiePair(saved.setCookies[0]);
    const allowed = await consentForPage(pageRequest(path, { cookie: `${cookie}; _ga=GA1.1.1.1; _fbp=fb.1.2.3` }), site);
    expect(allowed.consent.scripts).toEqual([{ category: "analytics", vendor: "google-analytics", id: "G-ORG12345" }]);
    expect(allowed.setCookies).toEqual(["_fbp=; Max-Age=0; Path=/; SameSite=Lax"]);

    const withdrawn = await submitConsentChoice(pageRequest("/consent", { cookie: `${cookie}; _ga=GA1.1.1.1; _ga_ABC123=GS1.1; _gid=GA1.2` }), site, {
      method: "reject",
      categories: ["necessary"],
      page: `/o/${organisation.slug}/cookies`,
      userId: null,
    });
    expect(withdrawn.setCookies.slice(1).sort()).toEqual(
      ["_ga=; Max-Age=0; Path=/; SameSite=Lax", "_ga_ABC123=; Max-Age=0; Path=/; SameSite=Lax", "_gid=; Max-Age=0; Path=/; SameSite=Lax"].sort(),
    );
    const after = await consentForPage(pageRequest(path, { cookie }), site);
    expect(after.consent).toMatchObject({ method: "reject", scripts: [] });
  });

  it("renders Folio's analytics from ANALYTICS_MEASUREMENT_ID only after a stored grant", async () => {
    process.env.ANALYTICS_MEASUREMENT_ID = "G-FOLIO1234";
    resetEnvForTests();
    try {
      expect((await consentForPage(pageRequest("/"), FOLIO_SITE)).consent.scripts).toEqual([]);
      const { setCookies } = await submitConsentChoice(pageRequest("/consent"), FOLIO_SITE, { method: "accept", categories: ["necessary", "analytics", "marketing"], page: "/", userId: null });
      const page = await consentForPage(pageRequest("/", { cookie: cookiePair(setCookies[0]) }), FOLIO_SITE);
      expect(page.consent.scripts).toEqual([{ category: "analytics", vendor: "google-analytics", id: "G-FOLIO1234" }]);
      expect(page.consent.vendorScripts).toBe(false);
    } finally {
      delete process.env.ANALYTICS_MEASUREMENT_ID;
      resetEnvForTests();
    }
  });
});

describe("organisation isolation", () => {
  it("keeps each organisation's consent records and states to itself, and its cookie apart", async () => {
    const a = await tenantSite();
    const b = await tenantSite();
    const { setCookies, consentId } = await submitConsentChoice(pageRequest("/consent"), a.site, { method: "accept", categories: ["necessary", "analytics", "marketing"], page: "/", userId: null });
    expect(await tenantRecords(a.organisation.id)).toHaveLength(1);
    expect(await tenantRecords(b.organisation.id)).toEqual([]);
    expect(await withTenant(b.actor, (tx) => tx.select().from(consentStates))).toEqual([]);
    expect(await withTenant(b.actor, (tx) => listConsentRecords(tx))).toEqual([]);

    // A's cookie means nothing on B's pages, and B cannot write into A's records.
    const cookie = cookiePair(setCookies[0]);
    expect(await readConsent(pageRequest(`/o/${b.organisation.slug}`, { cookie }), b.site)).toMatchObject({ consentId: null, needsBanner: true });
    expect(
      await databaseRefusal(
        withTenant(b.actor, (tx) =>
          tx.insert(consentRecords).values({ tenantId: a.organisation.id, consentId, categories: ["necessary"], revision: 1, method: "reject" }),
        ),
      ),
    ).toMatch(/row-level security/);
    expect(await tenantRecords(a.organisation.id)).toHaveLength(1);
  });
});

describe("the privacy team's view", () => {
  it("counts choices per month and method, and exports the records as RFC 4180 CSV", async () => {
    const { site, actor } = await tenantSite();
    const choose = (method: "accept" | "reject" | "save", categories: ("necessary" | "analytics" | "marketing")[], userAgent = "UA") =>
      submitConsentChoice(pageRequest("/consent", { "user-agent": userAgent }), site, { method, categories, page: "/p/offer", userId: null });
    await choose("accept", ["necessary", "analytics", "marketing"], 'Quoted "agent", with comma');
    await choose("accept", ["necessary", "analytics", "marketing"]);
    await choose("reject", ["necessary"]);
    await choose("save", ["necessary", "marketing"], "=HYPERLINK(\"http://evil\")");
    const stats = await withTenant(actor, (tx) => consentStatistics(tx, { timeZone: "Europe/Berlin" }));
    const month = stats[0].month;
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    expect(stats).toEqual([
      { month, method: "accept", choices: 2, analytics: 2, marketing: 2 },
      { month, method: "reject", choices: 1, analytics: 0, marketing: 0 },
      { month, method: "save", choices: 1, analytics: 0, marketing: 1 },
    ]);

    const csv = await csvText(consentRecordExport((work) => withTenant(actor, work)));
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("recorded_at,consent_id,method,categories,banner_revision,page,ip_truncated,user_agent,user_id,record_id");
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain(',accept,necessary analytics marketing,1,/p/offer,203.0.113.0,"Quoted ""agent"", with comma",,');
    expect(lines[4]).toContain(`,"'=HYPERLINK(""http://evil"")",`);
    expect(lines[5]).toBe("");
  });

  it("exports every record once, page after page, however close their times", async () => {
    const { actor, organisation } = await tenantSite();
    // Microseconds apart, and two at the very same time: a position kept in milliseconds would skip some.
    const times = ["10:00:00.000100", "10:00:00.000100", "10:00:00.000400", "10:00:00.000700", "10:00:00.000700"];
    await withTenant(actor, (tx) =>
      tx.insert(consentRecords).values(
        times.map((time, index) => ({
          tenantId: organisation.id,
          consentId: randomUUID(),
          categories: ["necessary"],
          revision: index + 1,
          method: "reject" as const,
          recordedAt: sql`${`2026-03-01 ${time}+00`}::timestamptz`,
        })),
      ),
    );
    const stored = (await withTenant(actor, (tx) => listConsentRecords(tx))).map((record) => record.id);
    const csv = await csvText(consentRecordExport((work) => withTenant(actor, work), 2));
    const exported = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n").slice(1).map((line) => line.split(",").at(-1));
    expect(exported).toHaveLength(5);
    expect(exported).toEqual(stored);
  });

  it("saves the tools with an audit event", async () => {
    const { actor } = await tenantSite();
    await withTenant(actor, (tx) => updatePrivacySettings(tx, { analyticsMeasurementId: "G-ABCDE1", marketingPixelId: null }));
    const events = await withTenant(actor, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, "privacy.settings_updated")));
    expect(events.map((e) => [e.before, e.after])).toEqual([
      [
        { analyticsMeasurementId: null, marketingPixelId: null },
        { analyticsMeasurementId: "G-ABCDE1", marketingPixelId: null },
      ],
    ]);
  });
});

describe("neutralising request data", () => {
  it("truncates addresses: IPv4 to /24, IPv6 to /48", () => {
    expect(truncateIp("203.0.113.77")).toBe("203.0.113.0");
    expect(truncateIp("::ffff:198.51.100.9")).toBe("198.51.100.0");
    expect(truncateIp("2001:db8:abcd:12:3456::1")).toBe("2001:db8:abcd::");
    expect(truncateIp("2001:db8::1")).toBe("2001:db8:0::");
    expect(truncateIp("::1")).toBe("0:0:0::");
    expect(truncateIp("fe80::1%eth0")).toBe("fe80:0:0::");
    expect(truncateIp("not an address")).toBeNull();
    expect(truncateIp("")).toBeNull();
  });

  it("keeps only a page's path, without query or secrets, capped", () => {
    expect(neutralisePage("/p/acme/spring?utm_source=mail&email=a@b.c#x")).toBe("/p/acme/spring");
    expect(neutralisePage("/join/acme/Zx8kP2qLr7mN4tV9wB3yC6dF")).toBe("/join/acme/:secret");
    expect(neutralisePage("/o/a-very-long-organisation-slug-2024/privacy")).toBe("/o/a-very-long-organisation-slug-2024/privacy");
    expect(neutralisePage("https://evil.example/")).toBeNull();
    expect(neutralisePage(`/${"x".repeat(1000)}`)).toHaveLength(300);
  });

  it("expires tool cookies by name only, on the host and its parent domains", () => {
    expect(expiredCategoryCookies("_ga=1; _gid=2; session=3; _fbp=4; x_ga=5", ["necessary"], "app.example.com").sort()).toEqual(
      [
        "_fbp=; Max-Age=0; Path=/; SameSite=Lax",
        "_fbp=; Max-Age=0; Path=/; Domain=app.example.com; SameSite=Lax",
        "_fbp=; Max-Age=0; Path=/; Domain=example.com; SameSite=Lax",
        "_ga=; Max-Age=0; Path=/; SameSite=Lax",
        "_ga=; Max-Age=0; Path=/; Domain=app.example.com; SameSite=Lax",
        "_ga=; Max-Age=0; Path=/; Domain=example.com; SameSite=Lax",
        "_gid=; Max-Age=0; Path=/; SameSite=Lax",
        "_gid=; Max-Age=0; Path=/; Domain=app.example.com; SameSite=Lax",
        "_gid=; Max-Age=0; Path=/; Domain=example.com; SameSite=Lax",
      ].sort(),
    );
    expect(expiredCategoryCookies("_ga=1; _fbp=2", ["necessary", "analytics", "marketing"], "localhost")).toEqual([]);
    expect(expiredCategoryCookies(null, ["necessary"], "localhost")).toEqual([]);
  });
});

describe("the production Content-Security-Policy", () => {
  it("allows a tool's origins only in production and only where a site configured the tool", async () => {
    const { organisation, actor } = await tenantSite();
    expect(await configuredToolsForPath(`/p/${organisation.slug}/offer`)).toEqual({ analytics: false, marketing: false });
    await withTenant(actor, (tx) => updatePrivacySettings(tx, { analyticsMeasurementId: "G-CSP12345", marketingPixelId: null }));
    const tools = await configuredToolsForPath(`/p/${organisation.slug}/offer`);
    expect(tools).toEqual({ analytics: true, marketing: false });
    expect(await configuredToolsForPath("/login")).toEqual({ analytics: false, marketing: false });

    const production = securityHeaders("n0nce", true, tools)["Content-Security-Policy"];
    expect(production).toContain("script-src 'self' 'nonce-n0nce' https://www.googletagmanager.com;");
    expect(production).toContain("connect-src 'self' https://www.googletagmanager.com https://www.google-analytics.com");
    expect(production).not.toContain("facebook");
    expect(securityHeaders("n0nce", false, tools)["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-n0nce';");
    expect(securityHeaders("n0nce", true)["Content-Security-Policy"]).toContain("connect-src 'self';");
  });
});

describe("ANALYTICS_MEASUREMENT_ID", () => {
  it("is optional and must look like a measurement id", () => {
    expect(parseEnv({}).ANALYTICS_MEASUREMENT_ID).toBeUndefined();
    expect(parseEnv({ ANALYTICS_MEASUREMENT_ID: " G-TEST12345 " }).ANALYTICS_MEASUREMENT_ID).toBe("G-TEST12345");
    expect(() => parseEnv({ ANALYTICS_MEASUREMENT_ID: "UA-12345-1" })).toThrow(/^Invalid environment variable ANALYTICS_MEASUREMENT_ID: must be a measurement id/);
  });
});
