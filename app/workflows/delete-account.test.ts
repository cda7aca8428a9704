import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { JOBS } from "~/jobs.server";
import { lucia } from "~/modules/identity/lucia.server";
import { sessions, users } from "~/modules/identity/schema";
import { runJob } from "~/modules/platform/jobs.server";
import { memberships } from "~/modules/tenancy/schema";
import { createMember, createOrganisationWithOwner, emailsTo, FACTORY_PASSWORD } from "~/test/factories";
import { deleteAccountsPastGrace, requestAccountDeletion } from "./delete-account.server";
import { login } from "./log-in.server";

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason?: string; message: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: string; reason?: string; message: string; field?: string };
    return { code: e.code, reason: e.reason, message: e.message, field: e.field };
  }
  throw new Error("expected a refusal");
}

const account = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0];

describe("delete my account", () => {
  it("refuses the only owner of an organisation with a 409 naming it, and a wrong password beside its field", async () => {
    const owner = await createOrganisationWithOwner({ organisationName: "Lonely Owner GmbH" });
    const refused = await refusal(requestAccountDeletion({ userId: owner.user.id, password: FACTORY_PASSWORD }));
    expect(refused).toMatchObject({ code: "conflict", reason: "sole_owner" });
    expect(refused.message).toContain("Lonely Owner GmbH");
    expect((await account(owner.user.id)).deletionDueAt).toBeNull();
    expect(await refusal(requestAccountDeletion({ userId: owner.user.id, password: "wrong password" }))).toMatchObject({ code: "invalid", field: "currentPassword" });
  });

  it("schedules the deletion 30 days ahead, ends the sessions and mails the person; signing in cancels it", async () => {
    const owner = await createOrganisationWithOwner();
    const member = await createMember(owner.actor, "accountant");
    await lucia().createSession(member.user.id, {});
    const now = new Date("2027-04-01T08:00:00Z");
    const dueAt = await requestAccountDeletion({ userId: member.user.id, password: FACTORY_PASSWORD, now });
    expect(dueAt.toISOString()).toBe("2027-05-01T08:00:00.000Z");
    expect((await account(member.user.id)).deletionDueAt?.toISOString()).toBe("2027-05-01T08:00:00.000Z");
    expect(await db().select().from(sessions).where(eq(sessions.userId, member.user.id))).toHaveLength(0);
    expect((await emailsTo(member.user.email, "account-deletion")).at(-1)?.text).toContain("2027-05-01");

    const first = await login({ email: member.user.email, password: FACTORY_PASSWORD, ip: null });
    expect(first).toMatchObject({ ok: true, deletionCancelled: true });
    expect((await account(member.user.id)).deletionDueAt).toBeNull();
    const again = await login({ email: member.user.email, password: FACTORY_PASSWORD, ip: null });
    expect(again).toMatchObject({ ok: true, deletionCancelled: false });
  });

  it("an owner who is not the only one may leave", async () => {
    const owner = await createOrganisationWithOwner();
    await createMember(owner.actor, "owner");
    await expect(requestAccountDeletion({ userId: owner.user.id, password: FACTORY_PASSWORD })).resolves.toBeInstanceOf(Date);
  });
});

describe("the retention rule for accounts", () => {
  it("deletes an account once its grace period has ended (a moved clock), not before, and keeps one who became the only owner", async () => {
    const owner = await createOrganisationWithOwner();
    const leaving = await createMember(owner.actor, "viewer");
    const stayingOwner = await createMember(owner.actor, "owner");
    const now = new Date();
    await requestAccountDeletion({ userId: leaving.user.id, password: FACTORY_PASSWORD, now });
    await requestAccountDeletion({ userId: stayingOwner.user.id, password: FACTORY_PASSWORD, now });
    // The first owner leaves meanwhile: the second owner is now the only one.
    await db().delete(memberships).where(eq(memberships.userId, owner.user.id));

    expect(await deleteAccountsPastGrace(new Date(now.getTime() + 29 * 86_400_000))).toMatchObject({ accountsDeleted: 0 });
    expect(await account(leaving.user.id)).toBeDefined();

    const later = await deleteAccountsPastGrace(new Date(now.getTime() + 31 * 86_400_000));
    expect(later.accountsDeleted).toBeGreaterThanOrEqual(1);
    expect(later.accountsKeptAsSoleOwners).toBeGreaterThanOrEqual(1);
    expect(await account(leaving.user.id)).toBeUndefined();
    expect(await account(stayingOwner.user.id)).toBeDefined();
    expect(await db().select().from(memberships).where(eq(memberships.userId, leaving.user.id))).toHaveLength(0);
  });

  it("is part of the retention job, which counts it", async () => {
    const owner = await createOrganisationWithOwner();
    const leaving = await createMember(owner.actor, "viewer");
    await requestAccountDeletion({ userId: leaving.user.id, password: FACTORY_PASSWORD });
    await db().update(users).set({ deletionDueAt: sql`now() - interval '1 day'` }).where(eq(users.id, leaving.user.id));
    const result = await runJob(JOBS, "retention");
    expect(result).toMatchObject({ ran: true, status: "succeeded" });
    expect(Number(result.ran && result.counts?.accountsDeleted)).toBeGreaterThanOrEqual(1);
    expect(await account(leaving.user.id)).toBeUndefined();
  });
});
