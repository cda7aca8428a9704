/*
 * Posting a sales document, all in the caller's transaction:
 *   1. the draft is locked (SELECT ... FOR UPDATE): a second request for the same draft waits, then finds it posted
 *      and is refused (409 "already posted"), so a double submit posts once, on one server or two;
 *   2. the number of its series (gapless, ledger's number series, locked until commit) is taken first, before any
 *      stock or ledger row, so that every posting locks in the same order (series, stock balances, the journal's
 *      series) and none deadlocks;
 *   3. the stock moves through inventory's operations (an order reserves, a delivery issues, an invoice issues what
 *      was not delivered, a credit note takes goods back at the cost they left with): each posts its own value
 *      entry (cost of goods sold against inventory), which is not posted again here;
 *   4. an invoice posts receivable (the customer as party, the due date for aging) against revenue and tax per tax
 *      account; a credit note the reverse;
 *   5. the lines record what they moved, the document becomes posted, the audit event is written.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { divRound, formatQuantity } from "~/modules/inventory/quantities";
import { issueStock, listReservations, receiveStock, releaseReservation, reserveStock } from "~/modules/inventory/stock.server";
import { findAccountsByRoles } from "~/modules/ledger/accounts.server";
import { nextNumber } from "~/modules/ledger/numbers.server";
import { post, type PostingLine } from "~/modules/ledger/posting.server";
import { listTaxRates } from "~/modules/ledger/tax-rates.server";
import { AppError, isAppError } from "~/modules/platform/errors";
import { KIND_LABELS, lockDraft, type SalesDocument, type SalesLine } from "./documents.server";
import { salesDocumentLines, salesDocuments, type DocumentKind } from "./schema";

export const SERIES: Record<DocumentKind, string> = {
  quotation: "QT",
  order: "SO",
  delivery: "DN",
  invoice: "INV",
  credit_note: "CN",
};

/** The stock source a document's moves and reservations are recorded under. */
export const STOCK_SOURCE: Record<DocumentKind, string> = {
  quotation: "sales_quotation",
  order: "sales_order",
  delivery: "sales_delivery",
  invoice: "sales_invoice",
  credit_note: "sales_credit_note",
};

interface LineEffect {
  line: SalesLine;
  index: number;
  stockQtyMicro: bigint;
  stockValueMinor: bigint;
}

/** Inventory's "not enough stock" as a refusal beside the line's quantity (400), with what is available. */
async function onLine<T>(index: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) && error.reason === "insufficient_stock") {
      throw new AppError("invalid", `Line ${index + 1}: ${error.message}`, { reason: "insufficient_stock", field: `lines.${index}.quantity` });
    }
    throw error;
  }
}

/** The posted lines that continue these lines (deliveries and invoices of order lines, credit notes of invoice lines). */
export async function postedLinesFrom(tx: Tx, sourceLineIds: string[]): Promise<Array<SalesLine & { kind: DocumentKind }>> {
  if (sourceLineIds.length === 0) return [];
  const rows = await tx
    .select({ line: salesDocumentLines, kind: salesDocuments.kind })
    .from(salesDocumentLines)
    .innerJoin(salesDocuments, and(eq(salesDocuments.tenantId, salesDocumentLines.tenantId), eq(salesDocuments.id, salesDocumentLines.documentId)))
    .where(and(inArray(salesDocumentLines.sourceLineId, sourceLineIds), eq(salesDocuments.status, "posted")));
  return rows.map((r) => ({ ...r.line, kind: r.kind }));
}

async function linesById(tx: Tx, ids: string[]): Promise<Map<string, SalesLine & { kind: DocumentKind; documentStatus: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ line: salesDocumentLines, kind: salesDocuments.kind, status: salesDocuments.status })
    .from(salesDocumentLines)
    .innerJoin(salesDocuments, and(eq(salesDocuments.tenantId, salesDocumentLines.tenantId), eq(salesDocuments.id, salesDocumentLines.documentId)))
    .where(inArray(salesDocumentLines.id, ids));
  return new Map(rows.map((r) => [r.line.id, { ...r.line, kind: r.kind, documentStatus: r.status }]));
}

