import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { AppError } from "~/modules/platform/errors";
import { CANCELLED_ORGANISATION_RETENTION_DAYS } from "~/modules/platform/retention";
import { tenants } from "./schema";

/** When a cancelled organisation will be deleted by the retention job. */
export function deletionDateOf(cancelledAt: Date): Date {
  return new Date(cancelledAt.getTime() + CANCELLED_ORGANISATION_RETENTION_DAYS * 86_400_000);
}

/**
 * Cancels this transaction's organisation (withTenant, as an owner): confirmed by typing its name exactly. It is
 * deleted with everything it owns by the retention job 30 days later; until then an owner may undo it.
 */
export async function cancelOrganisation(tx: Tx, input: { confirmName: string }, now: Date = new Date()) {
  const [before] = await tx.select().from(tenants).where(sql`${tenants.id} = app_tenant_id()`).for("update");
  if (!before) throw new AppError("not_found", "There is no such organisation.");
  if (input.confirmName.trim() !== before.name) throw new AppError("invalid", `Type the organisation's name, ${before.name}, exactly as it is written.`, { field: "confirmName" });
  if (before.status === "cancelled") throw new AppError("conflict", "This organisation is already cancelled.", { reason: "cancelled" });
  const [after] = await tx.update(tenants).set({ status: "cancelled", cancelledAt: now }).where(eq(tenants.id, before.id)).returning();
  return { before, after, deletesAt: deletionDateOf(now) };
}

/** Undoes a cancellation within its 30 days (withTenant, as an owner). */
export async function restoreOrganisation(tx: Tx, now: Date = new Date()) {
  const [before] = await tx.select().from(tenants).where(sql`${tenants.id} = app_tenant_id()`).for("update");
  if (!before) throw new AppError("not_found", "There is no such organisation.");
  if (before.status !== "cancelled" || !before.cancelledAt) throw new AppError("conflict", "This organisation is not cancelled.", { reason: "active" });
  if (deletionDateOf(before.cancelledAt) <= now) throw new AppError("conflict", "The 30 days to undo the cancellation have passed.", { reason: "too_late" });
  const [after] = await tx
    .update(tenants)
    .set({ status: "active", cancelledAt: null })
    .where(and(eq(tenants.id, before.id), eq(tenants.status, "cancelled")))
    .returning();
  return { before, after };
}
