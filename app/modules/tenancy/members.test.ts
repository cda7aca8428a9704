import { and, eq, sql } from "drizzle-orm";
import { db, postgresError, type Tx } from "~/db.server";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { auditEvents } from "~/modules/audit/schema";
import { hashToken } from "~/modules/identity/tokens.server";
import { createMember, createOrganisationWithOwner, createUser, emailsTo, uniqueEmail } from "~/test/factories";
import { type TenantActor, withTenant } from "./context.server";
import { AppError } from "~/modules/platform/errors";
import { acceptInvitation } from "~/workflows/accept-invitation.server";
import { addMember } from "~/workflows/add-member.server";
import { changeMemberRole } from "~/workflows/change-member-role.server";
import { inviteMember } from "~/workflows/invite-member.server";
import { removeMember } from "~/workflows/remove-member.server";
import { revokeInvitation } from "~/workflows/revoke-invitation.server";
import { INVITATION_LIFETIME_DAYS, listMembers, listOpenInvitations } from "./members.server";
import { type Role } from "./permissions";
import { invitations, memberships } from "./schema";

type Org = Awaited<ReturnType<typeof createOrganisationWithOwner>>;

function invite(org: Org, email: string, role: Role, actorRole: Role = "owner") {
  return withTenant(org.actor, (tx) =>
    inviteMember(tx, { email, role, actorRole, inviterMembershipId: org.membership.id, inviterName: org.user.name }),
  );
}

/** What the join page does: the signed-in user accepts inside the invitation's organisation. */
function accept(tenantId: string, token: string, user: { id: string; email: string }) {
  return withTenant({ tenantId, userId: user.id, dataScope: "all" }, (tx) => acceptInvitation(tx, token, user));
}

async function membershipOf(tenantId: string, userId: string) {
  const [row] = await db()
    .select()
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  return row;
}

async function actionsOf(tenantId: string) {
  const rows = await db().select().from(auditEvents).where(eq(auditEvents.tenantId, tenantId)).orderBy(auditEvents.id);
  return rows.map((e) => e.action);
}

/** Asserts that `promise` fails with an AppError of `status`, and returns it. */
async function membershipRefusal(promise: Promise<unknown>, status: 403 | 404 | 409): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${status} AppError, but the operation succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(status);
  return error as AppError;
}

