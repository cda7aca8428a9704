import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AmountCell, AmountHeader, DateRangeFields, ReportFrame } from "~/components/report";
import { RANGE_FIELDS } from "~/modules/ledger/reports/filters";
import { trialBalance, trialBalanceBalances } from "~/modules/ledger/reports/trial-balance.server";
import { formatAmount, formatDate } from "~/utils/format";
import { loadReport } from "~/utils/reports.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Trial balance · Folio" }];

export const loader = ({ request, params }: LoaderFunctionArgs) => loadReport(request, params.org, RANGE_FIELDS, trialBalance, (report) => ({ balanced: trialBalanceBalances(report.totals) }));

export default function TrialBalanceReport() {
  const data = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  const range = new URLSearchParams({ from: data.values.from, to: data.values.to });
  return (
    <ReportFrame
      title="Trial balance"
      description="Every account's opening balance, debits and credits in the period, and closing balance."
      download={data.ok ? `trial-balance.csv?${range}` : null}
      notices={data.notices}
      filters={{ label: "Report period", columns: "sm:grid-cols-[12rem_12rem_auto]", fields: <DateRangeFields values={data.values} errors={data.errors} /> }}
    >
      {data.ok ? <TrialBalanceTable report={data.report} balanced={data.balanced} locale={organisation.locale} base={base} /> : null}
    </ReportFrame>
  );
}

type Report = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { ok: true }>["report"];

function TrialBalanceTable({ report, balanced, locale, base }: { report: Report; balanced: boolean; locale: string; base: string }) {
  const amount = (minor: string) => formatAmount(BigInt(minor), report.currency, locale);
  const range = `from=${formatDate(report.from, locale)}&to=${formatDate(report.to, locale)}`;
  return (
    <div className="card overflow-x-auto">
      {balanced ? (
        <p className="mb-4 text-sm text-slate-600">Debits equal credits, and the opening and closing balances net to zero.</p>
      ) : (
        <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          The trial balance does not balance: debits and credits, or the balances, differ. Please report this; posted entries always balance.
        </p>
      )}
      <table className="table-basic">
        <caption className="mb-2 text-left text-sm text-slate-600">
          Trial balance from {formatDate(report.from, locale)} to {formatDate(report.to, locale)}, in {report.currency}. Balances are shown with debits positive and credits negative.
        </caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Account</th>
            <AmountHeader>Opening</AmountHeader>
            <AmountHeader>Debit</AmountHeader>
            <AmountHeader>Credit</AmountHeader>
            <AmountHeader>Closing</AmountHeader>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {report.rows.length === 0 ? (
            <tr>
              <td colSpan={6} className="text-slate-500">
                Nothing is posted before or within this period.
              </td>
            </tr>
          ) : (
            report.rows.map((row) => (
              <tr key={row.accountId}>
                <td className="tabular-nums">{row.code}</td>
                <th scope="row" className="!font-normal">
                  <Link to={`${base}/general-ledger?account=${row.accountId}&${range}`} className="link">
                    {row.name}
                  </Link>
                </th>
                <AmountCell>{amount(row.openingMinor)}</AmountCell>
                <AmountCell>{amount(row.debitMinor)}</AmountCell>
                <AmountCell>{amount(row.creditMinor)}</AmountCell>
                <AmountCell>{amount(row.closingMinor)}</AmountCell>
              </tr>
            ))
          )}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 font-semibold">
          <tr>
            <td />
            <th scope="row">Total</th>
            <AmountCell>{amount(report.totals.openingMinor)}</AmountCell>
            <AmountCell>{amount(report.totals.debitMinor)}</AmountCell>
            <AmountCell>{amount(report.totals.creditMinor)}</AmountCell>
            <AmountCell>{amount(report.totals.closingMinor)}</AmountCell>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