/**
 * How much of an order line has left the warehouse and how much of it is invoiced, over its posted deliveries and
 * invoices (an invoice of a delivery line counts for the order line).
 */
export async function orderLineProgress(tx: Tx, orderLineIds: string[]): Promise<Map<string, { shippedMicro: bigint; deliveredMicro: bigint; invoicedMicro: bigint; shippedValueMinor: bigint }>> {
  const progress = new Map(orderLineIds.map((id) => [id, { shippedMicro: 0n, deliveredMicro: 0n, invoicedMicro: 0n, shippedValueMinor: 0n }]));
  const direct = await postedLinesFrom(tx, orderLineIds);
  const deliveryLines = direct.filter((l) => l.kind === "delivery");
  const ofDeliveries = await postedLinesFrom(tx, deliveryLines.map((l) => l.id));
  const orderOf = new Map(deliveryLines.map((l) => [l.id, l.sourceLineId!]));
  for (const line of direct) {
    const p = progress.get(line.sourceLineId!)!;
    p.shippedMicro += line.stockQtyMicro;
    p.shippedValueMinor += line.stockValueMinor;
    if (line.kind === "delivery") p.deliveredMicro += line.quantityMicro;
    if (line.kind === "invoice") p.invoicedMicro += line.quantityMicro;
  }
  for (const line of ofDeliveries) {
    if (line.kind === "invoice") progress.get(orderOf.get(line.sourceLineId!)!)!.invoicedMicro += line.quantityMicro;
  }
  return progress;
}

/** Issues `qty` of an order line's item, taking it out of the order's reservation and keeping the rest reserved. */
async function issueAgainstOrder(tx: Tx, document: SalesDocument, line: SalesLine, orderLine: SalesLine | null, qty: bigint, index: number, shippedBefore: bigint) {
  const source = { type: STOCK_SOURCE[document.kind], id: document.id, line: line.lineNo };
  if (!orderLine) return onLine(index, () => issueStock(tx, { itemId: line.itemId, warehouseId: line.warehouseId!, quantity: formatQuantity(qty), date: document.issueDate, source, memo: `${KIND_LABELS[document.kind]} line ${line.lineNo}` }));
  const reservation = (await listReservations(tx, { itemId: orderLine.itemId, warehouseId: orderLine.warehouseId!, source: { type: STOCK_SOURCE.order, id: orderLine.documentId } })).find(
    (r) => r.sourceLine === orderLine.lineNo,
  );
  if (reservation) await releaseReservation(tx, reservation.id);
  const result = await onLine(index, () =>
    issueStock(tx, { itemId: line.itemId, warehouseId: line.warehouseId!, quantity: formatQuantity(qty), date: document.issueDate, source, memo: `${KIND_LABELS[document.kind]} line ${line.lineNo}` }),
  );
  const stillOpen = orderLine.quantityMicro - shippedBefore - qty;
  if (reservation && stillOpen > 0n && orderLine.warehouseId === line.warehouseId) {
    await reserveStock(tx, { itemId: orderLine.itemId, warehouseId: orderLine.warehouseId!, quantity: formatQuantity(stillOpen), source: { type: STOCK_SOURCE.order, id: orderLine.documentId, line: orderLine.lineNo } });
  }
  return result;
}

/** Goods back into stock; an item switched off since is refused (409) until it is switched on again. */
async function returnToStock(tx: Tx, index: number, input: Parameters<typeof receiveStock>[1]) {
  try {
    return await receiveStock(tx, input);
  } catch (error) {
    if (isAppError(error) && error.reason === "inactive_item") {
      throw new AppError("conflict", `Line ${index + 1}: ${error.message} Switch it on again to take the returned goods back into stock.`, { reason: "inactive_item", field: `lines.${index}.itemId` });
    }
    throw error;
  }
}

const byStockRow = (a: LineEffect, b: LineEffect) => (a.line.itemId + (a.line.warehouseId ?? "")).localeCompare(b.line.itemId + (b.line.warehouseId ?? ""));

