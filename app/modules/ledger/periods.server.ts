import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { isIsoDate, monthEnd, monthStart } from "~/utils/dates";
import { AppError } from "~/modules/platform/errors";
import { fiscalPeriods } from "./schema";

export type FiscalPeriod = typeof fiscalPeriods.$inferSelect;

/** The month containing `date`, created open if it does not exist yet. */
export async function ensurePeriod(tx: Tx, date: string): Promise<FiscalPeriod> {
  const startDate = monthStart(date);
  await tx
    .insert(fiscalPeriods)
    .values({ tenantId: sql`app_tenant_id()`, startDate, endDate: monthEnd(date) })
    .onConflictDoNothing();
  const [period] = await tx.select().from(fiscalPeriods).where(eq(fiscalPeriods.startDate, startDate));
  return period;
}

/**
 * The open period for a posting on `date`, share-locked until the posting commits so that locking the period
 * waits for postings under way (and postings wait for a lock under way).
 */
export async function openPeriodForPosting(tx: Tx, date: string): Promise<FiscalPeriod> {
  const startDate = monthStart(date);
  const lockExisting = () => tx.select().from(fiscalPeriods).where(eq(fiscalPeriods.startDate, startDate)).for("share");
  let [period] = await lockExisting();
  if (!period) {
    await tx
      .insert(fiscalPeriods)
      .values({ tenantId: sql`app_tenant_id()`, startDate, endDate: monthEnd(date) })
      .onConflictDoNothing();
    [period] = await lockExisting();
  }
  if (period.status === "locked") {
    throw new AppError("conflict", `The period ${startDate.slice(0, 7)} is locked: nothing can be posted into it. Use a date in an open period.`, { reason: "period_locked", field: "entryDate" });
  }
  return period;
}

export async function listPeriods(tx: Tx): Promise<FiscalPeriod[]> {
  return tx.select().from(fiscalPeriods).orderBy(asc(fiscalPeriods.startDate));
}

function requireMonth(periodStart: string): string {
  if (!isIsoDate(periodStart) || !periodStart.endsWith("-01")) {
    throw new AppError("not_found", "Choose a period by its first day, like 2026-03-01.", { reason: "unknown_period", field: "period" });
  }
  return periodStart;
}

/** Locks a month against posting (an accountant's close). Waits for postings into it that are under way. */
export async function lockPeriod(tx: Tx, periodStart: string, userId: string | null): Promise<FiscalPeriod> {
  const startDate = requireMonth(periodStart);
  const period = await ensurePeriod(tx, startDate);
  const [before] = await tx.select().from(fiscalPeriods).where(eq(fiscalPeriods.id, period.id)).for("update");
  if (before.status === "locked") return before;
  const [after] = await tx
    .update(fiscalPeriods)
    .set({ status: "locked", lockedAt: new Date(), lockedByUserId: userId })
    .where(eq(fiscalPeriods.id, period.id))
    .returning();
  await recordAudit(tx, { action: "ledger.period_locked", entityType: "fiscal_period", entityId: after.id, before, after });
  return after;
}

/** Reopens a locked month: an owner's decision, audited. */
export async function reopenPeriod(tx: Tx, periodStart: string): Promise<FiscalPeriod> {
  const startDate = requireMonth(periodStart);
  const [before] = await tx.select().from(fiscalPeriods).where(eq(fiscalPeriods.startDate, startDate)).for("update");
  if (!before) throw new AppError("not_found", `There is no period starting ${startDate}.`, { reason: "unknown_period", field: "period" });
  if (before.status === "open") return before;
  const [after] = await tx
    .update(fiscalPeriods)
    .set({ status: "open", lockedAt: null, lockedByUserId: null })
    .where(and(eq(fiscalPeriods.id, before.id)))
    .returning();
  await recordAudit(tx, { action: "ledger.period_reopened", entityType: "fiscal_period", entityId: after.id, before, after });
  return after;
}
