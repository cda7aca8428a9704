import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { insertMembership } from "~/modules/tenancy/organisations.server";
import type { Role } from "~/modules/tenancy/permissions";

/** Makes `userId` a member of the organisation with `role`, audited. */
export async function addMember(tx: Tx, input: { tenantId: string; userId: string; role: Role }) {
  const membership = await insertMembership(tx, input);
  await recordAudit(tx, { action: "member.added", entityType: "membership", entityId: membership.id, after: membership });
  return membership;
}
