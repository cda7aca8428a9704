import type { LoaderFunctionArgs } from "@remix-run/node";
import { documentDetail } from "~/modules/sales/detail.server";
import { renderInvoicePdf } from "~/modules/sales/invoice-pdf.server";
import { printableDocument } from "~/modules/sales/printable.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { rethrowAsResponse } from "~/utils/errors.server";
import { fileResponse } from "~/utils/export.server";
import { documentIdFrom, documentPdfFilename, kindFrom } from "~/utils/sales-pages.server";

/** The document as an A4 PDF, shown in the browser (a salesman's for his own customers only, as the page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:read");
  const kind = kindFrom(params);
  const id = documentIdFrom(params);
  const detail = await withTenant(member.actor, (tx) => documentDetail(tx, id, kind)).catch(rethrowAsResponse);
  const pdf = await renderInvoicePdf(printableDocument(detail, member.organisation));
  return fileResponse(pdf, { filename: documentPdfFilename(detail.document), contentType: "application/pdf", inline: true });
}
