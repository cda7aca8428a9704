import { db, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { createMainWarehouse } from "~/modules/inventory/warehouses.server";
import { seedChartOfAccounts } from "~/modules/ledger/accounts.server";
import { type NewOrganisation, openOrganisation } from "~/modules/tenancy/organisations.server";
import { addMember } from "./add-member.server";

/**
 * Creates an organisation with its first owner, its audit trail, its chart of accounts and its main warehouse, in the caller's
 * transaction. The transaction continues as the application role inside the new organisation, so any global
 * rows must be written before this call.
 */
export async function createOrganisation(tx: Tx, input: NewOrganisation, meta: { ip?: string | null; userAgent?: string | null } = {}) {
  const organisation = await openOrganisation(tx, input, meta);
  const membership = await addMember(tx, { tenantId: organisation.id, userId: input.ownerUserId, role: "owner" });
  await recordAudit(tx, { action: "organisation.created", entityType: "organisation", entityId: organisation.id, after: organisation });
  await seedChartOfAccounts(tx);
  await createMainWarehouse(tx);
  return { organisation, membership };
}

/** The same for an existing user, in a transaction of its own. */
export function createOrganisationForUser(input: NewOrganisation, meta: { ip?: string | null; userAgent?: string | null } = {}) {
  return db().transaction((tx) => createOrganisation(tx, input, meta));
}
