/*
 * Sales documents and their drafts: creating and editing a draft with its lines, reading one, listing them. Posting
 * is post-document.server.ts, conversions convert.server.ts, payments payments.server.ts.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { getItem, type Item } from "~/modules/inventory/items.server";
import { parseQuantity } from "~/modules/inventory/quantities";
import { defaultWarehouse, getWarehouse } from "~/modules/inventory/warehouses.server";
import { organisationSettings } from "~/modules/ledger/posting.server";
import { getTaxRate, listTaxRates } from "~/modules/ledger/tax-rates.server";
import { getParty } from "~/modules/parties/parties.server";
import { AppError, isAppError } from "~/modules/platform/errors";
import { addDays, isIsoDate } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { documentTotals, lineAmounts } from "./amounts";
import { KIND_LABELS } from "./forms";
import { salesDocumentLines, salesDocuments, type DocumentKind } from "./schema";
import { defaultUnitPrice } from "./pricing.server";

export type SalesDocument = typeof salesDocuments.$inferSelect;
export type SalesLine = typeof salesDocumentLines.$inferSelect;

export { KIND_LABELS };

export const MAX_LINES = 200;

export interface LineInput {
  itemId: string;
  /** For stock items; the organisation's default warehouse when not given. */
  warehouseId?: string | null;
  /** A decimal in the item's base unit ("12", "2.5"), or millionths. */
  quantity: string | bigint;
  /** Minor units per base unit, tax-exclusive; the default price (pricing.server.ts) when null or absent. */
  unitPriceMinor?: bigint | null;
  /** Hundredths of a percent off: 0 to 10000. */
  discountBp?: number;
  /** A tax rate of the organisation; the item's rate when absent, none when null. */
  taxRateId?: string | null;
  description?: string;
  /** The line of the source document this one continues (conversions). */
  sourceLineId?: string | null;
}

export interface DraftInput {
  kind: DocumentKind;
  customerId: string;
  issueDate: string;
  /** Invoices: when it falls due; the customer's payment terms after the issue date when not given. */
  dueDate?: string | null;
  notes?: string;
  lines: LineInput[];
  sourceDocumentId?: string | null;
}

const NOT_FOUND = "That document does not exist in this organisation, or its customer is not assigned to you.";

function notFound(): AppError {
  return new AppError("not_found", NOT_FOUND, { reason: "unknown_document" });
}

/** Turns a lookup's "not found" into a refusal of the field that named it: a form names another tenant's row as bad input. */
async function asField<T>(work: Promise<T>, field: string, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") throw new AppError("invalid", message, { reason: error.reason, field });
    throw error;
  }
}

interface CheckedLine {
  item: Item;
  values: Omit<typeof salesDocumentLines.$inferInsert, "tenantId" | "documentId">;
}

