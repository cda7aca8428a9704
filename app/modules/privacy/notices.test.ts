import { and, eq, sql } from "drizzle-orm";
import { db, queryRows } from "~/db.server";
import { auditEvents } from "~/modules/audit/schema";
import { users } from "~/modules/identity/schema";
import { EnvError, parseEnv, resetEnvForTests } from "~/modules/platform/env.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { appRefusal } from "~/test/expect-refusal";
import { createMember, createOrganisationWithOwner, createUser, emailsTo, uniqueEmail } from "~/test/factories";
import { noticeSchema, type NoticeInput } from "./notice-forms";
import {
  acknowledgeNotice,
  currentVersionOf,
  ensureFolioNotice,
  INITIAL_FOLIO_NOTICE,
  isPlatformAdmin,
  noticeAwaitingAcknowledgement,
  noticeAwaitingMember,
  noticeOverview,
  publishFolioNotice,
  publishNotice,
  listNotices,
} from "./notices.server";
import { noticeAcknowledgements, folioNoticeAcknowledgements } from "./schema";

const TODAY = new Date().toISOString().slice(0, 10);

function notice(overrides: Partial<NoticeInput> = {}): NoticeInput {
  return { bodyMarkdown: "## What we keep\n\nNames and emails.", lastUpdated: TODAY, effectiveDate: TODAY, material: false, ...overrides };
}

