import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { updateMemberRole } from "~/modules/tenancy/members.server";
import type { Role } from "~/modules/tenancy/permissions";

/** Gives a member another role, audited (nothing changes, nor is recorded, when it is their role already). */
export async function changeMemberRole(tx: Tx, actorRole: Role, membershipId: string, role: Role) {
  const { before, after } = await updateMemberRole(tx, actorRole, membershipId, role);
  if (after === before) return after;
  await recordAudit(tx, { action: "member.role_changed", entityType: "membership", entityId: membershipId, before, after });
  return after;
}
