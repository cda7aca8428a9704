import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderInvoicePdf } from "~/modules/sales/invoice-pdf.server";
import { printableDocument } from "~/modules/sales/printable.server";
import { fileResponse } from "~/utils/export.server";
import { documentPdfFilename, loadDocumentDetail } from "~/utils/sales-pages.server";

/** The document as an A4 PDF, shown in the browser (a salesman's for his own customers only, as the page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, detail } = await loadDocumentDetail(request, params);
  const pdf = await renderInvoicePdf(printableDocument(detail, member.organisation));
  return fileResponse(pdf, { filename: documentPdfFilename(detail.document), contentType: "application/pdf", inline: true });
}