function plusDays(days: number) {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

async function noticeError(promise: Promise<unknown>, status: number) {
  const error = await appRefusal(promise);
  expect(error.status).toBe(status);
  return error;
}

const ADMIN_EMAIL = uniqueEmail("platform-admin");

beforeAll(() => {
  process.env.FOLIO_ADMIN_EMAILS = ` ${ADMIN_EMAIL.toUpperCase()} , someone-else@example.test`;
  resetEnvForTests();
});

afterAll(() => {
  delete process.env.FOLIO_ADMIN_EMAILS;
  resetEnvForTests();
});

describe("the notice form", () => {
  const valid = { bodyMarkdown: "Text", lastUpdated: "2026-01-10", effectiveDate: "2026-02-01" };

  test("accepts a notice and reads the material checkbox", () => {
    expect(noticeSchema.parse({ ...valid, material: "on" })).toEqual({ ...valid, material: true });
    expect(noticeSchema.parse(valid).material).toBe(false);
  });

  test.each([
    ["an empty body", { bodyMarkdown: "   " }, "bodyMarkdown", "Write the notice."],
    ["a body over 50,000 characters", { bodyMarkdown: "x".repeat(50_001) }, "bodyMarkdown", "at most 50,000 characters"],
    ["a date that is not ISO", { lastUpdated: "10/01/2026" }, "lastUpdated", "YYYY-MM-DD"],
    ["an impossible date", { effectiveDate: "2026-02-30" }, "effectiveDate", "real date"],
    ["an effective date before the last update", { effectiveDate: "2026-01-09" }, "effectiveDate", "cannot be before"],
  ])("refuses %s beside its field", (_name, change, field, message) => {
    const result = noticeSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toContain(message);
  });

  test("a body of exactly 50,000 characters is accepted", () => {
    expect(noticeSchema.safeParse({ ...valid, bodyMarkdown: "x".repeat(50_000) }).success).toBe(true);
  });
});

describe("FOLIO_ADMIN_EMAILS", () => {
  test("is a lower-cased list, empty by default, and a bad entry names the variable", () => {
    expect(parseEnv({}).FOLIO_ADMIN_EMAILS).toEqual([]);
    expect(parseEnv({ FOLIO_ADMIN_EMAILS: "A@Example.test, b@example.test,," }).FOLIO_ADMIN_EMAILS).toEqual(["a@example.test", "b@example.test"]);
    expect(() => parseEnv({ FOLIO_ADMIN_EMAILS: "a@example.test, not-an-email" })).toThrow(EnvError);
    expect(() => parseEnv({ FOLIO_ADMIN_EMAILS: "not-an-email" })).toThrow(/^Invalid environment variable FOLIO_ADMIN_EMAILS: /);
    expect(() => parseEnv({ PLATFORM_ADMIN_EMAILS: "a@example.test" })).toThrow(/^Invalid environment variable PLATFORM_ADMIN_EMAILS: was renamed FOLIO_ADMIN_EMAILS/);
  });

  test("a Folio administrator needs a listed and verified address", () => {
    expect(isPlatformAdmin({ email: ADMIN_EMAIL, emailVerified: true })).toBe(true);
    expect(isPlatformAdmin({ email: ADMIN_EMAIL, emailVerified: false })).toBe(false);
    expect(isPlatformAdmin({ email: "nobody@example.test", emailVerified: true })).toBe(false);
  });
});

describe("the version in effect", () => {
  const v = (version: number, effectiveDate: string) => ({ version, effectiveDate, lastUpdated: effectiveDate, material: false, publishedAt: new Date() });

  test("is the newest in effect, else the first", () => {
    const versions = [v(1, "2026-01-01"), v(2, "2026-03-01"), v(3, "2026-06-01")];
    expect(currentVersionOf(versions, "2026-04-15")?.version).toBe(2);
    expect(currentVersionOf(versions, "2026-06-01")?.version).toBe(3);
    expect(currentVersionOf(versions, "2025-12-31")?.version).toBe(1);
    expect(currentVersionOf([], "2026-01-01")).toBeUndefined();
  });
});

describe("Folio's notice", () => {
  test("version 1 is created from the notice Folio shipped with, once, and sign-up records the version accepted", async () => {
    const first = await ensureFolioNotice();
    const again = await ensureFolioNotice();
    expect(first.current.version).toBe(1);
    expect(first.current.bodyMarkdown).toBe(INITIAL_FOLIO_NOTICE);
    expect(first.current.material).toBe(false);
    expect(again.versions).toHaveLength(1);
    const { user } = await createOrganisationWithOwner();
    const [row] = await db().select({ version: users.privacyNoticeVersion }).from(users).where(eq(users.id, user.id));
    expect(row.version).toBe("1");
  });

  test("only a Folio administrator may publish it", async () => {
    const someone = await createUser();
    await noticeError(publishFolioNotice({ id: someone.id, email: someone.email, emailVerified: true }, notice()), 403);
    const unverified = { id: someone.id, email: ADMIN_EMAIL, emailVerified: false };
    await noticeError(publishFolioNotice(unverified, notice()), 403);
    expect((await listNotices(db(), "folio")).every((v) => v.version === 1)).toBe(true);
  });

  test("a material change mails every verified user but the publisher, and asks for acknowledgement once in effect", async () => {
    await ensureFolioNotice();
    const admin = await createUser({ email: ADMIN_EMAIL });
    const reader = await createUser();
    const { user: owner } = await createOrganisationWithOwner();
    const unverifiedEmail = uniqueEmail("unverified");
    await db().insert(users).values({ email: unverifiedEmail, name: "Una Verified", passwordHash: "x", adultConfirmedAt: new Date(), privacyNoticeVersion: "1" });

    const minor = await publishFolioNotice({ id: admin.id, email: admin.email, emailVerified: true }, notice({ bodyMarkdown: "Typo fixed." }));
    expect(minor.material).toBe(false);
    expect(await emailsTo(reader.email, "notice-changed")).toHaveLength(0);
    expect(await noticeAwaitingAcknowledgement(db(), "folio", reader.id)).toBeNull();

    const effective = plusDays(10);
    const material = await publishFolioNotice(
      { id: admin.id, email: admin.email, emailVerified: true },
      notice({ bodyMarkdown: "## New purposes\n\nWe now also keep leads.", effectiveDate: effective, material: true }),
    );
    expect(material.version).toBe(minor.version + 1);

    for (const person of [reader, owner]) {
      const mails = await emailsTo(person.email, "notice-changed");
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe("Folio updated its privacy notice");
      expect(mails[0].text).toContain(`/privacy/versions/${material.version}`);
      expect(mails[0].text).toContain(effective);
    }
    expect(await emailsTo(admin.email, "notice-changed")).toHaveLength(0);
    expect(await emailsTo(unverifiedEmail, "notice-changed")).toHaveLength(0);

    // Not in effect yet: the version in force stays the previous one, and nobody is asked yet.
    expect((await ensureFolioNotice()).current.version).toBe(minor.version);
    expect((await ensureFolioNotice()).upcoming.map((v) => v.version)).toEqual([material.version]);
    expect(await noticeAwaitingAcknowledgement(db(), "folio", reader.id)).toBeNull();

    // Once in effect, everyone who accepted an older version is asked, except the publisher.
    expect(await noticeAwaitingAcknowledgement(db(), "folio", reader.id, effective)).toBe(material.version);
    expect(await noticeAwaitingAcknowledgement(db(), "folio", owner.id, effective)).toBe(material.version);
    expect(await noticeAwaitingAcknowledgement(db(), "folio", admin.id, effective)).toBeNull();

    // A person who signed up accepting this version is not asked again.
    const newcomer = await createUser();
    await db().update(users).set({ privacyNoticeVersion: String(material.version) }).where(eq(users.id, newcomer.id));
    expect(await noticeAwaitingAcknowledgement(db(), "folio", newcomer.id, effective)).toBeNull();

    await acknowledgeNotice(db(), "folio", reader.id, material.version);
    await acknowledgeNotice(db(), "folio", reader.id, material.version);
    expect(await noticeAwaitingAcknowledgement(db(), "folio", reader.id, effective)).toBeNull();
    const acks = await db().select().from(folioNoticeAcknowledgements).where(eq(folioNoticeAcknowledgements.userId, reader.id));
    expect(acks.map((a) => a.version)).toEqual([material.version]);
    await noticeError(acknowledgeNotice(db(), "folio", reader.id, 9999), 404);
  });
});

describe("an organisation's notice", () => {
  async function auditActions(tenantId: string, action: string) {
    return db().select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action)));
  }

  test("a material version mails the other members, is audited, and asks members to acknowledge", async () => {
    const org = await createOrganisationWithOwner({ organisationName: "Acme Wholesale" });
    const member = await createMember(org.actor, "salesman");
    const accountant = await createMember(org.actor, "accountant");
    const stranger = await createOrganisationWithOwner();

    expect(await withTenant(org.actor, (tx) => noticeOverview(tx, "organisation", TODAY))).toBeUndefined();
    const first = await withTenant(org.actor, (tx) => publishNotice(tx, "organisation", notice({ bodyMarkdown: "## Our notice\n\nVersion one." })));
    expect(first.version).toBe(1);
    expect(await emailsTo(member.user.email, "notice-changed")).toHaveLength(0);

    const material = await withTenant(org.actor, (tx) => publishNotice(tx, "organisation", notice({ bodyMarkdown: "## Our notice\n\nWe share leads now.", material: true })));
    expect(material.version).toBe(2);
    for (const person of [member.user, accountant.user]) {
      const mails = await emailsTo(person.email, "notice-changed");
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe("Acme Wholesale updated its privacy notice");
      expect(mails[0].text).toContain(`/o/${org.organisation.slug}/privacy`);
    }
    expect(await emailsTo(org.user.email, "notice-changed")).toHaveLength(0);
    expect(await emailsTo(stranger.user.email, "notice-changed")).toHaveLength(0);

    const audited = await auditActions(org.organisation.id, "privacy_notice.published");
    expect(audited.map((e) => e.entityId)).toEqual(["1", "2"]);
    expect(audited[1].after).toMatchObject({ version: 2, material: true, effectiveDate: TODAY, bodyLength: "## Our notice\n\nWe share leads now.".length });

    const overview = await withTenant(org.actor, (tx) => noticeOverview(tx, "organisation", TODAY));
    expect(overview?.current.version).toBe(2);
    expect(overview?.versions.map((v) => v.version)).toEqual([2, 1]);

    // The publisher has read it; the others are asked; someone who joins afterwards is not.
    expect(await withTenant(org.actor, (tx) => noticeAwaitingAcknowledgement(tx, "organisation", org.user.id, TODAY))).toBeNull();
    expect(await withTenant(member.actor, (tx) => noticeAwaitingAcknowledgement(tx, "organisation", member.user.id, TODAY))).toBe(2);
    expect(await noticeAwaitingMember(member.actor, "UTC")).toEqual({ kind: "organisation", version: 2 });
    const latecomer = await createMember(org.actor, "viewer");
    expect(await withTenant(latecomer.actor, (tx) => noticeAwaitingAcknowledgement(tx, "organisation", latecomer.user.id, TODAY))).toBeNull();

    await withTenant(member.actor, (tx) => acknowledgeNotice(tx, "organisation", member.user.id, 2));
    await withTenant(member.actor, (tx) => acknowledgeNotice(tx, "organisation", member.user.id, 2));
    expect(await noticeAwaitingMember(member.actor, "UTC")).toBeNull();
    expect(await auditActions(org.organisation.id, "privacy_notice.acknowledged")).toHaveLength(1);
    const acks = await db().select().from(noticeAcknowledgements).where(eq(noticeAcknowledgements.tenantId, org.organisation.id));
    // The publisher's acknowledgements are recorded with each version he publishes.
    expect(acks.map((a) => `${a.userId === org.user.id ? "publisher" : a.userId === member.user.id ? "member" : "other"}:${a.version}`).sort()).toEqual([
      "member:2",
      "publisher:1",
      "publisher:2",
    ]);

    // Another organisation sees none of it, and cannot acknowledge a version it does not have.
    expect(await withTenant(stranger.actor, (tx) => noticeOverview(tx, "organisation", TODAY))).toBeUndefined();
    await noticeError(
      withTenant(stranger.actor, (tx) => acknowledgeNotice(tx, "organisation", stranger.user.id, 2)),
      404,
    );
  });

  test("a material version is asked for only once it is in effect, and only the newest one", async () => {
    const org = await createOrganisationWithOwner();
    const member = await createMember(org.actor, "viewer");
    const later = plusDays(30);
    await withTenant(org.actor, (tx) => publishNotice(tx, "organisation", notice({ material: true })));
    await withTenant(org.actor, (tx) => publishNotice(tx, "organisation", notice({ material: true, effectiveDate: later })));
    expect(await withTenant(member.actor, (tx) => noticeAwaitingAcknowledgement(tx, "organisation", member.user.id, TODAY))).toBe(1);
    expect(await withTenant(member.actor, (tx) => noticeAwaitingAcknowledgement(tx, "organisation", member.user.id, later))).toBe(2);
    const overview = await withTenant(org.actor, (tx) => noticeOverview(tx, "organisation", TODAY));
    expect(overview?.current.version).toBe(1);
    expect(overview?.upcoming.map((v) => v.version)).toEqual([2]);
    await withTenant(member.actor, (tx) => acknowledgeNotice(tx, "organisation", member.user.id, 2));
    expect(await withTenant(member.actor, (tx) => noticeAwaitingAcknowledgement(tx, "organisation", member.user.id, later))).toBeNull();
  });

  test("versions are numbered per organisation, and another organisation cannot change them", async () => {
    const a = await createOrganisationWithOwner();
    const b = await createOrganisationWithOwner();
    await withTenant(a.actor, (tx) => publishNotice(tx, "organisation", notice()));
    await withTenant(a.actor, (tx) => publishNotice(tx, "organisation", notice()));
    const firstOfB = await withTenant(b.actor, (tx) => publishNotice(tx, "organisation", notice()));
    expect(firstOfB.version).toBe(1);
    // Row-level security: b's transaction cannot touch a's versions.
    const touched = await withTenant(b.actor, (tx) =>
      queryRows<{ version: number }>(tx, sql`update notice_versions set body_markdown = 'changed' where tenant_id = ${a.organisation.id} returning version`),
    );
    expect(touched).toHaveLength(0);
  });
});
