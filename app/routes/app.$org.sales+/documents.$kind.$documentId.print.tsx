import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Amount } from "~/components/ledger/ledger-nav";
import { LinesTable } from "~/components/sales/sales-views";
import { KIND_LABELS, KIND_SLUGS } from "~/modules/sales/forms";
import { formatDate } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";
import { loadDocumentDetail, shownDocument } from "~/utils/sales-pages.server";
import { serialise } from "~/utils/serialise";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${KIND_LABELS[data.kind]} ${data.document.number ?? "draft"} · Folio` : "Print · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, kind, detail } = await loadDocumentDetail(request, params);
  return json({
    kind,
    organisationName: member.organisation.name,
    ...shownDocument(detail),
    taxSummary: serialise(detail.taxSummary),
  });
}

export default function PrintDocument() {
  const { kind, organisationName, document, customer, lines, taxSummary, outstandingMinor } = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const back = `/app/${organisation.slug}/sales/documents/${KIND_SLUGS[kind]}/${document.id}`;
  return (
    <article className="card print-sheet mx-auto max-w-3xl">
      <p className="no-print mb-4 text-sm">
        <Link to={back} className="link">
          Back to the {KIND_LABELS[kind].toLowerCase()}
        </Link>{" "}
        · Use your browser's Print to print it or save it as PDF.
      </p>
      <div className="mb-8 flex flex-wrap justify-between gap-6">
        <div>
          <p className="text-xl font-bold">{organisationName}</p>
        </div>
        <div className="text-right">
          <h1 className="text-2xl font-bold">
            {KIND_LABELS[kind]} {document.number ?? "(draft)"}
          </h1>
          <p className="text-sm">Date: {formatDate(document.issueDate, organisation.locale)}</p>
          {document.dueDate ? <p className="text-sm">Due: {formatDate(document.dueDate, organisation.locale)}</p> : null}
        </div>
      </div>
      <section aria-label="Customer" className="mb-8 text-sm">
        <p className="font-semibold">{customer.name}</p>
        {customer.billingAddress ? <p className="whitespace-pre-line">{customer.billingAddress}</p> : null}
        {customer.taxId ? <p>Tax id: {customer.taxId}</p> : null}
      </section>
      <div className="mb-6 overflow-x-auto">
        <LinesTable lines={lines} currency={document.currency} totals={document} />
      </div>
      {taxSummary.length > 0 ? (
        <section aria-labelledby="tax-summary" className="mb-6 text-sm">
          <h2 id="tax-summary" className="mb-2 font-semibold">
            Tax summary
          </h2>
          <table className="table-basic">
            <thead>
              <tr>
                <th scope="col">Rate</th>
                <th scope="col" className="text-right">
                  Net
                </th>
                <th scope="col" className="text-right">
                  Tax
                </th>
              </tr>
            </thead>
            <tbody>
              {taxSummary.map((row) => (
                <tr key={row.rateBp}>
                  <td>
                    {row.name ?? "Tax"} {row.rateBp / 100}%
                  </td>
                  <td className="text-right tabular-nums">
                    <Amount minor={row.netMinor} currency={document.currency} />
                  </td>
                  <td className="text-right tabular-nums">
                    <Amount minor={row.taxMinor} currency={document.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {kind === "invoice" && document.status === "posted" ? (
        <p className="text-sm">
          Payment terms: {customer.paymentTermsDays} days. Outstanding: <Amount minor={outstandingMinor} currency={document.currency} withCurrency />
        </p>
      ) : null}
      {document.notes ? <p className="mt-4 whitespace-pre-line text-sm">{document.notes}</p> : null}
    </article>
  );
}
