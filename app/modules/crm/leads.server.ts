import { and, asc, count, desc, eq, getTableColumns, isNotNull, sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { AppError } from "~/modules/platform/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { userNames } from "~/modules/identity/users.server";
import { actingScope } from "~/modules/parties/salesmen.server";
import { listMembers } from "~/modules/tenancy/members.server";
import { EXPORT_PAGE_SIZE, type ExportColumn, type ExportTable, type InTransaction, pagedRows } from "~/utils/export";
import { isUuid, LEAD_STATUS_LABELS, type LeadUpdateInput } from "./forms";
import { type Lead } from "./landing-pages.server";
import { landingPages, leads } from "./schema";
import type { LeadStatus } from "./schema";

export const LEAD_PAGE_SIZE = 25;

const LEAD_NOT_FOUND = "This lead does not exist in this organisation.";

export interface LeadFilter {
  status?: LeadStatus;
  /** utm_campaign, exactly. */
  campaign?: string;
  /** utm_source, exactly. */
  source?: string;
  /** The landing page the lead came from. */
  pageId?: string;
  page?: number;
  pageSize?: number;
}

export type LeadRow = Lead & { sourcePageTitle: string | null; ownerName: string | null };

const withPageTitle = { ...getTableColumns(leads), sourcePageTitle: landingPages.title };

function leadWhere(filter: LeadFilter): SQL | undefined {
  // A lead the privacy centre restricted is kept but shown in no list, search or export until the date passes.
  const conditions: SQL[] = [sql`(${leads.restrictedUntil} is null or ${leads.restrictedUntil} < current_date)`];
  if (filter.status) conditions.push(eq(leads.status, filter.status));
  if (filter.campaign) conditions.push(eq(leads.utmCampaign, filter.campaign));
  if (filter.source) conditions.push(eq(leads.utmSource, filter.source));
  if (filter.pageId && isUuid(filter.pageId)) conditions.push(eq(leads.sourcePageId, filter.pageId));
  return and(...conditions);
}

function selectLeads(tx: Tx) {
  return tx
    .select(withPageTitle)
    .from(leads)
    .leftJoin(landingPages, and(eq(landingPages.tenantId, leads.tenantId), eq(landingPages.id, leads.sourcePageId)));
}

/** The leads with their owners' names (identity's users), in one more statement. */
async function withOwnerNames(tx: Tx, rows: ReadonlyArray<Omit<LeadRow, "ownerName">>): Promise<LeadRow[]> {
  const names = await userNames(tx, rows.flatMap((row) => (row.ownerUserId ? [row.ownerUserId] : [])));
  return rows.map((row) => ({ ...row, ownerName: row.ownerUserId ? (names.get(row.ownerUserId) ?? null) : null }));
}

/** Leads, newest first, a page at a time. */
export async function listLeads(tx: Tx, filter: LeadFilter = {}) {
  const pageSize = Math.min(Math.max(filter.pageSize ?? LEAD_PAGE_SIZE, 1), 200);
  const page = Math.max(filter.page ?? 1, 1);
  const where = leadWhere(filter);
  const rows = await withOwnerNames(
    tx,
    await selectLeads(tx)
      .where(where)
      .orderBy(desc(leads.createdAt), desc(leads.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
  );
  const [{ total }] = await tx.select({ total: count() }).from(leads).where(where);
  return { rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/**
 * The leads the filters match after the lead `afterId` in the list's order (newest first), at most `limit`. The
 * position is the lead's own (created_at, id) read in SQL: a JavaScript Date would cut created_at to milliseconds.
 */
async function leadsAfter(tx: Tx, filter: LeadFilter, afterId: string | null, limit: number): Promise<LeadRow[]> {
  const after = afterId ? sql`(${leads.createdAt}, ${leads.id}) < (select l.created_at, l.id from leads l where l.id = ${afterId})` : undefined;
  return withOwnerNames(tx, await selectLeads(tx).where(and(leadWhere(filter), after)).orderBy(desc(leads.createdAt), desc(leads.id)).limit(limit));
}

/** Every lead the filters match, newest first, read a page at a time as the export is written. */
export function leadExport(inTransaction: InTransaction, filter: LeadFilter = {}, pageSize = EXPORT_PAGE_SIZE): ExportTable<LeadRow> {
  const rows = pagedRows(inTransaction, (tx, after: string | null, limit) => leadsAfter(tx, filter, after, limit), (lead) => lead.id, pageSize);
  return { columns: LEAD_CSV_COLUMNS, rows };
}

/** The campaigns and sources leads came with, for the list's filters. */
export async function leadFilterOptions(tx: Tx) {
  const [campaigns, sources] = await Promise.all([
    tx.selectDistinct({ value: leads.utmCampaign }).from(leads).where(isNotNull(leads.utmCampaign)).orderBy(asc(leads.utmCampaign)).limit(500),
    tx.selectDistinct({ value: leads.utmSource }).from(leads).where(isNotNull(leads.utmSource)).orderBy(asc(leads.utmSource)).limit(500),
  ]);
  return { campaigns: campaigns.map((c) => c.value!), sources: sources.map((s) => s.value!) };
}

export async function getLead(tx: Tx, id: string): Promise<LeadRow> {
  if (!isUuid(id)) throw new AppError("not_found", LEAD_NOT_FOUND);
  const [lead] = await selectLeads(tx).where(eq(leads.id, id));
  if (!lead) throw new AppError("not_found", LEAD_NOT_FOUND);
  return (await withOwnerNames(tx, [lead]))[0];
}

/** Changes a lead's status and owner (a member of the organisation, or nobody). Audited; no change, no event. */
export async function updateLead(tx: Tx, id: string, input: LeadUpdateInput): Promise<Lead> {
  if (!isUuid(id)) throw new AppError("not_found", LEAD_NOT_FOUND);
  const [before] = await tx.select().from(leads).where(eq(leads.id, id)).for("update");
  if (!before) throw new AppError("not_found", LEAD_NOT_FOUND);
  // A salesman sees only the leads he owns (row-level security); handing one to someone else is an owner's or admin's.
  if (input.ownerUserId !== before.ownerUserId && (await actingScope(tx)).dataScope === "assigned") {
    throw new AppError("forbidden", "Your leads stay yours: ask an owner or administrator to hand this lead to someone else.", { field: "ownerUserId", reason: "reassign_own_lead" });
  }
  if (input.ownerUserId && input.ownerUserId !== before.ownerUserId) {
    const members = await listMembers(tx);
    if (!members.some((m) => m.userId === input.ownerUserId)) throw new AppError("invalid", "Choose a member of this organisation, or nobody.", { field: "ownerUserId" });
  }
  if (before.status === input.status && before.ownerUserId === input.ownerUserId) return before;
  const [after] = await tx
    .update(leads)
    .set({ status: input.status, ownerUserId: input.ownerUserId, updatedAt: new Date() })
    .where(eq(leads.id, id))
    .returning();
  await recordAudit(tx, {
    action: "lead.updated",
    entityType: "lead",
    entityId: id,
    before: { status: before.status, ownerUserId: before.ownerUserId },
    after: { status: after.status, ownerUserId: after.ownerUserId },
  });
  return after;
}

export interface SourceReportRow {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  leads: number;
}

/**
 * Leads created from `from` to `to` (inclusive dates in the organisation's time zone), counted by utm_source,
 * utm_medium and utm_campaign together; null is a lead without that value. Most leads first.
 */
export async function leadSourcesReport(tx: Tx, range: { from: string; to: string; timeZone: string }): Promise<SourceReportRow[]> {
  const rows = await queryRows<{ source: string | null; medium: string | null; campaign: string | null; leads: number }>(
    tx,
    sql`select utm_source as source, utm_medium as medium, utm_campaign as campaign, count(*)::int as leads
        from leads
        where tenant_id = app_tenant_id()
          and created_at >= (${range.from}::date)::timestamp at time zone ${range.timeZone}
          and created_at < (${range.to}::date + 1)::timestamp at time zone ${range.timeZone}
        group by 1, 2, 3
        order by 4 desc, 1 nulls last, 2 nulls last, 3 nulls last`,
  );
  return rows.map((r) => ({ source: r.source, medium: r.medium, campaign: r.campaign, leads: Number(r.leads) }));
}

/** One dimension of the report: leads by source, by medium or by campaign, most first, none last among equals. */
export function totalsBy(rows: readonly SourceReportRow[], dimension: "source" | "medium" | "campaign"): Array<{ value: string | null; leads: number }> {
  const totals = new Map<string | null, number>();
  for (const row of rows) totals.set(row[dimension], (totals.get(row[dimension]) ?? 0) + row.leads);
  return [...totals.entries()]
    .map(([value, leads]) => ({ value, leads }))
    .sort((a, b) => b.leads - a.leads || (a.value === null ? 1 : b.value === null ? -1 : a.value.localeCompare(b.value)));
}

/** The columns of the leads CSV export. */
export const LEAD_CSV_COLUMNS: ReadonlyArray<ExportColumn<LeadRow>> = [
  { header: "Created at (UTC)", value: (l) => l.createdAt.toISOString() },
  { header: "Name", value: (l) => l.name },
  { header: "Email", value: (l) => l.email },
  { header: "Phone", value: (l) => l.phone },
  { header: "Company", value: (l) => l.company },
  { header: "Message", value: (l) => l.message },
  { header: "Status", value: (l) => LEAD_STATUS_LABELS[l.status] },
  { header: "Owner", value: (l) => l.ownerName },
  { header: "Landing page", value: (l) => l.sourcePageTitle },
  { header: "utm_source", value: (l) => l.utmSource },
  { header: "utm_medium", value: (l) => l.utmMedium },
  { header: "utm_campaign", value: (l) => l.utmCampaign },
  { header: "utm_term", value: (l) => l.utmTerm },
  { header: "utm_content", value: (l) => l.utmContent },
  { header: "Referrer", value: (l) => l.referrer },
  { header: "Marketing consent", value: (l) => (l.marketingConsent ? "yes" : "no") },
  { header: "Consent wording", value: (l) => l.marketingConsentWording },
  { header: "Consent given at (UTC)", value: (l) => l.marketingConsentAt?.toISOString() ?? null },
];
