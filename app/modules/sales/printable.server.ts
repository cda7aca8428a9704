import { formatQuantity } from "~/modules/inventory/quantities";
import type { DocumentDetail } from "./detail.server";
import { KIND_LABELS } from "./forms";
import type { PrintableInvoice } from "./invoice-pdf.server";

/** A rate in basis points as its percentage: 2000 -> "20%", 750 -> "7.5%". */
function ratePercent(rateBp: number): string {
  return `${(rateBp / 100).toString()}%`;
}

/** What the PDF of a document shows: the detail its page reads, with the organisation's name and regional settings. */
export function printableDocument(detail: DocumentDetail, organisation: { name: string; currency: string; locale: string }): PrintableInvoice {
  const { document, customer } = detail;
  const invoice = document.kind === "invoice" && document.status === "posted";
  return {
    title: KIND_LABELS[document.kind],
    number: document.number,
    issueDate: document.issueDate,
    dueDate: document.kind === "invoice" ? document.dueDate : null,
    currency: document.currency,
    locale: organisation.locale,
    seller: { name: organisation.name, addressLines: [] },
    buyer: { name: customer.name, addressLines: (customer.billingAddress ?? "").split(/\r?\n/).filter((line) => line.trim() !== ""), taxId: customer.taxId },
    lines: detail.lines.map((line) => ({
      description: [line.sku, line.description || line.itemName].filter(Boolean).join(" · "),
      quantity: formatQuantity(line.quantityMicro),
      unit: line.unit,
      unitPriceMinor: line.unitPriceMinor,
      discountBp: line.discountBp,
      taxLabel: line.taxRateBp ? ratePercent(line.taxRateBp) : "—",
      netMinor: line.netMinor,
    })),
    taxSummary: detail.taxSummary.map((row) => ({ label: `${row.name ?? "Tax"} ${ratePercent(row.rateBp)}`, baseMinor: row.netMinor, taxMinor: row.taxMinor })),
    totals: {
      netMinor: document.subtotalMinor - document.discountMinor,
      taxMinor: document.taxMinor,
      grossMinor: document.totalMinor,
      ...(invoice ? { paidMinor: detail.settledMinor, outstandingMinor: detail.outstandingMinor } : {}),
    },
    paymentTerms: document.kind === "invoice" ? `${customer.paymentTermsDays} days net` : null,
    reference: detail.source?.number ? `${KIND_LABELS[detail.source.kind]} ${detail.source.number}` : null,
    notes: document.notes || null,
  };
}
