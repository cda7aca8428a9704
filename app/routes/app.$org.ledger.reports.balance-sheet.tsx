import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/forms";
import { balanceSheet, balanceSheetCsv, readReportFilter, csvDownloadRedirect, reportFailure, reportFilename, serialise } from "~/modules/ledger/reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { csvResponse } from "~/utils/csv";
import { todayIn } from "~/utils/dates";
import { formatAmount } from "~/utils/money";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Balance sheet · Folio" }];

const ROUTE_ID = "routes/app.$org.ledger.reports.balance-sheet";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const url = new URL(request.url);
  const read = readReportFilter(url.searchParams, todayIn(member.tenant.timeZone));
  if (read.ok && url.searchParams.get("format") === "csv") {
    const hop = csvDownloadRedirect(url, ROUTE_ID);
    if (hop) return hop;
  }
  if (!read.ok) return json({ ok: false as const, errors: read.errors, values: read.values }, { status: 400 });
  const { asOf } = read.filter;
  const report = await withTenant(member.actor, (tx) => balanceSheet(tx, { asOf })).catch(reportFailure);
  if (url.searchParams.get("format") === "csv") return csvResponse(balanceSheetCsv(report), reportFilename("balance-sheet", asOf));
  return json({ ok: true as const, errors: {} as Record<string, string>, values: read.values, report: serialise(report) });
}

export default function BalanceSheetReport() {
  const data = useLoaderData<typeof loader>();
  // The CSV's own address opened as a page (its loader answers with the file, which Remix would render as data).
  if (typeof data !== "object" || data === null) return <p className="card">This address is a CSV download; use the report's Download CSV link.</p>;
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to={base} className="link">
          Reports
        </Link>
      </p>
      <PageHeader
        title="Balance sheet"
        description="Assets, liabilities and equity at the end of a day, grouped as in the chart of accounts."
        actions={
          data.ok ? (
            <a href={`?${new URLSearchParams({ asOf: data.values.asOf })}&format=csv`} download className="btn-secondary">
              Download CSV
            </a>
          ) : null
        }
      />
      <Form method="get" aria-label="Report date" className="card mb-6 grid gap-4 sm:grid-cols-[12rem_auto]">
        <TextField label="As of" name="asOf" type="date" defaultValue={data.values.asOf} error={data.errors.asOf} required />
        <div className="flex items-start sm:pt-6">
          <button type="submit" className="btn-primary">
            Show
          </button>
        </div>
      </Form>
      {data.ok ? <Statement report={data.report} locale={organisation.locale} /> : null}
    </>
  );
}

type Report = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { ok: true }>["report"];
type Section = Report["assets"];

function SectionRows({ section, amount }: { section: Section; amount: (minor: string) => string }) {
  return (
    <tbody className="divide-y divide-slate-100">
      <tr>
        <th scope="colgroup" colSpan={2} className="!pt-4 text-base !text-slate-900">
          {section.title}
        </th>
      </tr>
      {section.lines.length === 0 ? (
        <tr>
          <td colSpan={2} className="text-slate-500">
            Nothing at this date.
          </td>
        </tr>
      ) : null}
      {section.lines.map((line, index) => (
        <tr key={`${line.accountId ?? line.name}-${line.kind}-${index}`} className={line.kind === "total" ? "font-semibold" : line.kind === "computed" ? "italic" : undefined}>
          <th
            scope="row"
            className={line.kind === "account" || line.kind === "computed" ? "!font-normal" : undefined}
            style={{ paddingLeft: `${0.75 + line.depth * 1.25}rem` }}
          >
            {line.kind === "account" && line.code ? <span className="mr-2 tabular-nums text-slate-500">{line.code}</span> : null}
            {line.name}
          </th>
          <td className="text-right tabular-nums">{line.amountMinor === null ? "" : amount(line.amountMinor)}</td>
        </tr>
      ))}
      <tr className="font-semibold">
        <th scope="row">Total {section.title.toLowerCase()}</th>
        <td className="text-right tabular-nums">{amount(section.totalMinor)}</td>
      </tr>
    </tbody>
  );
}

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
          Balance sheet at the end of {report.asOf}, in {report.currency}. Assets are shown as positive debits, liabilities and equity as positive
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
        <SectionRows section={report.assets} amount={amount} />
        <SectionRows section={report.liabilities} amount={amount} />
        <SectionRows section={report.equity} amount={amount} />
        <tfoot className="border-t-2 border-slate-300 font-semibold">
          <tr>
            <th scope="row">Total liabilities and equity</th>
            <td className="text-right tabular-nums">{amount(liabilitiesAndEquity)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
