import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField, TextField } from "~/components/forms";
import { agingCsv, agingReport, readReportFilter, csvDownloadRedirect, reportFailure, reportFilename, serialise } from "~/modules/ledger/reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { csvResponse } from "~/utils/csv";
import { todayIn } from "~/utils/dates";
import { formatAmount } from "~/utils/money";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Aging · Folio" }];

const TITLES = { customer: "Receivables aging", supplier: "Payables aging" } as const;

const ROUTE_ID = "routes/app.$org.ledger.reports.aging";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const url = new URL(request.url);
  const read = readReportFilter(url.searchParams, todayIn(member.tenant.timeZone));
  if (read.ok && url.searchParams.get("format") === "csv") {
    const hop = csvDownloadRedirect(url, ROUTE_ID);
    if (hop) return hop;
  }
  if (!read.ok) return json({ ok: false as const, errors: read.errors, values: read.values }, { status: 400 });
  const { asOf, kind } = read.filter;
  const report = await withTenant(member.actor, (tx) => agingReport(tx, { asOf, kind })).catch(reportFailure);
  if (url.searchParams.get("format") === "csv") {
    return csvResponse(agingCsv(report), reportFilename(kind === "customer" ? "receivables-aging" : "payables-aging", asOf));
  }
  return json({ ok: true as const, errors: {} as Record<string, string>, values: read.values, kind, report: serialise(report) });
}

export default function AgingReportPage() {
  const data = useLoaderData<typeof loader>();
  // The CSV's own address opened as a page (its loader answers with the file, which Remix would render as data).
  if (typeof data !== "object" || data === null) return <p className="card">This address is a CSV download; use the report's Download CSV link.</p>;
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  const kind = data.values.kind === "supplier" ? "supplier" : "customer";
  const query = new URLSearchParams({ kind, asOf: data.values.asOf });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to={base} className="link">
          Reports
        </Link>
      </p>
      <PageHeader
        title={TITLES[kind]}
        description={
          kind === "customer"
            ? "What each customer owes on a date, by how long it has been due. Payments settle the oldest charges first."
            : "What is owed to each supplier on a date, by how long it has been due. Payments settle the oldest bills first."
        }
        actions={
          data.ok ? (
            <a href={`?${query}&format=csv`} download className="btn-secondary">
              Download CSV
            </a>
          ) : null
        }
      />
      <Form method="get" aria-label="Aging options" className="card mb-6 grid gap-4 sm:grid-cols-[14rem_12rem_auto]">
        <SelectField
          label="Report"
          name="kind"
          defaultValue={kind}
          options={[
            { value: "customer", label: "Receivables (customers)" },
            { value: "supplier", label: "Payables (suppliers)" },
          ]}
        />
        <TextField label="As of" name="asOf" type="date" defaultValue={data.values.asOf} error={data.errors.asOf} required />
        <div className="flex items-start sm:pt-6">
          <button type="submit" className="btn-primary">
            Show
          </button>
        </div>
      </Form>
      {data.ok ? <AgingTable report={data.report} kind={kind} locale={organisation.locale} base={base} /> : null}
    </>
  );
}

type Report = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { ok: true }>["report"];

function AgingTable({ report, kind, locale, base }: { report: Report; kind: "customer" | "supplier"; locale: string; base: string }) {
  const amount = (minor: string) => formatAmount(BigInt(minor), report.currency, locale);
  const statement = `from=${report.asOf.slice(0, 4)}-01-01&to=${report.asOf}`;
  const cells = (row: Report["totals"]) => (
    <>
      <td className="text-right tabular-nums">{amount(row.currentMinor)}</td>
      <td className="text-right tabular-nums">{amount(row.days1to30Minor)}</td>
      <td className="text-right tabular-nums">{amount(row.days31to60Minor)}</td>
      <td className="text-right tabular-nums">{amount(row.days61to90Minor)}</td>
      <td className="text-right tabular-nums">{amount(row.over90Minor)}</td>
      <td className="text-right tabular-nums font-semibold">{amount(row.totalMinor)}</td>
    </>
  );
  return (
    <div className="card overflow-x-auto">
      <table className="table-basic">
        <caption className="mb-2 text-left text-sm text-slate-600">
          {TITLES[kind]} as of {report.asOf}, in {report.currency}, by days past the due date.{" "}
          {kind === "customer" ? "A customer in credit shows a negative current amount." : "A supplier we have overpaid shows a negative current amount."}
        </caption>
        <thead>
          <tr>
            <th scope="col">{kind === "customer" ? "Customer" : "Supplier"}</th>
            <th scope="col" className="!text-right">
              Current
            </th>
            <th scope="col" className="!text-right">
              1–30 days
            </th>
            <th scope="col" className="!text-right">
              31–60 days
            </th>
            <th scope="col" className="!text-right">
              61–90 days
            </th>
            <th scope="col" className="!text-right">
              Over 90 days
            </th>
            <th scope="col" className="!text-right">
              Total
            </th>
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
