import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AmountCell, AmountHeader, AsOfField, ReportFrame, SectionRows } from "~/components/report";
import { balanceSheet } from "~/modules/ledger/reports/balance-sheet.server";
import { AS_OF_FIELDS } from "~/modules/ledger/reports/filters";
import { formatAmount, formatDate } from "~/utils/format";
import { loadReport } from "~/utils/reports.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Balance sheet · Folio" }];

export const loader = ({ request, params }: LoaderFunctionArgs) => loadReport(request, params.org, AS_OF_FIELDS, balanceSheet);

export default function BalanceSheetReport() {
  const data = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  return (
    <ReportFrame
      title="Balance sheet"
      description="Assets, liabilities and equity at the end of a day, grouped as in the chart of accounts."
      download={data.ok ? `balance-sheet.csv?${new URLSearchParams({ asOf: data.values.asOf })}` : null}
      notices={data.notices}
      filters={{ label: "Report date", columns: "sm:grid-cols-[12rem_auto]", fields: <AsOfField values={data.values} errors={data.errors} /> }}
    >
      {data.ok ? <Statement report={data.report} locale={organisation.locale} /> : null}
    </ReportFrame>
  );
}

type Report = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { ok: true }>["report"];
function Statement({ report, locale }: { report: Report; locale: string }) {
  const amount = (minor: string) => formatAmount(BigInt(minor), report.currency, locale);
  const balanced = BigInt(report.differenceMinor) === 0n;
  const liabilitiesAndEquity = (BigInt(report.totalLiabilitiesMinor) + BigInt(report.totalEquityMinor)).toString();
  return (
    <div className="card overflow-x-auto">
      <p role={balanced ? "status" : "alert"} className={`mb-4 rounded-md border p-3 text-sm ${balanced ? "border-green-200 bg-green-50" : "border-red-200 bg-red-50 text-red-800"}`}>
        Assets {amount(report.totalAssetsMinor)} {balanced ? "=" : "≠"} liabilities {amount(report.totalLiabilitiesMinor)} + equity{" "}
        {amount(report.totalEquityMinor)}
        {balanced ? ": the balance sheet balances." : `: a difference of ${amount(report.differenceMinor)}. Please report this; posted entries always balance.`}
      </p>
      <table className="table-basic">
        <caption className="mb-2 text-left text-sm text-slate-600">
          Balance sheet at the end of {formatDate(report.asOf, locale)}, in {report.currency}. Assets are shown as positive debits, liabilities and equity as positive
          credits. Earnings not yet closed are all income minus all expenses up to this date, as no year has been closed into equity.
        </caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <AmountHeader>Amount</AmountHeader>
          </tr>
        </thead>
        <SectionRows section={report.assets} amount={amount} emptyText="Nothing at this date." />
        <SectionRows section={report.liabilities} amount={amount} emptyText="Nothing at this date." />
        <SectionRows section={report.equity} amount={amount} emptyText="Nothing at this date." />
        <tfoot className="border-t-2 border-slate-300 font-semibold">
          <tr>
            <th scope="row">Total liabilities and equity</th>
            <AmountCell>{amount(liabilitiesAndEquity)}</AmountCell>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
