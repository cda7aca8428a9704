/*
 * One action from a posted document to the next: quotation -> order (or straight to an invoice), order -> delivery
 * or invoice, delivery -> invoice, invoice -> credit note. The result is a draft whose lines continue the source's
 * lines (source_line_id) with what they still have open, so partial deliveries and invoices add up to the order and
 * posting refuses more than is open.
 */
import type { Tx } from "~/db.server";
import { formatQuantity, parseQuantity } from "~/modules/inventory/quantities";
import { AppError } from "~/modules/platform/errors";
import { todayIn } from "~/utils/dates";
import { organisationSettings } from "~/modules/ledger/posting.server";
import { createDraft, getDocument, KIND_LABELS, type SalesDocument, type SalesLine } from "./documents.server";
import { orderLineProgress, postedLinesFrom } from "./post-document.server";
import type { DocumentKind } from "./schema";

export const CONVERSIONS: Record<DocumentKind, readonly DocumentKind[]> = {
  quotation: ["order", "invoice"],
  order: ["delivery", "invoice"],
  delivery: ["invoice"],
  invoice: ["credit_note"],
  credit_note: [],
};

/** What each line of `document` still has open for a `target` made from it. */
export async function openQuantities(tx: Tx, document: SalesDocument, lines: SalesLine[], target: DocumentKind): Promise<Map<string, bigint>> {
  const open = new Map(lines.map((l) => [l.id, l.quantityMicro]));
  if (document.kind === "quotation") return open;
  if (document.kind === "order") {
    const progress = await orderLineProgress(tx, lines.map((l) => l.id));
    for (const line of lines) {
      const p = progress.get(line.id)!;
      open.set(line.id, line.quantityMicro - (target === "delivery" ? p.deliveredMicro : p.invoicedMicro));
    }
    return open;
  }
  const continued = await postedLinesFrom(tx, lines.map((l) => l.id));
  for (const next of continued) {
    if (next.kind !== target) continue;
    open.set(next.sourceLineId!, (open.get(next.sourceLineId!) ?? 0n) - next.quantityMicro);
  }
  return open;
}

export interface ConvertOptions {
  /** Lines to take and how much of each (decimal in the item's unit); all that is open when not given. */
  lines?: Array<{ sourceLineId: string; quantity: string }>;
  issueDate?: string;
}

/** Makes the draft of `target` from the posted document `sourceId`. */
export async function convertDocument(tx: Tx, sourceId: string, target: DocumentKind, options: ConvertOptions = {}): Promise<SalesDocument> {
  const { document, lines } = await getDocument(tx, sourceId);
  if (!CONVERSIONS[document.kind].includes(target)) {
    throw new AppError("invalid", `A ${KIND_LABELS[document.kind].toLowerCase()} cannot become a ${KIND_LABELS[target].toLowerCase()}.`, { reason: "invalid_conversion", field: "target" });
  }
  if (document.status !== "posted") throw new AppError("conflict", `Post the ${KIND_LABELS[document.kind].toLowerCase()} first.`, { reason: "source_not_posted" });
  const open = await openQuantities(tx, document, lines, target);
  const wanted = new Map<string, bigint>();
  if (options.lines) {
    for (const [index, pick] of options.lines.entries()) {
      const line = lines.find((l) => l.id === pick.sourceLineId);
      if (!line) throw new AppError("invalid", `Line ${index + 1} is not a line of ${document.number}.`, { reason: "unknown_source_line", field: `lines.${index}.sourceLineId` });
      if (pick.quantity.trim() === "" || pick.quantity.trim() === "0") continue;
      const quantity = parseQuantity(pick.quantity, { decimals: 6, field: `lines.${index}.quantity`, label: `Line ${line.lineNo}: the quantity` });
      if (quantity > (open.get(line.id) ?? 0n)) {
        throw new AppError("invalid", `Line ${line.lineNo}: at most ${formatQuantity(open.get(line.id) ?? 0n)} is still open.`, { reason: "over_open", field: `lines.${index}.quantity` });
      }
      wanted.set(line.id, quantity);
    }
  } else {
    for (const line of lines) if ((open.get(line.id) ?? 0n) > 0n) wanted.set(line.id, open.get(line.id)!);
  }
  const taken = lines.filter((l) => (wanted.get(l.id) ?? 0n) > 0n);
  if (taken.length === 0) throw new AppError("conflict", `Nothing of ${document.number} is left to ${target === "credit_note" ? "credit" : target === "delivery" ? "deliver" : "take over"}.`, { reason: "nothing_open" });
  const issueDate = options.issueDate ?? todayIn((await organisationSettings(tx)).timeZone);
  return createDraft(tx, {
    kind: target,
    customerId: document.customerId,
    issueDate: issueDate < document.issueDate ? document.issueDate : issueDate,
    notes: document.notes,
    sourceDocumentId: document.id,
    lines: taken.map((line) => ({
      itemId: line.itemId,
      warehouseId: line.warehouseId,
      quantity: wanted.get(line.id)!,
      unitPriceMinor: line.unitPriceMinor,
      discountBp: line.discountBp,
      taxRateId: line.taxRateId ?? (line.taxRateBp > 0 ? undefined : null),
      description: line.description,
      sourceLineId: line.id,
    })),
  });
}
