import { sql } from "drizzle-orm";
import { queryRows } from "~/db.server";
import { AppError } from "~/modules/platform/errors";
import { withTenant, withUser } from "./context.server";

/** The active organisations in which `userId` is the only owner: they would be left without one. */
export async function soleOwnedOrganisations(userId: string): Promise<Array<{ id: string; name: string; slug: string }>> {
  const owned = await withUser(userId, (tx) =>
    queryRows<{ id: string; name: string; slug: string }>(
      tx,
      sql`select t.id, t.name, t.slug from memberships m join tenants t on t.id = m.tenant_id
          where m.user_id = ${userId} and m.role = 'owner' and t.status = 'active' order by t.name`,
    ),
  );
  const sole: Array<{ id: string; name: string; slug: string }> = [];
  for (const organisation of owned) {
    const [row] = await withTenant({ tenantId: organisation.id, userId, dataScope: "all" }, (tx) =>
      queryRows<{ owners: number }>(tx, sql`select count(*)::int as owners from memberships where role = 'owner'`),
    );
    if (Number(row?.owners ?? 0) <= 1) sole.push(organisation);
  }
  return sole;
}

/** Refuses (409) while the user is the only owner of an organisation, naming it: ownership must be handed over first. */
export async function refuseWhileSoleOwner(userId: string): Promise<void> {
  const sole = await soleOwnedOrganisations(userId);
  if (sole.length === 0) return;
  const names = sole.map((o) => o.name).join(", ");
  throw new AppError("conflict", `You are the only owner of ${names}. Make another member an owner of ${sole.length === 1 ? "it" : "each"} (or cancel ${sole.length === 1 ? "it" : "them"}) before deleting your account.`, {
    reason: "sole_owner",
  });
}