describe("inviting", () => {
  it("creates an invitation, mails its link and audits it, storing only the link's hash", async () => {
    const org = await createOrganisationWithOwner({ organisationName: "Invite Traders" });
    const email = uniqueEmail("Invitee");
    const { invitation, token } = await invite(org, `  ${email.toUpperCase()} `, "salesman");

    expect(invitation).toMatchObject({ tenantId: org.organisation.id, email: email.toLowerCase(), role: "salesman", invitedByMembershipId: org.membership.id });
    expect(invitation.tokenHash).toBe(hashToken(token));
    const days = (invitation.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(INVITATION_LIFETIME_DAYS - 0.01);
    expect(days).toBeLessThanOrEqual(INVITATION_LIFETIME_DAYS);

    const mail = await emailsTo(email, "invitation");
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe("Join Invite Traders on Folio");
    expect(mail[0].text).toContain(`http://localhost:3000/join/${org.organisation.slug}/${token}`);
    expect(mail[0].text).toContain("Salesman");

    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, org.organisation.id), eq(auditEvents.action, "invitation.created")));
    expect(event).toMatchObject({ entityType: "invitation", entityId: invitation.id, actorUserId: org.user.id });
    expect(JSON.stringify(event.after)).not.toContain(invitation.tokenHash);

    const open = await withTenant(org.actor, listOpenInvitations);
    expect(open.map((i) => [i.email, i.role])).toEqual([[email.toLowerCase(), "salesman"]]);
  });

  it("refuses to invite someone who is already a member, and lets only an owner invite an owner", async () => {
    const org = await createOrganisationWithOwner();
    const admin = await createMember(org.actor, "admin");
    const accountant = await createMember(org.actor, "accountant");

    await membershipRefusal(invite(org, admin.user.email.toUpperCase(), "viewer"), 409);
    await membershipRefusal(
      withTenant(admin.actor, (tx) =>
        inviteMember(tx, { email: uniqueEmail(), role: "owner", actorRole: "admin", inviterMembershipId: admin.membership.id, inviterName: "A" }),
      ),
      403,
    );
    await membershipRefusal(
      withTenant(accountant.actor, (tx) =>
        inviteMember(tx, { email: uniqueEmail(), role: "viewer", actorRole: "accountant", inviterMembershipId: accountant.membership.id, inviterName: "A" }),
      ),
      403,
    );
    expect(await db().select().from(invitations).where(eq(invitations.tenantId, org.organisation.id))).toEqual([]);

    const { invitation } = await withTenant(admin.actor, (tx) =>
      inviteMember(tx, { email: uniqueEmail(), role: "admin", actorRole: "admin", inviterMembershipId: admin.membership.id, inviterName: "A" }),
    );
    expect(invitation.role).toBe("admin");
  });

  it("replaces an open invitation to the same address: only the newest link works", async () => {
    const org = await createOrganisationWithOwner();
    const email = uniqueEmail("twice");
    const first = await invite(org, email, "viewer");
    const second = await invite(org, email, "accountant");
    const user = await createUser({ email });

    await membershipRefusal(accept(org.organisation.id, first.token, user), 404);
    await accept(org.organisation.id, second.token, user);
    expect(await membershipOf(org.organisation.id, user.id)).toMatchObject({ role: "accountant" });
  });

  it("revokes an open invitation, with an audit event, and refuses an id it cannot see", async () => {
    const org = await createOrganisationWithOwner();
    const other = await createOrganisationWithOwner();
    const { invitation } = await invite(org, uniqueEmail(), "viewer");
    const foreign = await invite(other, uniqueEmail(), "viewer");

    await membershipRefusal(withTenant(org.actor, (tx) => revokeInvitation(tx, foreign.invitation.id)), 404);
    const [stillOpen] = await db().select().from(invitations).where(eq(invitations.id, foreign.invitation.id));
    expect(stillOpen.revokedAt).toBeNull();

    await withTenant(org.actor, (tx) => revokeInvitation(tx, invitation.id));
    expect(await withTenant(org.actor, listOpenInvitations)).toEqual([]);
    await membershipRefusal(withTenant(org.actor, (tx) => revokeInvitation(tx, invitation.id)), 404);
    expect((await actionsOf(org.organisation.id)).filter((a) => a.startsWith("invitation."))).toEqual(["invitation.created", "invitation.revoked"]);
  });
});

