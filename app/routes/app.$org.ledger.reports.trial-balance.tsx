import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/forms";
import {
  readReportFilter,
  csvDownloadRedirect,
  reportFailure,
  reportFilename,
  serialise,
  trialBalance,
  trialBalanceBalances,
  trialBalanceCsv,
} from "~/modules/ledger/reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { csvResponse } from "~/utils/csv";
import { todayIn } from "~/utils/dates";
import { formatAmount } from "~/utils/money";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Trial balance · Folio" }];

const ROUTE_ID = "routes/app.$org.ledger.reports.trial-balance";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const url = new URL(request.url);
  const read = readReportFilter(url.searchParams, todayIn(member.tenant.timeZone));
  if (read.ok && url.searchParams.get("format") === "csv") {
    const hop = csvDownloadRedirect(url, ROUTE_ID);
    if (hop) return hop;
  }
  if (!read.ok) return json({ ok: false as const, errors: read.errors, values: read.values }, { status: 400 });
  const { from, to } = read.filter;
  const report = await withTenant(member.actor, (tx) => trialBalance(tx, { from, to })).catch(reportFailure);
  if (url.searchParams.get("format") === "csv") return csvResponse(trialBalanceCsv(report), reportFilename("trial-balance", from, to));
  return json({ ok: true as const, values: read.values, errors: {} as Record<string, string>, report: serialise(report), balanced: trialBalanceBalances(report.totals) });
}

export default function TrialBalanceReport() {
  const data = useLoaderData<typeof loader>();
  // The CSV's own address opened as a page (its loader answers with the file, which Remix would render as data).
  if (typeof data !== "object" || data === null) return <p className="card">This address is a CSV download; use the report's Download CSV link.</p>;
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  const range = new URLSearchParams({ from: data.values.from, to: data.values.to });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to={base} className="link">
          Reports
        </Link>
      </p>
      <PageHeader
        title="Trial balance"
        description="Every account's opening balance, debits and credits in the period, and closing balance."
        actions={
          data.ok ? (
            <a href={`?${range}&format=csv`} download className="btn-secondary">
              Download CSV
            </a>
          ) : null
        }
      />
      <Form method="get" aria-label="Report period" className="card mb-6 grid gap-4 sm:grid-cols-[12rem_12rem_auto]">
        <TextField label="From" name="from" type="date" defaultValue={data.values.from} error={data.errors.from} required />
        <TextField label="To" name="to" type="date" defaultValue={data.values.to} error={data.errors.to} required />
        <div className="flex items-start sm:pt-6">
          <button type="submit" className="btn-primary">
            Show
          </button>
        </div>
      </Form>
      {data.ok ? <TrialBalanceTable report={data.report} balanced={data.balanced} locale={organisation.locale} base={base} /> : null}
    </>
  );
}

type Report = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { ok: true }>["report"];

function TrialBalanceTable({ report, balanced, locale, base }: { report: Report; balanced: boolean; locale: string; base: string }) {
  const amount = (minor: string) => formatAmount(BigInt(minor), report.currency, locale);
  const range = `from=${report.from}&to=${report.to}`;
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
          Trial balance from {report.from} to {report.to}, in {report.currency}. Balances are shown with debits positive and credits negative.
        </caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Account</th>
            <th scope="col" className="!text-right">
              Opening
            </th>
            <th scope="col" className="!text-right">
              Debit
            </th>
            <th scope="col" className="!text-right">
              Credit
            </th>
            <th scope="col" className="!text-right">
              Closing
            </th>
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
                <td className="text-right tabular-nums">{amount(row.openingMinor)}</td>
                <td className="text-right tabular-nums">{amount(row.debitMinor)}</td>
                <td className="text-right tabular-nums">{amount(row.creditMinor)}</td>
                <td className="text-right tabular-nums">{amount(row.closingMinor)}</td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 font-semibold">
          <tr>
            <td />
            <th scope="row">Total</th>
            <td className="text-right tabular-nums">{amount(report.totals.openingMinor)}</td>
            <td className="text-right tabular-nums">{amount(report.totals.debitMinor)}</td>
            <td className="text-right tabular-nums">{amount(report.totals.creditMinor)}</td>
            <td className="text-right tabular-nums">{amount(report.totals.closingMinor)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
