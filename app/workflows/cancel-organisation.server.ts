import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { cancelOrganisation, restoreOrganisation } from "~/modules/tenancy/cancellation.server";

/** Cancels the organisation (typed name), audited in the same transaction; it is deleted 30 days later. */
export async function cancelOrganisationAudited(tx: Tx, input: { confirmName: string }, now: Date = new Date()) {
  const { before, after, deletesAt } = await cancelOrganisation(tx, input, now);
  await recordAudit(tx, {
    action: "organisation.cancelled",
    entityType: "organisation",
    entityId: after.id,
    before: { status: before.status },
    after: { status: after.status, cancelledAt: after.cancelledAt, deletesAt: deletesAt.toISOString() },
  });
  return { deletesAt };
}

/** Undoes the cancellation within its 30 days, audited. */
export async function restoreOrganisationAudited(tx: Tx, now: Date = new Date()) {
  const { before, after } = await restoreOrganisation(tx, now);
  await recordAudit(tx, { action: "organisation.restored", entityType: "organisation", entityId: after.id, before: { status: before.status, cancelledAt: before.cancelledAt }, after: { status: after.status } });
}
