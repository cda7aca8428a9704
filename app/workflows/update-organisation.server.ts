import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { changeOrganisationSettings } from "~/modules/tenancy/organisations.server";

/** Changes the organisation's name and regional settings, audited. */
export async function updateOrganisation(tx: Tx, tenantId: string, changes: { name: string; currency: string; timeZone: string; locale: string }) {
  const { before, after } = await changeOrganisationSettings(tx, tenantId, changes);
  await recordAudit(tx, { action: "organisation.updated", entityType: "organisation", entityId: tenantId, before, after });
  return after;
}
