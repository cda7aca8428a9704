/*
 * A printable sales document (an invoice, a credit note, a quotation) as an A4 PDF, drawn with pdfkit (docs/decisions/0028-invoice-pdf.md).
 * The text is set in DejaVu Sans, embedded and subset, so that names in any Latin, Greek or Cyrillic script print
 * as typed; pdfkit's built-in Helvetica knows only Windows-1252.
 */
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import { formatAmount, formatDate, formatQuantity } from "~/utils/format";

const require = createRequire(import.meta.url);
const FONT_DIRECTORY = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const REGULAR = path.join(FONT_DIRECTORY, "DejaVuSans.ttf");
const BOLD = path.join(FONT_DIRECTORY, "DejaVuSans-Bold.ttf");

export interface PrintableParty {
  name: string;
  addressLines: string[];
  taxId?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface PrintableLine {
  description: string;
  /** An exact decimal string, e.g. "12" or "2.5". */
  quantity: string;
  unit: string;
  unitPriceMinor: bigint;
  /** 0..10000. */
  discountBp: number;
  /** e.g. "VAT 20%". */
  taxLabel: string;
  /** The line's amount before tax, after its discount. */
  netMinor: bigint;
}

export interface PrintableInvoice {
  /** "Invoice", "Credit note", "Quotation", ...: the document's kind as its reader calls it. */
  title: string;
  /** The gapless number of a posted document; null for a draft, which prints as such. */
  number: string | null;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  locale: string;
  seller: PrintableParty & { logo?: Buffer | null };
  buyer: PrintableParty;
  lines: PrintableLine[];
  taxSummary: Array<{ label: string; baseMinor: bigint; taxMinor: bigint }>;
  totals: { netMinor: bigint; taxMinor: bigint; grossMinor: bigint; paidMinor?: bigint; outstandingMinor?: bigint };
  paymentTerms?: string | null;
  /** e.g. "Credit note for INV-2026-000012". */
  reference?: string | null;
  notes?: string | null;
}

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const INK = "#111827";
const MUTED = "#4b5563";
const RULE = "#d1d5db";
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Column layout of the lines table: x offset from the left margin, width, alignment. */
const COLUMNS = [
  { key: "description", title: "Description", x: 0, width: 200, align: "left" },
  { key: "quantity", title: "Quantity", x: 200, width: 62, align: "right" },
  { key: "unitPrice", title: "Unit price", x: 262, width: 70, align: "right" },
  { key: "discount", title: "Discount", x: 332, width: 50, align: "right" },
  { key: "tax", title: "Tax", x: 382, width: 52, align: "right" },
  { key: "amount", title: "Amount", x: 434, width: 65.28, align: "right" },
] as const;

type ColumnKey = (typeof COLUMNS)[number]["key"];

/** What a person typed, safe to set: control characters (a NUL, a form feed) dropped, lines kept. */
function clean(text: string | null | undefined): string {
  return (text ?? "").replace(CONTROL_CHARACTERS, "").trim();
}

function percent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = basisPoints % 100;
  return `${whole}${rest ? `.${String(rest).padStart(2, "0").replace(/0$/, "")}` : ""}%`;
}

