import { sql } from "drizzle-orm";
import { db, queryRowPrepared, type Tx } from "~/db.server";
import type { Role } from "./permissions";

/** Who is acting, for whom: everything withTenant sets on the transaction. */
export interface TenantActor {
  tenantId: string;
  /** null for work done by Folio itself (jobs, public forms). */
  userId: string | null;
  dataScope: "all" | "assigned";
  role?: Role;
  ip?: string | null;
  userAgent?: string | null;
}

export const APP_ROLE = "folio_app";

/**
 * Runs `work` in one transaction as the application role with the tenant, user and data scope set
 * transaction-locally, so row-level security confines every statement to the tenant.
 */
export async function withTenant<T>(actor: TenantActor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().transaction(async (tx) => {
    await enterOrganisation(tx, actor);
    return work(tx);
  });
}

/** Switches an open transaction to the application role inside `actor`'s tenant, until it ends. */
export async function enterOrganisation(tx: Tx, actor: TenantActor): Promise<void> {
  await queryRowPrepared(tx, sql`select
    set_config('role', ${APP_ROLE}, true),
    set_config('app.tenant_id', ${actor.tenantId}, true),
    set_config('app.user_id', ${actor.userId ?? ""}, true),
    set_config('app.data_scope', ${actor.dataScope}, true),
    set_config('app.ip', ${actor.ip ?? ""}, true),
    set_config('app.user_agent', ${(actor.userAgent ?? "").slice(0, 500)}, true)`);
}

/** A transaction as the application role for one user, with no tenant: lists that user's own memberships. */
export async function withUser<T>(userId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().transaction(async (tx) => {
    await enterUser(tx, userId);
    return work(tx);
  });
}

/** Switches an open transaction to the application role acting for `userId` in no tenant, until it ends. */
export async function enterUser(tx: Tx, userId: string): Promise<void> {
  await queryRowPrepared(tx, sql`select
    set_config('role', ${APP_ROLE}, true),
    set_config('app.tenant_id', '', true),
    set_config('app.user_id', ${userId}, true)`);
}
