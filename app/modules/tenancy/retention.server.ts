import { sql } from "drizzle-orm";
import { queryRow, queryRows, type Database, type Queryable, type Tx } from "~/db.server";
import { tenants } from "./schema";

// Maintenance of tenant data by Folio itself (the retention job). These run on the owner connection, not as
// the application role: the owner has the privileges the application role lacks on purpose (deleting audit
// events, deleting tenants). Row-level security is forced on tenant tables even for their owner, so each
// piece of work sets app.tenant_id and sees exactly one tenant's rows, as withTenant does.

/** Every organisation's id, oldest first, for maintenance that visits each one. */
export async function listOrganisationIds(db: Queryable): Promise<string[]> {
  const rows = await db.select({ id: tenants.id }).from(tenants).orderBy(tenants.createdAt, tenants.id);
  return rows.map((row) => row.id);
}

/**
 * Runs `work` in one transaction on the owner connection with `app.tenant_id` set to `tenantId`, keeping the
 * owner's privileges. Only for Folio's own maintenance: requests go through withTenant.
 */
export async function withOrganisationMaintenance<T>(database: Database, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return database.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', '', true)`);
    return work(tx);
  });
}

/** Organisations cancelled more than `days` days ago, which retention deletes. */
export async function listOrganisationsDueForPurge(db: Queryable, days: number): Promise<{ id: string; slug: string; cancelledAt: Date }[]> {
  const rows = await queryRows<{ id: string; slug: string; cancelled_at: Date | string }>(
    db,
    sql`select id, slug, cancelled_at from tenants
        where status = 'cancelled' and cancelled_at < now() - make_interval(days => ${days}::int)
        order by cancelled_at, id`,
  );
  return rows.map((row) => ({ id: row.id, slug: row.slug, cancelledAt: new Date(row.cancelled_at) }));
}

/**
 * Deletes a cancelled organisation and, through its foreign keys' cascades, every row it owns: memberships,
 * invitations, audit events and whatever later areas add. Checks again, under the deletion, that it is still
 * cancelled and old enough. `folio.purge_tenant` is what lets the cascade past the audit trail's append-only
 * trigger; any other append-only trigger on a tenant table must honour it too, or the purge fails.
 * Returns whether the organisation was deleted.
 */
export async function purgeCancelledOrganisation(database: Database, tenantId: string, days: number): Promise<boolean> {
  return withOrganisationMaintenance(database, tenantId, async (tx) => {
    await tx.execute(sql`select set_config('folio.purge_tenant', ${tenantId}, true)`);
    const row = await queryRow<{ id: string }>(
      tx,
      sql`delete from tenants
          where id = ${tenantId} and status = 'cancelled' and cancelled_at < now() - make_interval(days => ${days}::int)
          returning id`,
    );
    return row !== undefined;
  });
}

/**
 * Deletes the current tenant's invitations that closed (accepted, revoked or expired) more than `days` days
 * ago; the audit trail keeps the record of who was invited. Runs in withOrganisationMaintenance or withTenant.
 */
export async function deleteClosedInvitations(tx: Tx, days: number): Promise<number> {
  const row = await queryRow<{ count: number }>(
    tx,
    sql`with gone as (
          delete from invitations
          where tenant_id = app_tenant_id()
            and coalesce(accepted_at, revoked_at, expires_at) < now() - make_interval(days => ${days}::int)
          returning 1)
        select count(*)::int as count from gone`,
  );
  return Number(row?.count ?? 0);
}
