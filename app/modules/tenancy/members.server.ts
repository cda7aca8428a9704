import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { queryRow, type Tx } from "~/db.server";
import { hashToken, newSecretToken } from "~/modules/identity/tokens.server";
import { findUserIdByEmail, listUsersByName } from "~/modules/identity/users.server";
import { AppError } from "~/modules/platform/errors";
import { canAssignRole, DEFAULT_DATA_SCOPE, type Role } from "./permissions";
import { invitations, memberships, tenants } from "./schema";

/*
 * Members and invitations, within tenancy. Each change here returns what the audit trail needs; the audited
 * operations (with the invitation's mail) are app/workflows/invite-member.server.ts and its neighbours.
 */

export interface MemberRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  dataScope: "all" | "assigned";
  createdAt: Date;
}

/** The organisation's members, by name. */
export async function listMembers(tx: Tx): Promise<MemberRow[]> {
  const rows = await tx.select().from(memberships).where(sql`${memberships.tenantId} = app_tenant_id()`);
  const byUser = new Map(rows.map((row) => [row.userId, row]));
  const people = await listUsersByName(tx, [...byUser.keys()]);
  return people.map((person) => {
    const m = byUser.get(person.id)!;
    return { id: m.id, userId: m.userId, name: person.name, email: person.email, role: m.role, dataScope: m.dataScope, createdAt: new Date(m.createdAt) };
  });
}

/**
 * Locks the tenant's owner rows (always in id order, so two concurrent changes cannot deadlock), then the
 * target membership. Returns the target and how many owners other than it remain.
 */
async function lockForMembershipChange(tx: Tx, membershipId: string) {
  await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(eq(memberships.role, "owner"))
    .orderBy(memberships.id)
    .for("update");
  const [membership] = await tx.select().from(memberships).where(eq(memberships.id, membershipId)).for("update");
  if (!membership) throw new AppError("not_found", "That member is not part of this organisation.", { reason: "unknown_member" });
  // Re-read after the locks: a concurrent change may have promoted or demoted someone meanwhile.
  const currentOwners = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.role, "owner"));
  return { membership, otherOwners: currentOwners.filter((o) => o.id !== membershipId).length };
}

/** Gives the member `role`: the membership before and after (the same row when the role was already that). */
export async function updateMemberRole(tx: Tx, actorRole: Role, membershipId: string, role: Role) {
  const { membership: before, otherOwners } = await lockForMembershipChange(tx, membershipId);
  if (!canAssignRole(actorRole, role) || !canAssignRole(actorRole, before.role)) {
    throw new AppError("forbidden", "Only an owner can give or take away the owner role.", { reason: "owner_role" });
  }
  if (before.role === role) return { before, after: before };
  if (before.role === "owner" && otherOwners === 0) {
    throw new AppError("conflict", "The last owner cannot be demoted. Make someone else an owner first.", { reason: "last_owner" });
  }
  const [after] = await tx
    .update(memberships)
    .set({ role, dataScope: DEFAULT_DATA_SCOPE[role], updatedAt: new Date() })
    .where(eq(memberships.id, membershipId))
    .returning();
  return { before, after };
}

/** Removes the membership; what it was. */
export async function deleteMember(tx: Tx, actorRole: Role, membershipId: string) {
  const { membership: before, otherOwners } = await lockForMembershipChange(tx, membershipId);
  if (!canAssignRole(actorRole, before.role)) {
    throw new AppError("forbidden", "Only an owner can remove an owner.", { reason: "owner_role" });
  }
  if (before.role === "owner" && otherOwners === 0) {
    throw new AppError("conflict", "The last owner cannot be removed. Make someone else an owner first.", { reason: "last_owner" });
  }
  await tx.delete(memberships).where(eq(memberships.id, membershipId));
  return before;
}

export const INVITATION_LIFETIME_DAYS = 7;

/**
 * A new invitation of `email` to the current organisation with `role`, replacing any open one for the address;
 * the invitation, its link secret and the organisation it is to.
 */
export async function createInvitation(tx: Tx, input: { email: string; role: Role; actorRole: Role; inviterMembershipId: string }) {
  const email = input.email.trim().toLowerCase();
  if (!canAssignRole(input.actorRole, input.role)) {
    throw new AppError("forbidden", "Only an owner can invite another owner.", { reason: "owner_role" });
  }
  const userId = await findUserIdByEmail(tx, email);
  const existing = userId
    ? await queryRow<{ id: string }>(tx, sql`select id from memberships where tenant_id = app_tenant_id() and user_id = ${userId}`)
    : undefined;
  if (existing) throw new AppError("conflict", `${email} is already a member of this organisation.`, { field: "email", reason: "already_member" });
  await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
  const { token, tokenHash } = newSecretToken();
  const [invitation] = await tx
    .insert(invitations)
    .values({
      tenantId: sql`app_tenant_id()`,
      email,
      role: input.role,
      tokenHash,
      invitedByMembershipId: input.inviterMembershipId,
      expiresAt: new Date(Date.now() + INVITATION_LIFETIME_DAYS * 24 * 60 * 60 * 1000),
    })
    .returning();
  const [organisation] = await tx.select().from(tenants).where(eq(tenants.id, invitation.tenantId));
  return { invitation, token, organisation };
}

export async function listOpenInvitations(tx: Tx) {
  return tx
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`)))
    .orderBy(desc(invitations.createdAt));
}

/** Closes an open invitation of the organisation; what it was. */
export async function closeInvitation(tx: Tx, invitationId: string) {
  const [revoked] = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id, email: invitations.email });
  if (!revoked) throw new AppError("not_found", "That invitation is not open in this organisation.", { reason: "unknown_invitation" });
  return revoked;
}

/** An open invitation in the current tenant, found by its link secret. */
export async function findOpenInvitation(tx: Tx, token: string) {
  const [invitation] = await tx
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, hashToken(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    );
  return invitation;
}

/**
 * The open invitation of `token` when it was sent to `user`'s address, and `user`'s membership of the
 * organisation if they have one already.
 */
export async function openInvitationFor(tx: Tx, token: string, user: { id: string; email: string }) {
  const invitation = await findOpenInvitation(tx, token);
  if (!invitation) throw new AppError("not_found", "This invitation is no longer valid. Ask for a new one.", { reason: "unknown_invitation" });
  if (invitation.email !== user.email.toLowerCase()) {
    throw new AppError("forbidden", `This invitation was sent to ${invitation.email}. Sign in with that address to accept it.`, { reason: "other_address" });
  }
  const [membership] = await tx.select().from(memberships).where(and(sql`${memberships.tenantId} = app_tenant_id()`, eq(memberships.userId, user.id)));
  return { invitation, membership };
}

export async function markInvitationAccepted(tx: Tx, invitationId: string, userId: string): Promise<void> {
  await tx.update(invitations).set({ acceptedAt: new Date(), acceptedByUserId: userId }).where(eq(invitations.id, invitationId));
}

/** When the user joined the organisation of this tenant transaction, or null when the user is no member of it. */
export async function memberSince(tx: Tx, userId: string): Promise<Date | null> {
  const [membership] = await tx.select({ createdAt: memberships.createdAt }).from(memberships).where(and(sql`${memberships.tenantId} = app_tenant_id()`, eq(memberships.userId, userId)));
  return membership?.createdAt ?? null;
}
