import { asc, sql } from "drizzle-orm";
import { queryRow, queryRows, type Tx } from "~/db.server";
import { EXPORT_PAGE_SIZE, type ExportColumn, type ExportTable, type InTransaction, pagedRows } from "~/utils/export";
import { consentRecords, type ConsentMethod } from "./schema";

/* What an organisation's privacy team reads of its consent records: statistics, totals and the export of the proof. */

export interface ConsentStatisticsRow {
  month: string;
  method: ConsentMethod;
  choices: number;
  analytics: number;
  marketing: number;
}

/**
 * Choices per month (in the organisation's time zone) and method, with how many granted analytics and
 * marketing, over the last `months` months.
 */
export async function consentStatistics(tx: Tx, options: { timeZone: string; months?: number }): Promise<ConsentStatisticsRow[]> {
  const months = Math.max(1, Math.min(options.months ?? 12, 120));
  const rows = await queryRows<{ month: string; method: ConsentMethod; choices: number; analytics: number; marketing: number }>(
    tx,
    sql`select to_char(date_trunc('month', recorded_at at time zone ${options.timeZone}), 'YYYY-MM') as month, method,
        count(*)::int as choices,
        count(*) filter (where 'analytics' = any(categories))::int as analytics,
        count(*) filter (where 'marketing' = any(categories))::int as marketing
      from consent_records
      where recorded_at >= (date_trunc('month', now() at time zone ${options.timeZone}) - make_interval(months => ${months - 1})) at time zone ${options.timeZone}
      group by 1, 2
      order by 1 desc, 2`,
  );
  return rows.map((row) => ({ ...row, choices: Number(row.choices), analytics: Number(row.analytics), marketing: Number(row.marketing) }));
}

export type ConsentRecordRow = typeof consentRecords.$inferSelect;

/** Every consent record of the organisation, oldest first: the proof of each choice. */
export async function listConsentRecords(tx: Tx, options: { limit?: number } = {}): Promise<ConsentRecordRow[]> {
  const query = tx.select().from(consentRecords).orderBy(asc(consentRecords.recordedAt), asc(consentRecords.id));
  return options.limit ? query.limit(options.limit) : query;
}

export const CONSENT_RECORD_COLUMNS: ReadonlyArray<ExportColumn<ConsentRecordRow>> = [
  { header: "recorded_at", value: (r) => r.recordedAt.toISOString() },
  { header: "consent_id", value: (r) => r.consentId },
  { header: "method", value: (r) => r.method },
  { header: "categories", value: (r) => r.categories.join(" ") },
  { header: "banner_revision", numeric: true, value: (r) => r.revision },
  { header: "page", value: (r) => r.page },
  { header: "ip_truncated", value: (r) => r.ipTruncated },
  { header: "user_agent", value: (r) => r.userAgent },
  { header: "user_id", value: (r) => r.userId },
  { header: "record_id", value: (r) => r.id },
];

/**
 * Every consent record, oldest first, one line per choice, read a page at a time as the export is written. A
 * page starts after the previous page's last record, at its own (recorded_at, id) read in SQL (a JavaScript
 * Date would cut the time to milliseconds).
 */
export function consentRecordExport(inTransaction: InTransaction, pageSize = EXPORT_PAGE_SIZE): ExportTable<ConsentRecordRow> {
  const after = (tx: Tx, afterId: string | null, limit: number) =>
    tx
      .select()
      .from(consentRecords)
      .where(afterId ? sql`(${consentRecords.recordedAt}, ${consentRecords.id}) > (select r.recorded_at, r.id from consent_records r where r.id = ${afterId})` : undefined)
      .orderBy(asc(consentRecords.recordedAt), asc(consentRecords.id))
      .limit(limit);
  return { columns: CONSENT_RECORD_COLUMNS, rows: pagedRows(inTransaction, after, (record) => record.id, pageSize) };
}

/** How many records and distinct visitors the organisation holds, and when the latest choice was made. */
export async function consentTotals(tx: Tx) {
  const row = await queryRow<{ records: number; visitors: number; latest: Date | string | null }>(
    tx,
    sql`select count(*)::int as records, count(distinct consent_id)::int as visitors, max(recorded_at) as latest from consent_records`,
  );
  return { records: Number(row?.records ?? 0), visitors: Number(row?.visitors ?? 0), latest: row?.latest ? new Date(row.latest) : null };
}