/** The stock side of a document, line by line in item and warehouse order (so two postings lock balances alike). */
async function moveStock(tx: Tx, document: SalesDocument, lines: SalesLine[]): Promise<LineEffect[]> {
  const effects: LineEffect[] = lines.map((line, index) => ({ line, index, stockQtyMicro: 0n, stockValueMinor: 0n }));
  const stockLines = effects.filter((e) => e.line.warehouseId !== null).sort(byStockRow);
  if (document.kind === "quotation" || stockLines.length === 0) return effects;
  const sources = await linesById(tx, stockLines.map((e) => e.line.sourceLineId).filter((id): id is string => id !== null));

  if (document.kind === "order") {
    for (const effect of stockLines) {
      await onLine(effect.index, () =>
        reserveStock(tx, { itemId: effect.line.itemId, warehouseId: effect.line.warehouseId!, quantity: formatQuantity(effect.line.quantityMicro), source: { type: STOCK_SOURCE.order, id: document.id, line: effect.line.lineNo } }),
      );
    }
    return effects;
  }

  if (document.kind === "credit_note") {
    const invoiceLines = [...sources.values()];
    const orderLineIds = invoiceLines.map((l) => l.sourceLineId).filter((id): id is string => id !== null);
    const upstream = await linesById(tx, orderLineIds);
    const progress = await orderLineProgress(tx, [...upstream.values()].filter((l) => l.kind === "order").map((l) => l.id));
    for (const effect of stockLines) {
      const invoiceLine = sources.get(effect.line.sourceLineId ?? "");
      if (!invoiceLine) continue;
      // The cost the goods left with: the invoice's own issue, else its delivery's, else the average over its order line's.
      let qty = invoiceLine.stockQtyMicro;
      let value = invoiceLine.stockValueMinor;
      const before = invoiceLine.sourceLineId ? upstream.get(invoiceLine.sourceLineId) : undefined;
      if (qty === 0n && before?.kind === "delivery") [qty, value] = [before.stockQtyMicro, before.stockValueMinor];
      if (qty === 0n && before?.kind === "order") {
        const p = progress.get(before.id)!;
        [qty, value] = [p.shippedMicro, p.shippedValueMinor];
      }
      if (qty === 0n) continue;
      const returnedValue = divRound(effect.line.quantityMicro * value, qty);
      const accounts = await findAccountsByRoles(tx, ["cost_of_goods_sold"]);
      await returnToStock(tx, effect.index, {
        itemId: effect.line.itemId,
        warehouseId: effect.line.warehouseId!,
        quantity: formatQuantity(effect.line.quantityMicro),
        totalCostMinor: returnedValue,
        date: document.issueDate,
        source: { type: STOCK_SOURCE.credit_note, id: document.id, line: effect.line.lineNo },
        counterAccountId: accounts.get("cost_of_goods_sold")?.id ?? null,
        memo: `Return on credit note line ${effect.line.lineNo}`,
      });
      effect.stockQtyMicro = -effect.line.quantityMicro;
      effect.stockValueMinor = -returnedValue;
    }
    return effects;
  }

  // Delivery or invoice: issue what has not left the warehouse yet.
  const orderLines = [...sources.values()].filter((l) => l.kind === "order");
  const progress = await orderLineProgress(tx, orderLines.map((l) => l.id));
  for (const effect of stockLines) {
    const source = effect.line.sourceLineId ? sources.get(effect.line.sourceLineId) : undefined;
    if (source?.kind === "delivery") continue; // delivered already: the delivery issued it
    const orderLine = source?.kind === "order" ? source : null;
    let qty = effect.line.quantityMicro;
    const p = orderLine ? progress.get(orderLine.id)! : null;
    if (p && document.kind === "invoice") {
      const deliveredNotInvoiced = p.shippedMicro - p.invoicedMicro;
      qty -= deliveredNotInvoiced > 0n ? (deliveredNotInvoiced < qty ? deliveredNotInvoiced : qty) : 0n;
    }
    if (qty <= 0n) continue;
    const result = await issueAgainstOrder(tx, document, effect.line, orderLine, qty, effect.index, p?.shippedMicro ?? 0n);
    if (p) {
      p.shippedMicro += qty;
      if (document.kind === "invoice") p.invoicedMicro += effect.line.quantityMicro;
    }
    effect.stockQtyMicro = qty;
    effect.stockValueMinor = -result.moves.reduce((sum, m) => sum + m.valueMinor, 0n);
  }
  return effects;
}