async function checkLine(tx: Tx, input: LineInput, index: number, context: { customerId: string; date: string; sourceLines: Map<string, SalesLine> }): Promise<CheckedLine> {
  const at = (field: string) => `lines.${index}.${field}`;
  const label = `Line ${index + 1}`;
  const item = await asField(getItem(tx, input.itemId, { withCost: false }), at("itemId"), `${label}: choose an item of this organisation.`);
  // A line that continues another document (a delivery of an order, a credit note of an invoice) keeps its item even if it was switched off since.
  if (!item.isActive && !input.sourceLineId) throw new AppError("invalid", `${label}: ${item.sku} is inactive.`, { reason: "inactive_item", field: at("itemId") });
  const quantityMicro =
    typeof input.quantity === "bigint"
      ? input.quantity
      : parseQuantity(input.quantity, { decimals: item.unitDecimals, field: at("quantity"), label: `${label}: the quantity`, unit: item.unit });
  if (quantityMicro <= 0n) throw new AppError("invalid", `${label}: the quantity must be greater than zero.`, { reason: "non_positive_quantity", field: at("quantity") });
  let warehouseId: string | null = null;
  if (item.kind === "stock") {
    if (input.warehouseId) {
      const warehouse = await asField(getWarehouse(tx, input.warehouseId), at("warehouseId"), `${label}: choose a warehouse of this organisation.`);
      if (!warehouse.isActive && !input.sourceLineId) throw new AppError("invalid", `${label}: ${warehouse.name} is inactive.`, { reason: "inactive_warehouse", field: at("warehouseId") });
      warehouseId = warehouse.id;
    } else {
      const main = await defaultWarehouse(tx);
      if (!main) throw new AppError("invalid", `${label}: choose a warehouse.`, { reason: "warehouse_required", field: at("warehouseId") });
      warehouseId = main.id;
    }
  }
  const unitPriceMinor = input.unitPriceMinor ?? (await defaultUnitPrice(tx, { customerId: context.customerId, itemId: item.id, quantity: quantityMicro, date: context.date }));
  if (unitPriceMinor < 0n) throw new AppError("invalid", `${label}: the price cannot be negative.`, { reason: "negative_price", field: at("unitPrice") });
  const discountBp = input.discountBp ?? 0;
  if (!Number.isInteger(discountBp) || discountBp < 0 || discountBp > 10_000) {
    throw new AppError("invalid", `${label}: the discount is between 0% and 100%.`, { reason: "invalid_discount", field: at("discount") });
  }
  let taxRateId: string | null = null;
  let taxRateBp = 0;
  if (input.taxRateId) {
    const rate = await asField(getTaxRate(tx, input.taxRateId), at("taxRateId"), `${label}: choose a tax rate of this organisation.`);
    if (!rate.isActive && !input.sourceLineId) throw new AppError("invalid", `${label}: the tax rate ${rate.name} is inactive.`, { reason: "inactive_tax_rate", field: at("taxRateId") });
    taxRateId = rate.id;
    taxRateBp = rate.rateBp;
  } else if (input.taxRateId === undefined && item.taxRateBp > 0) {
    taxRateBp = item.taxRateBp;
    taxRateId = (await listTaxRates(tx, { activeOnly: true })).find((r) => r.rateBp === item.taxRateBp)?.id ?? null;
  }
  let sourceLineId: string | null = null;
  if (input.sourceLineId) {
    const source = context.sourceLines.get(input.sourceLineId);
    if (!source || source.itemId !== item.id) throw new AppError("invalid", `${label}: that line is not on the document this one comes from.`, { reason: "unknown_source_line", field: at("itemId") });
    sourceLineId = source.id;
  }
  const description = (input.description ?? "").trim().slice(0, 500) || item.name;
  const amounts = lineAmounts({ quantityMicro, unitPriceMinor, discountBp, taxRateBp });
  return {
    item,
    values: { lineNo: index + 1, itemId: item.id, description, warehouseId, quantityMicro, unitPriceMinor, discountBp, taxRateId, taxRateBp, sourceLineId, ...amounts },
  };
}

/** Checks a draft's header and lines; refuses with the field of the first thing wrong (400), writing nothing. */
async function checkDraft(tx: Tx, input: DraftInput, sourceLines: Map<string, SalesLine>) {
  if (!isIsoDate(input.issueDate)) throw new AppError("invalid", "Enter the date as YYYY-MM-DD.", { reason: "invalid_date", field: "issueDate" });
  if (input.dueDate && !isIsoDate(input.dueDate)) throw new AppError("invalid", "Enter the due date as YYYY-MM-DD.", { reason: "invalid_date", field: "dueDate" });
  if (input.dueDate && input.dueDate < input.issueDate) throw new AppError("invalid", "The due date cannot be before the document's date.", { reason: "due_before_issue", field: "dueDate" });
  const customer = await asField(getParty(tx, "customer", input.customerId), "customerId", "Choose a customer of this organisation.");
  if (input.lines.length === 0) throw new AppError("invalid", "Add at least one line.", { reason: "no_lines", field: "lines" });
  if (input.lines.length > MAX_LINES) throw new AppError("invalid", `A document has at most ${MAX_LINES} lines.`, { reason: "too_many_lines", field: "lines" });
  const notes = (input.notes ?? "").trim();
  if (notes.length > 2000) throw new AppError("invalid", "Notes are at most 2000 characters.", { reason: "notes_too_long", field: "notes" });
  const lines: CheckedLine[] = [];
  for (const [index, line] of input.lines.entries()) lines.push(await checkLine(tx, line, index, { customerId: customer.id, date: input.issueDate, sourceLines }));
  const totals = documentTotals(lines.map((l) => l.values as Parameters<typeof documentTotals>[0][number]));
  const dueDate = input.kind === "invoice" ? input.dueDate || addDays(input.issueDate, customer.paymentTermsDays) : input.dueDate || null;
  return { customer, lines, totals, notes, dueDate };
}

async function sourceLinesOf(tx: Tx, sourceDocumentId: string | null | undefined): Promise<Map<string, SalesLine>> {
  if (!sourceDocumentId) return new Map();
  const lines = await tx.select().from(salesDocumentLines).where(eq(salesDocumentLines.documentId, sourceDocumentId));
  return new Map(lines.map((l) => [l.id, l]));
}

