import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { openInvitationFor, markInvitationAccepted } from "~/modules/tenancy/members.server";
import { addMember } from "./add-member.server";

/** Turns the invitation into a membership of `user`, who has proven control of the invited address; audited. */
export async function acceptInvitation(tx: Tx, token: string, user: { id: string; email: string }) {
  const { invitation, membership: existing } = await openInvitationFor(tx, token, user);
  const membership = existing ?? (await addMember(tx, { tenantId: invitation.tenantId, userId: user.id, role: invitation.role }));
  await markInvitationAccepted(tx, invitation.id, user.id);
  await recordAudit(tx, { action: "invitation.accepted", entityType: "invitation", entityId: invitation.id, after: { userId: user.id } });
  return { invitation, membership };
}
