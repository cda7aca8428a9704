import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SelectField } from "~/components/forms";
import { AmountCell, AmountHeader, AsOfField, ReportFrame } from "~/components/report";
import { agingReport } from "~/modules/ledger/reports/aging.server";
import { AGING_FIELDS } from "~/modules/ledger/reports/filters";
import { formatAmount, formatDate } from "~/utils/format";
import { loadReport } from "~/utils/reports.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Aging · Folio" }];

const TITLES = { customer: "Receivables aging", supplier: "Payables aging" } as const;

export const loader = ({ request, params }: LoaderFunctionArgs) => loadReport(request, params.org, AGING_FIELDS, agingReport);

export default function AgingReportPage() {
  const data = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  const kind = data.values.kind === "supplier" ? "supplier" : "customer";
  const query = new URLSearchParams({ kind, asOf: data.values.asOf });
  const options = (
    <>
      <SelectField
        label="Report"
        name="kind"
        defaultValue={kind}
        options={[
          { value: "customer", label: "Receivables (customers)" },
          { value: "supplier", label: "Payables (suppliers)" },
        ]}
      />
      <AsOfField values={data.values} errors={data.errors} />
    </>
  );
  return (
    <ReportFrame
      title={TITLES[kind]}
      description={
        kind === "customer"
          ? "What each customer owes on a date, by how long it has been due. Payments settle the oldest charges first."
          : "What is owed to each supplier on a date, by how long it has been due. Payments settle the oldest bills first."
      }
      download={data.ok ? `aging.csv?${query}` : null}
      notices={data.notices}
      filters={{ label: "Aging options", columns: "sm:grid-cols-[14rem_12rem_auto]", fields: options }}
    >
      {data.ok ? <AgingTable report={data.report} kind={kind} locale={organisation.locale} base={base} /> : null}
    </ReportFrame>
  );
}

type Report = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { ok: true }>["report"];

function AgingTable({ report, kind, locale, base }: { report: Report; kind: "customer" | "supplier"; locale: string; base: string }) {
  const amount = (minor: string) => formatAmount(BigInt(minor), report.currency, locale);
  const statement = `from=${report.asOf.slice(0, 4)}-01-01&to=${formatDate(report.asOf, locale)}`;
  const cells = (row: Report["totals"]) => (
    <>
      <AmountCell>{amount(row.currentMinor)}</AmountCell>
      <AmountCell>{amount(row.days1to30Minor)}</AmountCell>
      <AmountCell>{amount(row.days31to60Minor)}</AmountCell>
      <AmountCell>{amount(row.days61to90Minor)}</AmountCell>
      <AmountCell>{amount(row.over90Minor)}</AmountCell>
      <AmountCell className="font-semibold">{amount(row.totalMinor)}</AmountCell>
    </>
  );
  return (
    <div className="card overflow-x-auto">
      <table className="table-basic">
        <caption className="mb-2 text-left text-sm text-slate-600">
          {TITLES[kind]} as of {formatDate(report.asOf, locale)}, in {report.currency}, by days past the due date.{" "}
          {kind === "customer" ? "A customer in credit shows a negative current amount." : "A supplier we have overpaid shows a negative current amount."}
        </caption>
        <thead>
          <tr>
            <th scope="col">{kind === "customer" ? "Customer" : "Supplier"}</th>
            <AmountHeader>Current</AmountHeader>
            <AmountHeader>1–30 days</AmountHeader>
            <AmountHeader>31–60 days</AmountHeader>
            <AmountHeader>61–90 days</AmountHeader>
            <AmountHeader>Over 90 days</AmountHeader>
            <AmountHeader>Total</AmountHeader>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {report.rows.length === 0 ? (
            <tr>
              <td colSpan={7} className="text-slate-500">
                {kind === "customer" ? "No customer owes anything on this date." : "Nothing is owed to any supplier on this date."}
              </td>
            </tr>
          ) : (
            report.rows.map((row) => (
              <tr key={row.partyId}>
                <th scope="row" className="!font-normal">
                  <Link to={`${base}/party-ledger?party=${row.partyId}&${statement}`} className="link">
                    {row.partyName}
                  </Link>
                </th>
                {cells(row)}
              </tr>
            ))
          )}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 font-semibold">
          <tr>
            <th scope="row">Total</th>
            {cells(report.totals)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