/** Receivable against revenue and tax (an invoice), or the reverse (a credit note); null when the total is zero. */
async function postToLedger(tx: Tx, document: SalesDocument, lines: SalesLine[], number: string): Promise<string | null> {
  if (document.kind !== "invoice" && document.kind !== "credit_note") return null;
  if (document.totalMinor === 0n) return null;
  const roles = await findAccountsByRoles(tx, ["receivable", "sales", "tax_payable"]);
  const receivable = roles.get("receivable");
  const revenue = roles.get("sales");
  if (!receivable || !revenue) throw new AppError("conflict", "The chart of accounts needs a receivable and a sales account (by role) to post sales.", { reason: "missing_account" });
  const rates = new Map((await listTaxRates(tx)).map((r) => [r.id, r.accountId]));
  const perTaxAccount = new Map<string, bigint>();
  let net = 0n;
  for (const line of lines) {
    net += line.netMinor;
    if (line.taxMinor === 0n) continue;
    const account = (line.taxRateId && rates.get(line.taxRateId)) || roles.get("tax_payable")?.id;
    if (!account) throw new AppError("conflict", "The chart of accounts needs a tax payable account to post tax.", { reason: "missing_account" });
    perTaxAccount.set(account, (perTaxAccount.get(account) ?? 0n) + line.taxMinor);
  }
  const invoice = document.kind === "invoice";
  const side = (amount: bigint, debit: boolean): Pick<PostingLine, "debitMinor" | "creditMinor"> => (debit ? { debitMinor: amount } : { creditMinor: amount });
  const postingLines: PostingLine[] = [
    { accountId: receivable.id, partyId: document.customerId, dueDate: document.dueDate ?? document.issueDate, description: number, ...side(document.totalMinor, invoice) },
  ];
  if (net > 0n) postingLines.push({ accountId: revenue.id, description: number, ...side(net, !invoice) });
  for (const [accountId, amount] of perTaxAccount) postingLines.push({ accountId, description: number, ...side(amount, !invoice) });
  const entry = await post(tx, {
    entryDate: document.issueDate,
    memo: `${KIND_LABELS[document.kind]} ${number}`,
    source: { type: invoice ? "invoice" : "credit_note", id: document.id },
    lines: postingLines,
  });
  return entry.id;
}

async function checkCreditNote(tx: Tx, document: SalesDocument, lines: SalesLine[]) {
  if (!document.sourceDocumentId) throw new AppError("invalid", "A credit note is issued against a posted invoice.", { reason: "no_invoice", field: "sourceDocumentId" });
  const [invoice] = await tx.select().from(salesDocuments).where(eq(salesDocuments.id, document.sourceDocumentId));
  if (!invoice || invoice.kind !== "invoice" || invoice.status !== "posted") {
    throw new AppError("invalid", "A credit note is issued against a posted invoice.", { reason: "no_invoice", field: "sourceDocumentId" });
  }
  const invoiceLines = await linesById(tx, lines.map((l) => l.sourceLineId).filter((id): id is string => id !== null));
  const credited = await postedLinesFrom(tx, [...invoiceLines.keys()]);
  for (const [index, line] of lines.entries()) {
    const source = line.sourceLineId ? invoiceLines.get(line.sourceLineId) : undefined;
    if (!source || source.documentId !== invoice.id) throw new AppError("invalid", `Line ${index + 1} is not a line of ${invoice.number}.`, { reason: "unknown_source_line", field: `lines.${index}.itemId` });
    const already = credited.filter((c) => c.sourceLineId === source.id && c.kind === "credit_note").reduce((sum, c) => sum + c.quantityMicro, 0n);
    if (already + line.quantityMicro > source.quantityMicro) {
      throw new AppError("invalid", `Line ${index + 1}: more than was invoiced and not yet credited.`, { reason: "over_credit", field: `lines.${index}.quantity` });
    }
  }
}

