import type { Tx } from "~/db.server";
import { getItem } from "~/modules/inventory/items.server";
import { listWarehouses } from "~/modules/inventory/warehouses.server";
import { listTaxRates } from "~/modules/ledger/tax-rates.server";
import { getParty } from "~/modules/parties/parties.server";
import { CONVERSIONS, openQuantities } from "./convert.server";
import { documentsFrom, getDocument, type SalesDocument, type SalesLine } from "./documents.server";
import { listDocuments } from "./list.server";
import { invoiceSettlements, invoiceStatus, organisationToday, paymentsOfInvoice, type InvoiceStatus } from "./payments.server";
import type { DocumentKind } from "./schema";

export interface DetailLine extends SalesLine {
  sku: string;
  itemName: string;
  unit: string;
  warehouseName: string | null;
  taxRateName: string | null;
}

export interface DocumentDetail {
  document: SalesDocument;
  lines: DetailLine[];
  customer: { id: string; name: string; billingAddress: string | null; email: string | null; taxId: string | null; paymentTermsDays: number };
  source: SalesDocument | null;
  derived: SalesDocument[];
  /** Invoices: what allocations and credit notes settled, what is open, the status. */
  settledMinor: bigint;
  outstandingMinor: bigint;
  shownStatus: InvoiceStatus | SalesDocument["status"];
  payments: Array<{ id: string; number: string; paymentDate: string; method: string; reference: string; amountMinor: bigint }>;
  /** The kinds it can become now (something of it is still open). */
  conversions: DocumentKind[];
  /** Tax per rate, for the printed summary. */
  taxSummary: Array<{ rateBp: number; name: string | null; netMinor: bigint; taxMinor: bigint }>;
}

/** A document as its page and its print view show it. Not found (404) for another tenant's or scope's. */
export async function documentDetail(tx: Tx, id: string, kind: DocumentKind): Promise<DocumentDetail> {
  const { document, lines } = await getDocument(tx, id, { kind });
  const customer = await getParty(tx, "customer", document.customerId);
  const warehouses = new Map((await listWarehouses(tx)).map((w) => [w.id, w.name]));
  const rates = new Map((await listTaxRates(tx)).map((r) => [r.id, r.name]));
  const detailed: DetailLine[] = [];
  for (const line of lines) {
    const item = await getItem(tx, line.itemId, { withCost: false });
    detailed.push({
      ...line,
      sku: item.sku,
      itemName: item.name,
      unit: item.unit,
      warehouseName: line.warehouseId ? (warehouses.get(line.warehouseId) ?? null) : null,
      taxRateName: line.taxRateId ? (rates.get(line.taxRateId) ?? null) : null,
    });
  }
  const source = document.sourceDocumentId ? (await getDocument(tx, document.sourceDocumentId).catch(() => null))?.document ?? null : null;
  const derived = await documentsFrom(tx, id);
  let settledMinor = 0n;
  let shownStatus: DocumentDetail["shownStatus"] = document.status;
  let payments: DocumentDetail["payments"] = [];
  if (kind === "invoice") {
    settledMinor = (await invoiceSettlements(tx, [id])).get(id) ?? 0n;
    shownStatus = invoiceStatus(document, settledMinor, await organisationToday(tx));
    payments = (await paymentsOfInvoice(tx, id)).map(({ payment, amountMinor }) => ({
      id: payment.id,
      number: payment.number,
      paymentDate: payment.paymentDate,
      method: payment.method,
      reference: payment.reference,
      amountMinor,
    }));
  }
  const conversions: DocumentKind[] = [];
  if (document.status === "posted") {
    for (const target of CONVERSIONS[kind]) {
      const open = await openQuantities(tx, document, lines, target);
      if ([...open.values()].some((q) => q > 0n)) conversions.push(target);
    }
  }
  const summary = new Map<number, DocumentDetail["taxSummary"][number]>();
  for (const line of detailed) {
    const row = summary.get(line.taxRateBp) ?? { rateBp: line.taxRateBp, name: line.taxRateName, netMinor: 0n, taxMinor: 0n };
    row.netMinor += line.netMinor;
    row.taxMinor += line.taxMinor;
    summary.set(line.taxRateBp, row);
  }
  return {
    document,
    lines: detailed,
    customer: { id: customer.id, name: customer.name, billingAddress: customer.billingAddress, email: customer.email, taxId: customer.taxId, paymentTermsDays: customer.paymentTermsDays },
    source,
    derived,
    settledMinor,
    outstandingMinor: document.status === "posted" && kind === "invoice" ? document.totalMinor - settledMinor : 0n,
    shownStatus,
    payments,
    conversions,
    taxSummary: [...summary.values()].sort((a, b) => a.rateBp - b.rateBp),
  };
}

/** The open invoices of a customer, oldest first, with what each has open: the payment form's allocation rows. */
export async function openInvoicesOf(tx: Tx, customerId: string): Promise<Array<{ id: string; number: string; issueDate: string; dueDate: string | null; totalMinor: bigint; outstandingMinor: bigint }>> {
  const rows: Awaited<ReturnType<typeof listDocuments>>["rows"] = [];
  let after: string | null = null;
  do {
    const page = await listDocuments(tx, { kind: "invoice", customerId, status: "posted", after, pageSize: 200 });
    rows.push(...page.rows);
    after = page.next;
  } while (after && rows.length < 1000);
  return rows
    .filter((r) => r.outstandingMinor > 0n)
    .map((r) => ({ id: r.id, number: r.number ?? "", issueDate: r.issueDate, dueDate: r.dueDate, totalMinor: r.totalMinor, outstandingMinor: r.outstandingMinor }))
    .reverse();
}
