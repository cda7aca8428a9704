import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { createElement } from "react";
import { queryRow, queryRows, type Tx } from "~/db.server";
import { InvitationEmail } from "~/emails/invitation";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { hashToken, newSecretToken } from "~/modules/identity/tokens.server";
import { env } from "~/modules/platform/env.server";
import { addMembership } from "./organisations.server";
import { canAssignRole, DEFAULT_DATA_SCOPE, ROLE_LABELS, type Role } from "./permissions";
import { invitations, memberships, tenants } from "./schema";

/** A refusal a person can act on; routes turn it into 409 (conflict) or 404 (not in this tenant). */
export class MembershipError extends Error {
  constructor(
    message: string,
    readonly status: 403 | 404 | 409,
  ) {
    super(message);
  }
}

export interface MemberRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  dataScope: "all" | "assigned";
  createdAt: Date;
}

export async function listMembers(tx: Tx): Promise<MemberRow[]> {
  const rows = await queryRows<{ id: string; user_id: string; name: string; email: string; role: Role; data_scope: "all" | "assigned"; created_at: string | Date }>(
    tx,
    sql`select m.id, m.user_id, u.name, u.email, m.role, m.data_scope, m.created_at
        from memberships m join users u on u.id = m.user_id
        where m.tenant_id = app_tenant_id() order by u.name`,
  );
  return rows.map((r) => ({ id: r.id, userId: r.user_id, name: r.name, email: r.email, role: r.role, dataScope: r.data_scope, createdAt: new Date(r.created_at) }));
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
  if (!membership) throw new MembershipError("That member is not part of this organisation.", 404);
  // Re-read after the locks: a concurrent change may have promoted or demoted someone meanwhile.
  const currentOwners = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.role, "owner"));
  return { membership, otherOwners: currentOwners.filter((o) => o.id !== membershipId).length };
}

export async function changeMemberRole(tx: Tx, actorRole: Role, membershipId: string, role: Role) {
  const { membership: before, otherOwners } = await lockForMembershipChange(tx, membershipId);
  if (!canAssignRole(actorRole, role) || !canAssignRole(actorRole, before.role)) {
    throw new MembershipError("Only an owner can give or take away the owner role.", 403);
  }
  if (before.role === role) return before;
  if (before.role === "owner" && otherOwners === 0) {
    throw new MembershipError("The last owner cannot be demoted. Make someone else an owner first.", 409);
  }
  const [after] = await tx
    .update(memberships)
    .set({ role, dataScope: DEFAULT_DATA_SCOPE[role], updatedAt: new Date() })
    .where(eq(memberships.id, membershipId))
    .returning();
  await recordAudit(tx, { action: "member.role_changed", entityType: "membership", entityId: membershipId, before, after });
  return after;
}

export async function removeMember(tx: Tx, actorRole: Role, membershipId: string) {
  const { membership: before, otherOwners } = await lockForMembershipChange(tx, membershipId);
  if (!canAssignRole(actorRole, before.role)) {
    throw new MembershipError("Only an owner can remove an owner.", 403);
  }
  if (before.role === "owner" && otherOwners === 0) {
    throw new MembershipError("The last owner cannot be removed. Make someone else an owner first.", 409);
  }
  await tx.delete(memberships).where(eq(memberships.id, membershipId));
  await recordAudit(tx, { action: "member.removed", entityType: "membership", entityId: membershipId, before });
}

export const INVITATION_LIFETIME_DAYS = 7;

export async function inviteMember(
  tx: Tx,
  input: { email: string; role: Role; actorRole: Role; inviterMembershipId: string; inviterName: string },
) {
  const email = input.email.trim().toLowerCase();
  if (!canAssignRole(input.actorRole, input.role)) {
    throw new MembershipError("Only an owner can invite another owner.", 403);
  }
  const existing = await queryRow<{ id: string }>(
    tx,
    sql`select m.id from memberships m join users u on u.id = m.user_id where m.tenant_id = app_tenant_id() and u.email = ${email}`,
  );
  if (existing) throw new MembershipError(`${email} is already a member of this organisation.`, 409);
  // A new invitation replaces any open one for the same address.
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
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, invitation.tenantId));
  const url = `${env().APP_URL}/join/${tenant.slug}/${token}`;
  await enqueueEmail(tx, {
    template: "invitation",
    to: email,
    subject: `Join ${tenant.name} on Folio`,
    body: createElement(InvitationEmail, { organisationName: tenant.name, inviterName: input.inviterName, roleLabel: ROLE_LABELS[input.role], url }),
  });
  const { tokenHash: _omit, ...auditable } = invitation;
  await recordAudit(tx, { action: "invitation.created", entityType: "invitation", entityId: invitation.id, after: auditable });
  return { invitation, token };
}

export async function listOpenInvitations(tx: Tx) {
  return tx
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`)))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(tx: Tx, invitationId: string) {
  const [revoked] = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id, email: invitations.email });
  if (!revoked) throw new MembershipError("That invitation is not open in this organisation.", 404);
  await recordAudit(tx, { action: "invitation.revoked", entityType: "invitation", entityId: invitationId, before: revoked });
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

/** Turns the invitation into a membership of `userId`, who has proven control of the invited address. */
export async function acceptInvitation(tx: Tx, token: string, user: { id: string; email: string }) {
  const invitation = await findOpenInvitation(tx, token);
  if (!invitation) throw new MembershipError("This invitation is no longer valid. Ask for a new one.", 404);
  if (invitation.email !== user.email.toLowerCase()) {
    throw new MembershipError(`This invitation was sent to ${invitation.email}. Sign in with that address to accept it.`, 403);
  }
  const alreadyMember = await queryRow<{ id: string }>(tx, sql`select id from memberships where tenant_id = app_tenant_id() and user_id = ${user.id}`);
  const membership = alreadyMember ?? (await addMembership(tx, { tenantId: invitation.tenantId, userId: user.id, role: invitation.role }));
  await tx.update(invitations).set({ acceptedAt: new Date(), acceptedByUserId: user.id }).where(eq(invitations.id, invitation.id));
  await recordAudit(tx, { action: "invitation.accepted", entityType: "invitation", entityId: invitation.id, after: { userId: user.id } });
  return { invitation, membership };
}

/** When the user joined the organisation of this tenant transaction, or null when the user is no member of it. */
export async function memberSince(tx: Tx, userId: string): Promise<Date | null> {
  const [membership] = await tx.select({ createdAt: memberships.createdAt }).from(memberships).where(and(sql`${memberships.tenantId} = app_tenant_id()`, eq(memberships.userId, userId)));
  return membership?.createdAt ?? null;
}
