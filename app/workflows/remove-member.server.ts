import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { deleteMember } from "~/modules/tenancy/members.server";
import type { Role } from "~/modules/tenancy/permissions";

/** Removes a member from the organisation, audited. */
export async function removeMember(tx: Tx, actorRole: Role, membershipId: string) {
  const before = await deleteMember(tx, actorRole, membershipId);
  await recordAudit(tx, { action: "member.removed", entityType: "membership", entityId: membershipId, before });
}