async function checkContinuation(tx: Tx, document: SalesDocument, lines: SalesLine[]) {
  const sources = await linesById(tx, lines.map((l) => l.sourceLineId).filter((id): id is string => id !== null));
  const orderLines = [...sources.values()].filter((l) => l.kind === "order");
  const progress = await orderLineProgress(tx, orderLines.map((l) => l.id));
  const deliveryLines = [...sources.values()].filter((l) => l.kind === "delivery");
  const invoicedDeliveries = await postedLinesFrom(tx, deliveryLines.map((l) => l.id));
  for (const [index, line] of lines.entries()) {
    const source = line.sourceLineId ? sources.get(line.sourceLineId) : undefined;
    if (!source) continue;
    if (source.documentStatus !== "posted") throw new AppError("conflict", `Line ${index + 1} continues a document that is not posted.`, { reason: "source_not_posted", field: `lines.${index}.itemId` });
    if (source.kind === "order") {
      const p = progress.get(source.id)!;
      const done = document.kind === "delivery" ? p.deliveredMicro : p.invoicedMicro;
      if (done + line.quantityMicro > source.quantityMicro) {
        throw new AppError("invalid", `Line ${index + 1}: more than the order still has to ${document.kind === "delivery" ? "deliver" : "invoice"}.`, { reason: "over_order", field: `lines.${index}.quantity` });
      }
    }
    if (source.kind === "delivery") {
      const done = invoicedDeliveries.filter((l) => l.sourceLineId === source.id && l.kind === "invoice").reduce((sum, l) => sum + l.quantityMicro, 0n);
      if (done + line.quantityMicro > source.quantityMicro) {
        throw new AppError("invalid", `Line ${index + 1}: more than the delivery still has to invoice.`, { reason: "over_delivery", field: `lines.${index}.quantity` });
      }
    }
  }
}

/**
 * Posts a draft: numbers it, moves the stock, books it, freezes it. The second of two requests for one draft is
 * refused with 409 ("already posted") once the first has committed.
 */
export async function postDocument(tx: Tx, id: string): Promise<SalesDocument> {
  const document = await lockDraft(tx, id);
  const lines = await tx.select().from(salesDocumentLines).where(eq(salesDocumentLines.documentId, id)).orderBy(salesDocumentLines.lineNo);
  if (lines.length === 0) throw new AppError("invalid", "Add at least one line before posting.", { reason: "no_lines", field: "lines" });
  if (document.kind === "credit_note") await checkCreditNote(tx, document, lines);
  else await checkContinuation(tx, document, lines);

  const number = await nextNumber(tx, SERIES[document.kind], Number(document.issueDate.slice(0, 4)));
  const effects = await moveStock(tx, document, lines);
  const journalEntryId = await postToLedger(tx, document, lines, number);
  for (const effect of effects) {
    if (effect.stockQtyMicro === 0n && effect.stockValueMinor === 0n) continue;
    await tx
      .update(salesDocumentLines)
      .set({ stockQtyMicro: effect.stockQtyMicro, stockValueMinor: effect.stockValueMinor })
      .where(eq(salesDocumentLines.id, effect.line.id));
  }
  const [posted] = await tx
    .update(salesDocuments)
    .set({ status: "posted", number, journalEntryId, postedAt: sql`now()`, postedByUserId: sql`app_user_id()`, updatedAt: new Date() })
    .where(eq(salesDocuments.id, id))
    .returning();
  await recordAudit(tx, {
    action: `sales.${document.kind}_posted`,
    entityType: "sales_document",
    entityId: id,
    after: { number, totalMinor: posted.totalMinor, journalEntryId, stock: effects.filter((e) => e.stockQtyMicro !== 0n).map((e) => ({ line: e.line.lineNo, qtyMicro: e.stockQtyMicro, valueMinor: e.stockValueMinor })) },
  });
  return posted;
}

/** The posted documents' ids among `ids` (for tests and the pages' "already posted" answers). */
export async function postedNumbers(tx: Tx, kind: DocumentKind): Promise<string[]> {
  const rows = await queryRows<{ number: string }>(tx, sql`select number from sales_documents where kind = ${kind} and number is not null order by number`);
  return rows.map((r) => r.number);
}
