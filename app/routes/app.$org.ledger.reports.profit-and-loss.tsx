import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/forms";
import { profitAndLoss, profitAndLossCsv, readReportFilter, csvDownloadRedirect, reportFailure, reportFilename, serialise } from "~/modules/ledger/reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { csvResponse } from "~/utils/csv";
import { todayIn } from "~/utils/dates";
import { formatAmount } from "~/utils/money";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Profit and loss · Folio" }];

const ROUTE_ID = "routes/app.$org.ledger.reports.profit-and-loss";

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
  const report = await withTenant(member.actor, (tx) => profitAndLoss(tx, { from, to })).catch(reportFailure);
  if (url.searchParams.get("format") === "csv") return csvResponse(profitAndLossCsv(report), reportFilename("profit-and-loss", from, to));
  return json({ ok: true as const, errors: {} as Record<string, string>, values: read.values, report: serialise(report) });
}

export default function ProfitAndLossReport() {
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
        title="Profit and loss"
        description="Income and expenses over a period, grouped as in the chart of accounts, and the net profit."
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
      {data.ok ? <Statement report={data.report} locale={organisation.locale} /> : null}
    </>
  );
}

type Report = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { ok: true }>["report"];
type Section = Report["income"];

function SectionRows({ section, amount, emptyText }: { section: Section; amount: (minor: string) => string; emptyText: string }) {
  const id = `section-${section.title.toLowerCase()}`;
  return (
    <tbody className="divide-y divide-slate-100">
      <tr>
        <th scope="colgroup" colSpan={2} id={id} className="!pt-4 text-base !text-slate-900">
          {section.title}
        </th>
      </tr>
      {section.lines.length === 0 ? (
        <tr>
          <td colSpan={2} className="text-slate-500">
            {emptyText}
          </td>
        </tr>
      ) : null}
      {section.lines.map((line, index) => (
        <tr key={`${line.accountId ?? line.name}-${line.kind}-${index}`} className={line.kind === "total" ? "font-semibold" : undefined}>
          <th scope="row" className={line.kind === "account" ? "!font-normal" : undefined} style={{ paddingLeft: `${0.75 + line.depth * 1.25}rem` }}>
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
  return (
    <div className="card overflow-x-auto">
      <table className="table-basic">
        <caption className="mb-2 text-left text-sm text-slate-600">
          Profit and loss from {report.from} to {report.to}, in {report.currency}. Income is shown as positive credits, expenses as positive debits.
        </caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col" className="!text-right">
              Amount
            </th>
          </tr>
        </thead>
        <SectionRows section={report.income} amount={amount} emptyText="No income in this period." />
        <SectionRows section={report.expenses} amount={amount} emptyText="No expenses in this period." />
        <tfoot className="border-t-2 border-slate-300 font-semibold">
          <tr>
            <th scope="row">{BigInt(report.netProfitMinor) < 0n ? "Net loss" : "Net profit"}</th>
            <td className="text-right tabular-nums">{amount(report.netProfitMinor)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
