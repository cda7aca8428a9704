import { and, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { createElement } from "react";
import type { Tx } from "~/db.server";
import { RightsRequestEmail } from "~/emails/rights-request";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { personalColumns, type TableDataMap } from "~/modules/platform/data-map";
import { privacyRestrictions, rightsRequests } from "./schema";

/** Unverified requests are removed this long after they were made: nobody confirmed the address. */
export const UNVERIFIED_REQUEST_RETENTION_DAYS = 30;

/**
 * The privacy centre's retention rules, for one organisation in the caller's transaction (the retention job runs
 * each organisation in a transaction of its own): codes past their 15 minutes are forgotten, unverified requests
 * removed after 30 days, and rows kept by law are released when their period ends (anonymised where the table
 * can change; the restriction then lifts) and the requests they held back completed.
 */
export async function applyPrivacyRetention(tx: Tx, maps: readonly TableDataMap[], now: Date = new Date()) {
  const codes = await tx
    .update(rightsRequests)
    .set({ codeHash: null, codeExpiresAt: null })
    .where(and(isNotNull(rightsRequests.codeExpiresAt), lt(rightsRequests.codeExpiresAt, now)))
    .returning({ id: rightsRequests.id });
  const unverified = await tx
    .delete(rightsRequests)
    .where(and(eq(rightsRequests.state, "unverified"), lt(rightsRequests.createdAt, new Date(now.getTime() - UNVERIFIED_REQUEST_RETENTION_DAYS * 86_400_000))))
    .returning({ id: rightsRequests.id });

  const today = now.toISOString().slice(0, 10);
  const ended = await tx
    .select()
    .from(privacyRestrictions)
    .where(and(isNull(privacyRestrictions.releasedAt), lt(privacyRestrictions.restrictedUntil, today)))
    .for("update");
  const byTable = new Map(maps.map((m) => [m.table, m]));
  let anonymised = 0;
  for (const restriction of ended) {
    const map = byTable.get(restriction.tableName);
    const key = restriction.rowKey as Record<string, unknown>;
    const where = sql.join(
      Object.entries(key).map(([column, value]) => sql`${sql.identifier(column)}::text = ${String(value)}`),
      sql` and `,
    );
    const [origin] = restriction.requestId ? await tx.select({ right: rightsRequests.right }).from(rightsRequests).where(eq(rightsRequests.id, restriction.requestId)) : [];
    if (map && origin?.right === "restriction") {
      // A restriction the person asked for (Art. 18) ends: the row is used and listed again, unchanged.
      if (map.restrictable) await tx.execute(sql`update ${sql.identifier(map.table)} set restricted_until = null where ${where}`);
    } else if (map && !map.immutable) {
      // What the law kept is now anonymised: the columns that are not mere references kept for the books (a
      // row whose personal columns are all such, like a party's balance, names the already anonymised party only).
      const columns = personalColumns(map).filter(([, c]) => c.erasure.kind !== "keep" || c.category !== "identity" && c.category !== "financial");
      const sets = columns.map(([column]) => sql`${sql.identifier(column)} = null`);
      if (map.restrictable) sets.push(sql`restricted_until = null`);
      if (sets.length > 0) {
        await tx.execute(sql`update ${sql.identifier(map.table)} set ${sql.join(sets, sql`, `)} where ${where}`);
        anonymised++;
      }
    }
    await tx.update(privacyRestrictions).set({ releasedAt: now }).where(eq(privacyRestrictions.id, restriction.id));
  }

  // Requests whose kept rows are all released are now completed.
  const requestIds = [...new Set(ended.map((r) => r.requestId).filter((id): id is string => Boolean(id)))];
  let completed = 0;
  for (const id of requestIds) {
    const [open] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(privacyRestrictions)
      .where(and(eq(privacyRestrictions.requestId, id), isNull(privacyRestrictions.releasedAt)));
    if (Number(open.n) > 0) continue;
    const [request] = await tx
      .update(rightsRequests)
      .set({ state: "completed", updatedAt: now })
      .where(and(eq(rightsRequests.id, id), eq(rightsRequests.state, "partially_completed")))
      .returning();
    if (!request) continue;
    completed++;
    await recordAudit(tx, { action: "rights_request.completed", entityType: "rights_request", entityId: id, before: { state: "partially_completed" }, after: { state: "completed", reason: "retention ended" }, actorLabel: "system" });
    await enqueueEmail(tx, {
      template: "rights-request",
      to: request.email,
      subject: `Your request is completed (${request.reference})`,
      body: createElement(RightsRequestEmail, {
        heading: "Your request is completed",
        paragraphs: [`The period for which the law required us to keep some of your records has ended. They are now erased or anonymised, and your request ${request.reference} is completed.`],
      }),
    });
  }
  return { codesExpired: codes.length, unverifiedRequestsDeleted: unverified.length, restrictionsReleased: ended.length, rowsAnonymised: anonymised, requestsCompleted: completed };
}
