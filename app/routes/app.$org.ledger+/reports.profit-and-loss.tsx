import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AmountCell, AmountHeader, DateRangeFields, ReportFrame, SectionRows } from "~/components/report";
import { RANGE_FIELDS } from "~/modules/ledger/reports/filters";
import { profitAndLoss } from "~/modules/ledger/reports/profit-and-loss.server";
import { formatAmount, formatDate } from "~/utils/format";
import { loadReport } from "~/utils/reports.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Profit and loss · Folio" }];

export const loader = ({ request, params }: LoaderFunctionArgs) => loadReport(request, params.org, RANGE_FIELDS, profitAndLoss);

export default function ProfitAndLossReport() {
  const data = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const range = new URLSearchParams({ from: data.values.from, to: data.values.to });
  return (
    <ReportFrame
      title="Profit and loss"
      description="Income and expenses over a period, grouped as in the chart of accounts, and the net profit."
      download={data.ok ? `profit-and-loss.csv?${range}` : null}
      notices={data.notices}
      filters={{ label: "Report period", columns: "sm:grid-cols-[12rem_12rem_auto]", fields: <DateRangeFields values={data.values} errors={data.errors} /> }}
    >
      {data.ok ? <Statement report={data.report} locale={organisation.locale} /> : null}
    </ReportFrame>
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
            <AmountHeader>Amount</AmountHeader>
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