/** Creates a draft of any kind. Its number comes at posting. */
export async function createDraft(tx: Tx, input: DraftInput): Promise<SalesDocument> {
  if (input.sourceDocumentId) await getDocument(tx, input.sourceDocumentId);
  const checked = await checkDraft(tx, input, await sourceLinesOf(tx, input.sourceDocumentId));
  const { currency } = await organisationSettings(tx);
  const [document] = await tx
    .insert(salesDocuments)
    .values({
      tenantId: sql`app_tenant_id()`,
      kind: input.kind,
      customerId: checked.customer.id,
      issueDate: input.issueDate,
      dueDate: checked.dueDate,
      currency,
      notes: checked.notes,
      sourceDocumentId: input.sourceDocumentId ?? null,
      createdByUserId: sql`app_user_id()`,
      ...checked.totals,
    })
    .returning();
  await tx.insert(salesDocumentLines).values(checked.lines.map((l) => ({ ...l.values, tenantId: sql`app_tenant_id()`, documentId: document.id })));
  await recordAudit(tx, { action: "sales.draft_created", entityType: "sales_document", entityId: document.id, after: { ...document, lines: checked.lines.map((l) => l.values) } });
  return document;
}

/** The draft, locked for the rest of the transaction; a posted one is refused (409) as already posted. */
export async function lockDraft(tx: Tx, id: string): Promise<SalesDocument> {
  if (!isUuid(id)) throw notFound();
  const [document] = await tx.select().from(salesDocuments).where(eq(salesDocuments.id, id)).for("update");
  if (!document) throw notFound();
  if (document.status !== "draft") {
    throw new AppError("conflict", `${KIND_LABELS[document.kind]} ${document.number ?? ""} was already ${document.status}; it can no longer change.`.replace("  ", " "), { reason: `already_${document.status}` });
  }
  return document;
}

/** Replaces a draft's customer, dates, notes and lines (its kind and source stay). */
export async function updateDraft(tx: Tx, id: string, input: Omit<DraftInput, "kind" | "sourceDocumentId">): Promise<SalesDocument> {
  const before = await lockDraft(tx, id);
  const checked = await checkDraft(tx, { ...input, kind: before.kind, sourceDocumentId: before.sourceDocumentId }, await sourceLinesOf(tx, before.sourceDocumentId));
  await tx.delete(salesDocumentLines).where(eq(salesDocumentLines.documentId, id));
  await tx.insert(salesDocumentLines).values(checked.lines.map((l) => ({ ...l.values, tenantId: sql`app_tenant_id()`, documentId: id })));
  const [after] = await tx
    .update(salesDocuments)
    .set({ customerId: checked.customer.id, issueDate: input.issueDate, dueDate: checked.dueDate, notes: checked.notes, ...checked.totals, updatedAt: new Date() })
    .where(eq(salesDocuments.id, id))
    .returning();
  await recordAudit(tx, { action: "sales.draft_updated", entityType: "sales_document", entityId: id, before, after: { ...after, lines: checked.lines.map((l) => l.values) } });
  return after;
}

/** Deletes a draft; posted documents stay (a credit note corrects an invoice). */
export async function deleteDraft(tx: Tx, id: string): Promise<void> {
  const before = await lockDraft(tx, id);
  await tx.delete(salesDocuments).where(eq(salesDocuments.id, id));
  await recordAudit(tx, { action: "sales.draft_deleted", entityType: "sales_document", entityId: id, before });
}

export interface DocumentWithLines {
  document: SalesDocument;
  lines: SalesLine[];
}

/** One document with its lines; another tenant's, or (for a salesman) another salesman's customer's, is not found. */
export async function getDocument(tx: Tx, id: string, options: { kind?: DocumentKind } = {}): Promise<DocumentWithLines> {
  if (!isUuid(id)) throw notFound();
  const [document] = await tx.select().from(salesDocuments).where(eq(salesDocuments.id, id));
  if (!document || (options.kind && document.kind !== options.kind)) throw notFound();
  const lines = await tx.select().from(salesDocumentLines).where(eq(salesDocumentLines.documentId, id)).orderBy(asc(salesDocumentLines.lineNo));
  return { document, lines };
}

/** The documents made from this one (an order's deliveries and invoices), oldest first. */
export async function documentsFrom(tx: Tx, id: string): Promise<SalesDocument[]> {
  if (!isUuid(id)) return [];
  return tx.select().from(salesDocuments).where(and(eq(salesDocuments.sourceDocumentId, id))).orderBy(asc(salesDocuments.createdAt), asc(salesDocuments.id));
}
