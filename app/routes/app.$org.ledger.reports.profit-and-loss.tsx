import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AmountCell, CsvAddressNotice, DateRangeFields, ReportFilters, ReportHeader, SectionRows } from "~/components/report";
import { filterRefusal, profitAndLoss, profitAndLossCsv, reportFailure, reportFilename, serialise } from "~/modules/ledger/reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { csvResponse } from "~/utils/csv";
import { formatAmount, formatDate } from "~/utils/format";
import { readLocalReportRequest } from "~/utils/report-request.server";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Profit and loss · Folio" }];

const ROUTE_ID = "routes/app.$org.ledger.reports.profit-and-loss";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const { csv, read, hop } = readLocalReportRequest(request, member.tenant, ROUTE_ID);
  if (hop) return hop;
  if (!read.ok) return filterRefusal(read);
  const { from, to } = read.filter;
  const report = await withTenant(member.actor, (tx) => profitAndLoss(tx, { from, to })).catch(reportFailure);
  if (csv) return csvResponse(profitAndLossCsv(report), reportFilename("profit-and-loss", from, to));
  return json({ ok: true as const, errors: {} as Record<string, string>, values: read.values, report: serialise(report) });
}

export default function ProfitAndLossReport() {
  const data = useLoaderData<typeof loader>();
  if (typeof data !== "object" || data === null) return <CsvAddressNotice />;
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  const range = new URLSearchParams({ from: data.values.from, to: data.values.to });
  return (
    <>
      <ReportHeader
        base={base}
        title="Profit and loss"
        description="Income and expenses over a period, grouped as in the chart of accounts, and the net profit."
        csvQuery={data.ok ? range : null}
      />
      <ReportFilters label="Report period" columns="sm:grid-cols-[12rem_12rem_auto]">
        <DateRangeFields values={data.values} errors={data.errors} />
      </ReportFilters>
      {data.ok ? <Statement report={data.report} locale={organisation.locale} /> : null}
    </>
  );
}

const sectionId = (title: string) => `section-${title.toLowerCase()}`;

type Report = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { ok: true }>["report"];
function Statement({ report, locale }: { report: Report; locale: string }) {
  const amount = (minor: string) => formatAmount(BigInt(minor), report.currency, locale);
  return (
    <div className="card overflow-x-auto">
      <table className="table-basic">
        <caption className="mb-2 text-left text-sm text-slate-600">
          Profit and loss from {formatDate(report.from, locale)} to {formatDate(report.to, locale)}, in {report.currency}. Income is shown as positive credits, expenses as positive debits.
        </caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col" className="!text-right">
              Amount
            </th>
          </tr>
        </thead>
        <SectionRows section={report.income} amount={amount} emptyText="No income in this period." headingId={sectionId(report.income.title)} />
        <SectionRows section={report.expenses} amount={amount} emptyText="No expenses in this period." headingId={sectionId(report.expenses.title)} />
        <tfoot className="border-t-2 border-slate-300 font-semibold">
          <tr>
            <th scope="row">{BigInt(report.netProfitMinor) < 0n ? "Net loss" : "Net profit"}</th>
            <AmountCell>{amount(report.netProfitMinor)}</AmountCell>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