/** Renders the document to a Buffer. */
export async function renderInvoicePdf(invoice: PrintableInvoice): Promise<Buffer> {
  const title = clean(invoice.title);
  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE.margin,
    bufferPages: true,
    info: { Title: `${title} ${invoice.number ?? "(draft)"}`, Author: clean(invoice.seller.name), Creator: "Folio" },
  });
  doc.registerFont("regular", REGULAR);
  doc.registerFont("bold", BOLD);
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const money = (minor: bigint) => formatAmount(minor, invoice.currency, invoice.locale);
  const date = (iso: string) => formatDate(iso, invoice.locale);
  const left = PAGE.margin;
  const contentWidth = PAGE.width - 2 * PAGE.margin;
  const bottom = PAGE.height - PAGE.margin - 24;

  // Header: logo and seller on the left, the title and number on the right.
  let y = PAGE.margin;
  if (invoice.seller.logo) {
    try {
      doc.image(invoice.seller.logo, left, y, { fit: [140, 56] });
      y += 64;
    } catch {
      // A logo the PDF library cannot read is left out rather than failing the invoice.
    }
  }
  doc.font("bold").fontSize(13).fillColor(INK).text(clean(invoice.seller.name), left, y, { width: 280 });
  doc.font("regular").fontSize(9).fillColor(MUTED);
  for (const line of [...invoice.seller.addressLines, invoice.seller.email, invoice.seller.phone, invoice.seller.taxId ? `Tax id ${invoice.seller.taxId}` : null]) {
    if (clean(line)) doc.text(clean(line), { width: 280 });
  }
  const sellerBottom = doc.y;

  doc.font("bold").fontSize(22).fillColor(INK).text(title, left + 300, PAGE.margin, { width: contentWidth - 300, align: "right" });
  doc.font("regular").fontSize(10).fillColor(INK);
  const facts: Array<[string, string]> = [
    ["Number", invoice.number ? clean(invoice.number) : "Draft, not yet posted"],
    ["Date", date(invoice.issueDate)],
  ];
  if (invoice.dueDate) facts.push(["Due", date(invoice.dueDate)]);
  if (invoice.reference) facts.push(["Reference", clean(invoice.reference)]);
  for (const [label, value] of facts) doc.text(`${label}: ${value}`, left + 300, doc.y + 2, { width: contentWidth - 300, align: "right" });
  y = Math.max(sellerBottom, doc.y) + 24;

  // The customer.
  doc.font("regular").fontSize(8).fillColor(MUTED).text("BILL TO", left, y);
  doc.font("bold").fontSize(11).fillColor(INK).text(clean(invoice.buyer.name), left, doc.y + 2, { width: 300 });
  doc.font("regular").fontSize(9).fillColor(INK);
  for (const line of [...invoice.buyer.addressLines, invoice.buyer.taxId ? `Tax id ${invoice.buyer.taxId}` : null]) {
    if (clean(line)) doc.text(clean(line), { width: 300 });
  }
  y = doc.y + 20;

  // The lines, with the table's header repeated on every page.
  const header = () => {
    doc.font("bold").fontSize(8.5).fillColor(MUTED);
    for (const column of COLUMNS) doc.text(column.title, left + column.x, y, { width: column.width, align: column.align });
    y += 14;
    doc.moveTo(left, y).lineTo(left + contentWidth, y).lineWidth(0.7).strokeColor(RULE).stroke();
    y += 5;
  };
  header();
  doc.font("regular").fontSize(9).fillColor(INK);
  for (const line of invoice.lines) {
    const cells: Record<ColumnKey, string> = {
      description: clean(line.description) || "—",
      quantity: `${formatQuantity(line.quantity, invoice.locale)} ${clean(line.unit)}`,
      unitPrice: money(line.unitPriceMinor),
      discount: line.discountBp ? percent(line.discountBp) : "",
      tax: clean(line.taxLabel),
      amount: money(line.netMinor),
    };
    doc.font("regular").fontSize(9);
    const height = Math.max(...COLUMNS.map((column) => doc.heightOfString(cells[column.key], { width: column.width }))) + 6;
    if (y + height > bottom) {
      doc.addPage();
      y = PAGE.margin;
      header();
      doc.font("regular").fontSize(9).fillColor(INK);
    }
    for (const column of COLUMNS) doc.text(cells[column.key], left + column.x, y, { width: column.width, align: column.align });
    y += height;
  }
  doc.moveTo(left, y).lineTo(left + contentWidth, y).lineWidth(0.7).strokeColor(RULE).stroke();
  y += 10;

  // The tax summary on the left, the totals on the right, kept together on one page.
  const totals: Array<[string, bigint, boolean]> = [
    ["Net", invoice.totals.netMinor, false],
    ["Tax", invoice.totals.taxMinor, false],
    [`Total ${invoice.currency}`, invoice.totals.grossMinor, true],
  ];
  if (invoice.totals.paidMinor !== undefined) totals.push(["Paid", invoice.totals.paidMinor, false]);
  if (invoice.totals.outstandingMinor !== undefined) totals.push(["Outstanding", invoice.totals.outstandingMinor, true]);
  const blockHeight = Math.max(totals.length, invoice.taxSummary.length + 1) * 16 + 10;
  if (y + blockHeight > bottom) {
    doc.addPage();
    y = PAGE.margin;
  }
  const blockTop = y;
  if (invoice.taxSummary.length) {
    doc.font("bold").fontSize(8.5).fillColor(MUTED);
    doc.text("Tax", left, y, { width: 90 });
    doc.text("Base", left + 90, y, { width: 80, align: "right" });
    doc.text("Amount", left + 170, y, { width: 80, align: "right" });
    y += 14;
    doc.font("regular").fontSize(9).fillColor(INK);
    for (const tax of invoice.taxSummary) {
      doc.text(clean(tax.label), left, y, { width: 90 });
      doc.text(money(tax.baseMinor), left + 90, y, { width: 80, align: "right" });
      doc.text(money(tax.taxMinor), left + 170, y, { width: 80, align: "right" });
      y += 16;
    }
  }
  let totalsY = blockTop;
  for (const [label, amount, strong] of totals) {
    doc.font(strong ? "bold" : "regular").fontSize(strong ? 10.5 : 9.5).fillColor(INK);
    doc.text(label, left + 300, totalsY, { width: 110, align: "right" });
    doc.text(money(amount), left + 410, totalsY, { width: contentWidth - 410, align: "right" });
    totalsY += 16;
  }
  y = Math.max(y, totalsY) + 20;

  for (const [label, text] of [
    ["Payment terms", invoice.paymentTerms],
    ["Notes", invoice.notes],
  ] as const) {
    const value = clean(text);
    if (!value) continue;
    const height = doc.heightOfString(value, { width: contentWidth }) + 16;
    if (y + height > bottom) {
      doc.addPage();
      y = PAGE.margin;
    }
    doc.font("bold").fontSize(8.5).fillColor(MUTED).text(label.toUpperCase(), left, y);
    doc.font("regular").fontSize(9).fillColor(INK).text(value, left, doc.y + 2, { width: contentWidth });
    y = doc.y + 14;
  }

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const footer = `${title} ${invoice.number ?? "(draft)"} · page ${index - range.start + 1} of ${range.count}`;
    doc.font("regular").fontSize(8).fillColor(MUTED).text(footer, left, PAGE.height - PAGE.margin - 10, { width: contentWidth, align: "center", lineBreak: false });
  }
  doc.end();
  return finished;
}
