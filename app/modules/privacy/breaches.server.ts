import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { auditedEntityIdsSql, recordAudit } from "~/modules/audit/audit.server";
import { DATA_CATEGORIES, DATA_SUBJECTS, personalColumns, type TableDataMap } from "~/modules/platform/data-map";
import { AppError } from "~/modules/platform/errors";
import { type BreachState, privacyBreaches } from "./schema";

/*
 * The breach register (Art. 33 GDPR): a suspected breach starts the 72-hour clock for telling the supervisory
 * authority; the data map names the categories of the tables involved, and the data map with the audit trail
 * counts the people whose rows were written or touched in the window.
 */

export const NOTIFY_AUTHORITY_WITHIN_HOURS = 72;

export const BREACH_STATE_LABELS: Record<BreachState, string> = {
  suspected: "Suspected",
  confirmed: "Confirmed",
  dismissed: "Dismissed",
  authority_notified: "Authority notified",
  subjects_notified: "People notified",
  closed: "Closed",
};

const NEXT: Record<BreachState, readonly BreachState[]> = {
  suspected: ["confirmed", "dismissed"],
  confirmed: ["authority_notified", "closed"],
  dismissed: [],
  authority_notified: ["subjects_notified", "closed"],
  subjects_notified: ["closed"],
  closed: [],
};

export interface BreachImpact {
  categories: string[];
  subjects: string[];
  /** Distinct rows (people) per table written in the window or named by an audit event in it. */
  perTable: Record<string, number>;
  affected: number;
}

/** What the map and the audit trail know about the tables involved over the window. */
export async function estimateBreachImpact(tx: Tx, maps: readonly TableDataMap[], tables: readonly string[], window: { start: Date; end: Date }): Promise<BreachImpact> {
  const chosen = maps.filter((m) => tables.includes(m.table));
  if (chosen.length !== tables.length) throw new AppError("invalid", "Choose the tables involved from the list.", { field: "tables" });
  const perTable: Record<string, number> = {};
  for (const map of chosen) {
    if (!map.key.includes("id") || personalColumns(map).length === 0) continue;
    const sources: SQL[] = [];
    if (map.changedAt) sources.push(sql`select id::text as id from ${sql.identifier(map.table)} where ${sql.identifier(map.changedAt)} between ${window.start.toISOString()}::timestamptz and ${window.end.toISOString()}::timestamptz`);
    if (map.auditEntityType) sources.push(auditedEntityIdsSql(map.auditEntityType, window));
    if (sources.length === 0) continue;
    const [row] = await queryRows<{ n: number }>(tx, sql`select count(distinct id)::int as n from (${sql.join(sources, sql` union `)}) touched`);
    perTable[map.table] = Number(row?.n ?? 0);
  }
  const columns = chosen.flatMap(personalColumns).map(([, c]) => c);
  return {
    categories: [...new Set(columns.map((c) => DATA_CATEGORIES[c.category]))],
    subjects: [...new Set(columns.map((c) => DATA_SUBJECTS[c.subject]))],
    perTable,
    affected: Object.values(perTable).reduce((sum, n) => sum + n, 0),
  };
}

export interface BreachInput {
  description: string;
  systems: string;
  tables: string[];
  discoveredAt: Date;
  windowStart: Date;
  windowEnd: Date;
}

export async function recordBreach(tx: Tx, maps: readonly TableDataMap[], input: BreachInput) {
  if (input.windowEnd < input.windowStart) throw new AppError("invalid", "The window ends before it starts.", { field: "windowEnd" });
  if (input.tables.length === 0) throw new AppError("invalid", "Choose at least one table or screen involved.", { field: "tables" });
  const impact = await estimateBreachImpact(tx, maps, input.tables, { start: input.windowStart, end: input.windowEnd });
  const [breach] = await tx
    .insert(privacyBreaches)
    .values({ tenantId: sql`app_tenant_id()`, ...input, categories: impact.categories, affectedEstimate: impact.affected })
    .returning();
  await recordAudit(tx, { action: "breach.suspected", entityType: "privacy_breach", entityId: breach.id, after: { tables: input.tables, affected: impact.affected } });
  return { breach, impact, notifyBy: notifyBy(breach.discoveredAt) };
}

export function notifyBy(discoveredAt: Date): Date {
  return new Date(discoveredAt.getTime() + NOTIFY_AUTHORITY_WITHIN_HOURS * 3_600_000);
}

export async function moveBreach(tx: Tx, options: { id: string; to: BreachState; reason?: string | null; now?: Date }) {
  const now = options.now ?? new Date();
  const [breach] = /^[0-9a-f-]{36}$/i.test(options.id) ? await tx.select().from(privacyBreaches).where(eq(privacyBreaches.id, options.id)).for("update") : [];
  if (!breach) throw new AppError("not_found", "There is no such breach in this organisation.");
  if (!NEXT[breach.state].includes(options.to)) throw new AppError("conflict", `A ${BREACH_STATE_LABELS[breach.state].toLowerCase()} breach cannot become ${BREACH_STATE_LABELS[options.to].toLowerCase()}.`);
  const reason = options.reason?.trim() || null;
  // Closing without telling the authority or the people needs the reason (Art. 33(1), 34(3)).
  if ((options.to === "dismissed" || (options.to === "closed" && breach.state !== "subjects_notified")) && !reason) {
    throw new AppError("invalid", "Say why the authority or the people are not notified.", { field: "reason" });
  }
  const [updated] = await tx
    .update(privacyBreaches)
    .set({
      state: options.to,
      updatedAt: now,
      ...(reason ? { noNoticeReason: reason } : {}),
      ...(options.to === "authority_notified" ? { authorityNotifiedAt: now } : {}),
      ...(options.to === "subjects_notified" ? { subjectsNotifiedAt: now } : {}),
    })
    .where(and(eq(privacyBreaches.id, breach.id)))
    .returning();
  await recordAudit(tx, { action: `breach.${options.to}`, entityType: "privacy_breach", entityId: breach.id, before: { state: breach.state }, after: { state: options.to, reason } });
  return updated;
}

export async function listBreaches(tx: Tx, now: Date = new Date()) {
  const rows = await tx.select().from(privacyBreaches).orderBy(desc(privacyBreaches.discoveredAt)).limit(100);
  return rows.map((b) => {
    const deadline = notifyBy(b.discoveredAt);
    const open = b.state === "suspected" || b.state === "confirmed";
    return { ...b, notifyBy: deadline, hoursLeft: open ? Math.floor((deadline.getTime() - now.getTime()) / 3_600_000) : null };
  });
}

/** The report in the shape of Art. 33(3): nature, categories and numbers, contact, consequences, measures. */
export function breachReport(breach: typeof privacyBreaches.$inferSelect, organisation: { name: string }) {
  return [
    `Personal data breach report: ${organisation.name}`,
    `(a) Nature of the breach: ${breach.description}. Systems: ${breach.systems}. Tables involved: ${breach.tables.join(", ")}. Window: ${breach.windowStart.toISOString()} to ${breach.windowEnd.toISOString()}. Discovered: ${breach.discoveredAt.toISOString()}.`,
    `    Categories of data: ${breach.categories.join("; ")}. Approximate number of people concerned: ${breach.affectedEstimate}.`,
    `(b) Contact point: the privacy team of ${organisation.name}.`,
    "(c) Likely consequences: to be completed by the privacy team.",
    "(d) Measures taken or proposed: to be completed by the privacy team.",
    breach.noNoticeReason ? `Reason for not notifying: ${breach.noNoticeReason}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
