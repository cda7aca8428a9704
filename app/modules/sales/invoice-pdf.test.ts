import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { renderInvoicePdf, type PrintableInvoice } from "./invoice-pdf.server";

/** The text of each page, as a PDF reader extracts it. */
async function pagesOf(pdf: Buffer): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" ").replace(/\s+/g, " "));
  }
  return pages;
}

function invoice(overrides: Partial<PrintableInvoice> = {}): PrintableInvoice {
  return {
    title: "Invoice",
    number: "INV-2026-000042",
    issueDate: "2026-03-10",
    dueDate: "2026-04-09",
    currency: "EUR",
    locale: "en-GB",
    seller: { name: "Ωmega Großhandel Sp. z o.o.", addressLines: ["Ulica Łąkowa 5", "00-001 Warszawa"], taxId: "PL1234567890", email: "office@omega.test" },
    buyer: { name: "Çiftçi Ticaret", addressLines: ["İstiklal Cd. 10", "Istanbul"] },
    lines: [
      { description: "Widget, blue", quantity: "12", unit: "pcs", unitPriceMinor: 1250n, discountBp: 1000, taxLabel: "VAT 20%", netMinor: 13500n },
      { description: "Pallet delivery", quantity: "1", unit: "job", unitPriceMinor: 4000n, discountBp: 0, taxLabel: "VAT 20%", netMinor: 4000n },
    ],
    taxSummary: [{ label: "VAT 20%", baseMinor: 17500n, taxMinor: 3500n }],
    totals: { netMinor: 17500n, taxMinor: 3500n, grossMinor: 21000n, paidMinor: 5000n, outstandingMinor: 16000n },
    paymentTerms: "30 days net",
    ...overrides,
  };
}

describe("the invoice PDF", () => {
  it("is an A4 document that shows the seller, the customer, the lines, the tax summary, the totals and the terms", async () => {
    const pdf = await renderInvoicePdf(invoice());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const [page, ...more] = await pagesOf(pdf);
    expect(more).toEqual([]);
    for (const text of ["Invoice", "INV-2026-000042", "Ωmega Großhandel Sp. z o.o.", "Ulica Łąkowa 5", "Çiftçi Ticaret", "İstiklal Cd. 10", "Widget, blue", "12 pcs", "12.50", "10%", "135.00", "Pallet delivery", "VAT 20%", "175.00", "35.00", "Total EUR", "210.00", "Outstanding", "160.00", "Due: 09/04/2026", "30 days net", "page 1 of 1"]) {
      expect(page, text).toContain(text);
    }
    const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
    const [x0, y0, x1, y1] = (await document.getPage(1)).view;
    expect([Math.round(x1 - x0), Math.round(y1 - y0)]).toEqual([595, 842]);
  });

  it("runs long invoices over pages, repeating the table's header, and numbers the pages", async () => {
    const lines = Array.from({ length: 90 }, (_, i) => ({
      description: `Item number ${i + 1}${i % 7 === 0 ? " with a description long enough to wrap onto a second line of the column" : ""}`,
      quantity: "1",
      unit: "pcs",
      unitPriceMinor: 100n,
      discountBp: 0,
      taxLabel: "VAT 20%",
      netMinor: 100n,
    }));
    const pages = await pagesOf(await renderInvoicePdf(invoice({ lines })));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((text, index) => {
      expect(text).toContain("Description");
      expect(text).toContain(`page ${index + 1} of ${pages.length}`);
    });
    const all = pages.join(" ");
    for (let i = 1; i <= 90; i++) expect(all).toContain(`Item number ${i}`);
    expect(pages[pages.length - 1]).toContain("Total EUR");
  });

  it("prints a draft as a draft, a credit note as one, and drops control characters from what was typed", async () => {
    const [draft] = await pagesOf(await renderInvoicePdf(invoice({ number: null, buyer: { name: "Nul\u0000l Ltd\u000c", addressLines: ["Line\u0007 one"] } })));
    expect(draft).toContain("Draft, not yet posted");
    expect(draft).toContain("Null Ltd");
    expect(draft).toContain("Line one");
    const [credit] = await pagesOf(await renderInvoicePdf(invoice({ title: "Credit note", number: "CN-2026-000001", reference: "Credit note for INV-2026-000042" })));
    expect(credit).toContain("Credit note");
    expect(credit).toContain("CN-2026-000001");
    expect(credit).toContain("Reference: Credit note for INV-2026-000042");
  });
});