describe("accepting an invitation", () => {
  it("makes the invited person a member with the invitation's role, a salesman seeing only assigned records", async () => {
    const org = await createOrganisationWithOwner();
    const email = uniqueEmail("sally");
    const { invitation, token } = await invite(org, email, "salesman");
    const sally = await createUser({ email, name: "Sally Sales" });

    const { membership } = await accept(org.organisation.id, token, { id: sally.id, email: sally.email.toUpperCase() });
    expect(membership).toMatchObject({ tenantId: org.organisation.id, userId: sally.id, role: "salesman", dataScope: "assigned" });
    expect(await membershipOf(org.organisation.id, sally.id)).toEqual(membership);

    const [used] = await db().select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(used.acceptedByUserId).toBe(sally.id);
    expect(used.acceptedAt).toBeInstanceOf(Date);
    expect(await withTenant(org.actor, listOpenInvitations)).toEqual([]);

    const actions = await actionsOf(org.organisation.id);
    expect(actions.slice(-2)).toEqual(["member.added", "invitation.accepted"]);
    const members = await withTenant(org.actor, listMembers);
    expect(members.map((m) => [m.email, m.role, m.dataScope]).sort()).toEqual(
      [
        [org.user.email, "owner", "all"],
        [email, "salesman", "assigned"],
      ].sort(),
    );
  });

  it("refuses a person signed in with another address, and leaves the invitation open", async () => {
    const org = await createOrganisationWithOwner();
    const email = uniqueEmail("meant");
    const { token } = await invite(org, email, "admin");
    const intruder = await createUser();

    const error = await membershipRefusal(accept(org.organisation.id, token, intruder), 403);
    expect(error.message).toContain(email);
    expect(await membershipOf(org.organisation.id, intruder.id)).toBeUndefined();
    expect(await withTenant(org.actor, listOpenInvitations)).toHaveLength(1);

    const intended = await createUser({ email });
    await accept(org.organisation.id, token, intended);
    expect(await membershipOf(org.organisation.id, intended.id)).toMatchObject({ role: "admin" });
  });

  it("refuses an expired, a revoked and a used invitation", async () => {
    const org = await createOrganisationWithOwner();

    const lateEmail = uniqueEmail("late");
    const late = await invite(org, lateEmail, "viewer");
    await db().update(invitations).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(invitations.id, late.invitation.id));
    const lateUser = await createUser({ email: lateEmail });
    await membershipRefusal(accept(org.organisation.id, late.token, lateUser), 404);

    const revokedEmail = uniqueEmail("revoked");
    const revoked = await invite(org, revokedEmail, "viewer");
    await withTenant(org.actor, (tx) => revokeInvitation(tx, revoked.invitation.id));
    const revokedUser = await createUser({ email: revokedEmail });
    await membershipRefusal(accept(org.organisation.id, revoked.token, revokedUser), 404);

    const usedEmail = uniqueEmail("used");
    const used = await invite(org, usedEmail, "viewer");
    const usedUser = await createUser({ email: usedEmail });
    await accept(org.organisation.id, used.token, usedUser);
    await membershipRefusal(accept(org.organisation.id, used.token, usedUser), 404);

    expect(await membershipOf(org.organisation.id, lateUser.id)).toBeUndefined();
    expect(await membershipOf(org.organisation.id, revokedUser.id)).toBeUndefined();
    expect((await actionsOf(org.organisation.id)).filter((a) => a === "invitation.accepted")).toHaveLength(1);
  });

  it("closes the invitation of someone who became a member meanwhile, without changing their role", async () => {
    const org = await createOrganisationWithOwner();
    const email = uniqueEmail("already");
    const { invitation, token } = await invite(org, email, "admin");
    const member = await createMember(org.actor, "viewer", { email });
    const { membership } = await accept(org.organisation.id, token, member.user);
    expect(membership.id).toBe(member.membership.id);
    expect(await membershipOf(org.organisation.id, member.user.id)).toMatchObject({ id: member.membership.id, role: "viewer" });
    const [closed] = await db().select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(closed.acceptedByUserId).toBe(member.user.id);
  });

  it("does not find an invitation from inside another organisation", async () => {
    const org = await createOrganisationWithOwner();
    const elsewhere = await createOrganisationWithOwner();
    const email = uniqueEmail("wander");
    const { token } = await invite(org, email, "admin");
    const user = await createUser({ email });
    await membershipRefusal(accept(elsewhere.organisation.id, token, user), 404);
    expect(await membershipOf(elsewhere.organisation.id, user.id)).toBeUndefined();
    expect(await membershipOf(org.organisation.id, user.id)).toBeUndefined();
  });
});

