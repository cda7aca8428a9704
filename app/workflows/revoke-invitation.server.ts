import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { closeInvitation } from "~/modules/tenancy/members.server";

/** Revokes an open invitation, audited; its link stops working. */
export async function revokeInvitation(tx: Tx, invitationId: string) {
  const before = await closeInvitation(tx, invitationId);
  await recordAudit(tx, { action: "invitation.revoked", entityType: "invitation", entityId: invitationId, before });
}
