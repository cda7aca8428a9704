import { sql } from "drizzle-orm";
import { queryRow, type Tx } from "~/db.server";

/**
 * Removes the current tenant's audit events older than `months` months, the oldest end of its chain
 * (verifyAuditChain checks from the oldest event kept). Needs a transaction on the owner connection with
 * app.tenant_id set (the application role may not delete audit events); the append-only trigger lets the
 * deletion through only with `folio.audit_retention` on, and only for events past 12 months.
 */
export async function deleteAuditEventsOlderThan(tx: Tx, months: number): Promise<number> {
  await tx.execute(sql`select set_config('folio.audit_retention', 'on', true)`);
  const row = await queryRow<{ count: number }>(
    tx,
    sql`with gone as (
          delete from audit_events
          where tenant_id = app_tenant_id() and occurred_at < now() - make_interval(months => ${months}::int)
          returning 1)
        select count(*)::int as count from gone`,
  );
  await tx.execute(sql`select set_config('folio.audit_retention', '', true)`);
  return Number(row?.count ?? 0);
}
