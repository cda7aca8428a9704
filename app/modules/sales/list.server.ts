import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { decodeCursor, encodeCursor } from "~/modules/inventory/cursor";
import { partyNameOf } from "~/modules/parties/parties.server";
import { isIsoDate } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { invoiceStatus, invoiceStatusCondition, organisationToday, settledSql, type InvoiceStatus } from "./payments.server";
import type { DocumentKind, DocumentStatus } from "./schema";

export const DOCUMENT_PAGE_SIZE = 50;

export interface DocumentFilter {
  kind: DocumentKind;
  customerId?: string | null;
  /** draft, posted, cancelled; for invoices also unpaid, partially paid, paid, overdue. */
  status?: InvoiceStatus | DocumentStatus | null;
  /** The next page's token from the page before. */
  after?: string | null;
  pageSize?: number;
}

export interface DocumentListRow {
  id: string;
  kind: DocumentKind;
  status: DocumentStatus;
  number: string | null;
  customerId: string;
  customerName: string | null;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  totalMinor: bigint;
  settledMinor: bigint;
  outstandingMinor: bigint;
  /** The invoice's payment status, or the document's status for other kinds. */
  shownStatus: string;
}

export interface DocumentPage {
  rows: DocumentListRow[];
  /** The token of the next page, null on the last. */
  next: string | null;
}

/**
 * One page of a kind's documents, newest first (date, then id), filtered by customer and status, by keyset: a page
 * costs the same at any depth. A salesman's page holds his customers' documents only (row-level security).
 */
export async function listDocuments(tx: Tx, filter: DocumentFilter): Promise<DocumentPage> {
  const pageSize = Math.min(Math.max(filter.pageSize ?? DOCUMENT_PAGE_SIZE, 1), 200);
  const today = await organisationToday(tx);
  const conditions: SQL[] = [sql`d.kind = ${filter.kind}`];
  if (filter.customerId) {
    if (!isUuid(filter.customerId)) return { rows: [], next: null };
    conditions.push(sql`d.customer_id = ${filter.customerId}::uuid`);
  }
  if (filter.status) {
    if (filter.kind === "invoice" && filter.status !== "posted") conditions.push(invoiceStatusCondition(filter.status as InvoiceStatus, today));
    else conditions.push(sql`d.status = ${filter.status}`);
  }
  const cursor = decodeCursor(filter.after, 2);
  if (cursor && typeof cursor[0] === "string" && isIsoDate(cursor[0]) && isUuid(cursor[1])) {
    conditions.push(sql`(d.issue_date, d.id) < (${cursor[0]}::date, ${cursor[1]}::uuid)`);
  }
  const rows = await queryRows<{
    id: string;
    kind: DocumentKind;
    status: DocumentStatus;
    number: string | null;
    customer_id: string;
    customer_name: string | null;
    issue_date: string;
    due_date: string | null;
    currency: string;
    total_minor: string;
    settled: string;
  }>(
    tx,
    sql`select d.id, d.kind, d.status, d.number, d.customer_id, ${partyNameOf("customer", sql`d.customer_id`)} as customer_name,
        d.issue_date::text as issue_date, d.due_date::text as due_date, d.currency, d.total_minor::text as total_minor,
        ${filter.kind === "invoice" ? settledSql(sql`d.id`) : sql`0`}::text as settled
      from sales_documents d
      where ${sql.join(conditions, sql` and `)}
      order by d.issue_date desc, d.id desc
      limit ${pageSize + 1}`,
  );
  const page = rows.slice(0, pageSize).map((r): DocumentListRow => {
    const totalMinor = BigInt(r.total_minor);
    const settledMinor = BigInt(r.settled);
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      number: r.number,
      customerId: r.customer_id,
      customerName: r.customer_name,
      issueDate: r.issue_date,
      dueDate: r.due_date,
      currency: r.currency,
      totalMinor,
      settledMinor,
      outstandingMinor: r.status === "posted" && r.kind === "invoice" ? totalMinor - settledMinor : 0n,
      shownStatus: r.kind === "invoice" ? invoiceStatus({ status: r.status, totalMinor, dueDate: r.due_date }, settledMinor, today) : r.status,
    };
  });
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > pageSize && last ? encodeCursor([last.issueDate, last.id]) : null };
}
