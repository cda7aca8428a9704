import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AmountCell, AsOfField, CsvAddressNotice, ReportFilters, ReportHeader, SectionRows } from "~/components/report";
import { balanceSheet, balanceSheetCsv, filterRefusal, reportFailure, reportFilename, serialise } from "~/modules/ledger/reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { csvResponse } from "~/utils/csv";
import { formatAmount, formatDate } from "~/utils/format";
import { readLocalReportRequest } from "~/utils/report-request.server";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Balance sheet · Folio" }];

const ROUTE_ID = "routes/app.$org.ledger.reports.balance-sheet";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const { csv, read, hop } = readLocalReportRequest(request, member.tenant, ROUTE_ID);
  if (hop) return hop;
  if (!read.ok) return filterRefusal(read);
  const { asOf } = read.filter;
  const report = await withTenant(member.actor, (tx) => balanceSheet(tx, { asOf })).catch(reportFailure);
  if (csv) return csvResponse(balanceSheetCsv(report), reportFilename("balance-sheet", asOf));
  return json({ ok: true as const, errors: {} as Record<string, string>, values: read.values, report: serialise(report) });
}

export default function BalanceSheetReport() {
  const data = useLoaderData<typeof loader>();
  if (typeof data !== "object" || data === null) return <CsvAddressNotice />;
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  return (
    <>
      <ReportHeader
        base={base}
        title="Balance sheet"
        description="Assets, liabilities and equity at the end of a day, grouped as in the chart of accounts."
        csvQuery={data.ok ? new URLSearchParams({ asOf: data.values.asOf }) : null}
      />
      <ReportFilters label="Report date" columns="sm:grid-cols-[12rem_auto]">
        <AsOfField values={data.values} errors={data.errors} />
      </ReportFilters>
      {data.ok ? <Statement report={data.report} locale={organisation.locale} /> : null}
    </>
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
            <th scope="col" className="!text-right">
              Amount
            </th>
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