describe("changing roles and removing members", () => {
  it("changes a role with its data scope and audits the before and after", async () => {
    const org = await createOrganisationWithOwner();
    const member = await createMember(org.actor, "viewer");

    const salesman = await withTenant(org.actor, (tx) => changeMemberRole(tx, "owner", member.membership.id, "salesman"));
    expect(salesman).toMatchObject({ role: "salesman", dataScope: "assigned" });
    const accountant = await withTenant(org.actor, (tx) => changeMemberRole(tx, "owner", member.membership.id, "accountant"));
    expect(accountant).toMatchObject({ role: "accountant", dataScope: "all" });
    expect(await membershipOf(org.organisation.id, member.user.id)).toMatchObject({ role: "accountant", dataScope: "all" });

    // No change, no event.
    await withTenant(org.actor, (tx) => changeMemberRole(tx, "owner", member.membership.id, "accountant"));

    const events = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, org.organisation.id), eq(auditEvents.action, "member.role_changed")))
      .orderBy(auditEvents.id);
    expect(events.map((e) => [e.entityId, (e.before as { role: string }).role, (e.after as { role: string }).role])).toEqual([
      [member.membership.id, "viewer", "salesman"],
      [member.membership.id, "salesman", "accountant"],
    ]);
    expect(events.every((e) => e.actorUserId === org.user.id)).toBe(true);
    expect(await withTenant(org.actor, verifyAuditChain)).toMatchObject({ ok: true });
  });

  it("removes a member with an audit event", async () => {
    const org = await createOrganisationWithOwner();
    const member = await createMember(org.actor, "storekeeper");
    await withTenant(org.actor, (tx) => removeMember(tx, "owner", member.membership.id));
    expect(await membershipOf(org.organisation.id, member.user.id)).toBeUndefined();
    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, org.organisation.id), eq(auditEvents.action, "member.removed")));
    expect(event).toMatchObject({ entityType: "membership", entityId: member.membership.id, after: null });
    expect(event.before).toMatchObject({ userId: member.user.id, role: "storekeeper" });
    await membershipRefusal(withTenant(org.actor, (tx) => removeMember(tx, "owner", member.membership.id)), 404);
  });

  it("never demotes or removes the last owner", async () => {
    const org = await createOrganisationWithOwner();
    const before = await actionsOf(org.organisation.id);
    const demote = await membershipRefusal(withTenant(org.actor, (tx) => changeMemberRole(tx, "owner", org.membership.id, "admin")), 409);
    expect(demote.message).toMatch(/last owner/);
    await membershipRefusal(withTenant(org.actor, (tx) => removeMember(tx, "owner", org.membership.id)), 409);
    expect(await membershipOf(org.organisation.id, org.user.id)).toMatchObject({ role: "owner" });
    expect(await actionsOf(org.organisation.id)).toEqual(before);

    // With a second owner, the first may step down; then the second is the last.
    const second = await createMember(org.actor, "owner");
    await withTenant(org.actor, (tx) => changeMemberRole(tx, "owner", org.membership.id, "admin"));
    await membershipRefusal(withTenant(second.actor, (tx) => removeMember(tx, "owner", second.membership.id)), 409);
    expect(await membershipOf(org.organisation.id, second.user.id)).toMatchObject({ role: "owner" });
  });

  it("does not count the same person's ownership of another organisation", async () => {
    const org = await createOrganisationWithOwner();
    const other = await createOrganisationWithOwner();
    // The owner of `org` is also an owner of `other`.
    const [sideMembership] = await withTenant(other.actor, async (tx) => [await addMember(tx, { tenantId: other.organisation.id, userId: org.user.id, role: "owner" })]);
    expect(sideMembership.role).toBe("owner");

    await membershipRefusal(withTenant(org.actor, (tx) => changeMemberRole(tx, "owner", org.membership.id, "viewer")), 409);
    await membershipRefusal(withTenant(org.actor, (tx) => removeMember(tx, "owner", org.membership.id)), 409);
    expect(await membershipOf(org.organisation.id, org.user.id)).toMatchObject({ role: "owner" });

    // And from inside `org`, the person's membership of `other` is out of reach.
    await membershipRefusal(withTenant(org.actor, (tx) => changeMemberRole(tx, "owner", sideMembership.id, "viewer")), 404);
    await membershipRefusal(withTenant(org.actor, (tx) => removeMember(tx, "owner", sideMembership.id)), 404);
    expect(await membershipOf(other.organisation.id, org.user.id)).toMatchObject({ role: "owner" });
  });

  it("lets an admin manage other members but neither make nor touch an owner", async () => {
    const org = await createOrganisationWithOwner();
    const admin = await createMember(org.actor, "admin");
    const viewer = await createMember(org.actor, "viewer");
    const asAdmin = <T>(work: Parameters<typeof withTenant<T>>[1]) => withTenant(admin.actor, work);
    const before = await actionsOf(org.organisation.id);

    await membershipRefusal(asAdmin((tx) => changeMemberRole(tx, "admin", viewer.membership.id, "owner")), 403);
    await membershipRefusal(asAdmin((tx) => changeMemberRole(tx, "admin", admin.membership.id, "owner")), 403);
    await membershipRefusal(asAdmin((tx) => changeMemberRole(tx, "admin", org.membership.id, "viewer")), 403);
    await membershipRefusal(asAdmin((tx) => removeMember(tx, "admin", org.membership.id)), 403);
    expect(await membershipOf(org.organisation.id, org.user.id)).toMatchObject({ role: "owner" });
    expect(await membershipOf(org.organisation.id, viewer.user.id)).toMatchObject({ role: "viewer" });
    expect(await actionsOf(org.organisation.id)).toEqual(before);

    await asAdmin((tx) => changeMemberRole(tx, "admin", viewer.membership.id, "storekeeper"));
    await asAdmin((tx) => removeMember(tx, "admin", viewer.membership.id));
    expect(await membershipOf(org.organisation.id, viewer.user.id)).toBeUndefined();
    expect((await actionsOf(org.organisation.id)).slice(before.length)).toEqual(["member.role_changed", "member.removed"]);
  });

  it("refuses every change to a member who cannot manage members", async () => {
    const org = await createOrganisationWithOwner();
    const accountant = await createMember(org.actor, "accountant");
    const viewer = await createMember(org.actor, "viewer");
    await membershipRefusal(withTenant(accountant.actor, (tx) => changeMemberRole(tx, "accountant", viewer.membership.id, "storekeeper")), 403);
    await membershipRefusal(withTenant(accountant.actor, (tx) => removeMember(tx, "accountant", viewer.membership.id)), 403);
    expect(await membershipOf(org.organisation.id, viewer.user.id)).toMatchObject({ role: "viewer" });
  });

  it("answers 404 for a member of another organisation, and changes nothing there", async () => {
    const org = await createOrganisationWithOwner();
    const other = await createOrganisationWithOwner();
    const stranger = await createMember(other.actor, "viewer");
    const otherBefore = await actionsOf(other.organisation.id);

    for (const target of [stranger.membership.id, other.membership.id]) {
      await membershipRefusal(withTenant(org.actor, (tx) => changeMemberRole(tx, "owner", target, "admin")), 404);
      await membershipRefusal(withTenant(org.actor, (tx) => removeMember(tx, "owner", target)), 404);
    }
    await membershipRefusal(withTenant(org.actor, (tx) => removeMember(tx, "owner", "00000000-0000-0000-0000-000000000000")), 404);

    expect(await membershipOf(other.organisation.id, stranger.user.id)).toMatchObject({ role: "viewer" });
    expect(await membershipOf(other.organisation.id, other.user.id)).toMatchObject({ role: "owner" });
    expect(await actionsOf(other.organisation.id)).toEqual(otherBefore);
  });
});

describe("concurrent changes keep an owner", () => {
  /** The loser of a concurrent change is refused by the rule (409), never by a deadlock. */
  function expectSafeRefusal(reason: unknown) {
    expect(reason, String(reason)).toBeInstanceOf(AppError);
    expect((reason as AppError).status).toBe(409);
  }

  async function ownersOf(tenantId: string) {
    return db()
      .select()
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "owner")));
  }

  async function twoOwners() {
    const org = await createOrganisationWithOwner();
    const second = await createMember(org.actor, "owner");
    return { org, first: { actor: org.actor, membershipId: org.membership.id }, second: { actor: second.actor, membershipId: second.membership.id } };
  }

  /**
   * Runs `work` in two tenant transactions that are both open before either starts its work, so their
   * statements interleave. PGlite runs one transaction at a time: there the first gives up waiting and goes on.
   */
  async function together(...runs: [TenantActor, (tx: Tx) => Promise<unknown>][]) {
    let arrived = 0;
    let release!: () => void;
    const allOpen = new Promise<void>((resolve) => (release = resolve));
    // Open the pool's connections first, so that no transaction waits for a new connection.
    await Promise.all(runs.map(() => db().execute(sql`select 1`)));
    return Promise.allSettled(
      runs.map(([actor, work]) =>
        withTenant(actor, async (tx) => {
          await tx.execute(sql`select 1`);
          if (++arrived === runs.length) release();
          await Promise.race([allOpen, new Promise((resolve) => setTimeout(resolve, 300))]);
          return work(tx);
        }),
      ),
    );
  }

  it("leaves one owner when two owners demote each other at once", async () => {
    const { org, first, second } = await twoOwners();
    const results = await together(
      [first.actor, (tx) => changeMemberRole(tx, "owner", second.membershipId, "admin")],
      [second.actor, (tx) => changeMemberRole(tx, "owner", first.membershipId, "admin")],
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expectSafeRefusal(r.reason);
    expect(await ownersOf(org.organisation.id)).toHaveLength(1);
    expect((await actionsOf(org.organisation.id)).filter((a) => a === "member.role_changed")).toHaveLength(1);
    expect(await withTenant(org.actor, verifyAuditChain)).toMatchObject({ ok: true });
  });

  it("leaves one owner when two owners remove each other at once", async () => {
    const { org, first, second } = await twoOwners();
    const results = await together(
      [first.actor, (tx) => removeMember(tx, "owner", second.membershipId)],
      [second.actor, (tx) => removeMember(tx, "owner", first.membershipId)],
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expectSafeRefusal(r.reason);
    expect(await ownersOf(org.organisation.id)).toHaveLength(1);
  });

  it("leaves one owner when two owners each step down at once", async () => {
    const { org, first, second } = await twoOwners();
    const results = await together(
      [first.actor, (tx) => changeMemberRole(tx, "owner", first.membershipId, "viewer")],
      [second.actor, (tx) => changeMemberRole(tx, "owner", second.membershipId, "viewer")],
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expectSafeRefusal(r.reason);
    expect(await ownersOf(org.organisation.id)).toHaveLength(1);
  });
});
