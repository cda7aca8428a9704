import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/forms";
import {
  AmountCell,
  CsvAddressNotice,
  DateRangeFields,
  LedgerClosingFoot,
  LedgerEmptyRow,
  LedgerOpeningRow,
  LedgerPager,
  ReportFilters,
  ReportHeader,
} from "~/components/report";
import { listAccounts } from "~/modules/ledger/accounts.server";
import {
  generalLedger,
  generalLedgerCsv,
  naturalSign,
  reportFailure,
  reportFilename,
  serialise,
} from "~/modules/ledger/reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { csvResponse } from "~/utils/csv";
import { formatAmount, formatDate } from "~/utils/format";
import { readLocalReportRequest } from "~/utils/report-request.server";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "General ledger · Folio" }];

const ROUTE_ID = "routes/app.$org.ledger.reports.general-ledger";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const { csv, read, hop } = readLocalReportRequest(request, member.tenant, ROUTE_ID);
  if (hop) return hop;
  const { accounts, report } = await withTenant(member.actor, async (tx) => {
    const accounts = (await listAccounts(tx)).filter((a) => !a.isGroup).map((a) => ({ id: a.id, label: `${a.code} ${a.name}` }));
    const report =
      read.ok && read.filter.account
        ? await generalLedger(tx, { accountId: read.filter.account, from: read.filter.from, to: read.filter.to, cursor: read.filter.cursor, pageSize: csv ? null : undefined })
        : null;
    return { accounts, report };
  }).catch(reportFailure);
  if (!read.ok) return json({ ok: false as const, errors: read.errors, values: read.values, accounts, report: null, sign: "1" }, { status: 400 });
  if (csv) {
    if (!report) return json({ ok: false as const, errors: { account: "Choose an account to export." } as Record<string, string>, values: read.values, accounts, report: null, sign: "1" }, { status: 400 });
    return csvResponse(generalLedgerCsv(report), reportFilename(`general-ledger-${report.account.code}`, report.from, report.to));
  }
  return json({
    ok: true as const,
    errors: {} as Record<string, string>,
    values: read.values,
    accounts,
    report: report ? serialise(report) : null,
    sign: report ? String(naturalSign(report.account.type)) : "1",
  });
}

export default function GeneralLedgerReport() {
  const data = useLoaderData<typeof loader>();
  if (typeof data !== "object" || data === null) return <CsvAddressNotice />;
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  const report = data.report;
  const query = new URLSearchParams({ account: data.values.account, from: data.values.from, to: data.values.to });
  return (
    <>
      <ReportHeader
        base={base}
        title="General ledger"
        description="The lines of one account over a period, with the running balance."
        csvQuery={report ? query : null}
      />
      <ReportFilters label="Account and period" columns="sm:grid-cols-[1fr_12rem_12rem_auto]">
        <SelectField
          label="Account"
          name="account"
          defaultValue={data.values.account}
          error={data.errors.account}
          options={[{ value: "", label: "Choose an account" }, ...data.accounts.map((a) => ({ value: a.id, label: a.label }))]}
        />
        <DateRangeFields values={data.values} errors={data.errors} />
      </ReportFilters>
      {report ? (
        <LedgerTable report={report} sign={BigInt(data.sign)} locale={organisation.locale} slug={organisation.slug} query={query} />
      ) : data.ok ? (
        <p className="card text-slate-700">Choose an account to see its lines.</p>
      ) : null}
    </>
  );
}

type Report = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;

function LedgerTable({ report, sign, locale, slug, query }: { report: Report; sign: bigint; locale: string; slug: string; query: URLSearchParams }) {
  const amount = (minor: string) => formatAmount(BigInt(minor), report.currency, locale);
  const balance = (minor: string) => formatAmount(sign * BigInt(minor), report.currency, locale);
  const title = `${report.account.code} ${report.account.name}`;
  return (
    <div className="card overflow-x-auto">
      <h2 className="mb-2 text-lg font-semibold">{title}</h2>
      <dl className="mb-4 grid gap-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-500">Opening balance {formatDate(report.from, locale)}</dt>
          <dd className="tabular-nums font-semibold">{balance(report.openingMinor)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Debits</dt>
          <dd className="tabular-nums font-semibold">{amount(report.debitMinor)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Credits</dt>
          <dd className="tabular-nums font-semibold">{amount(report.creditMinor)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Closing balance {formatDate(report.to, locale)}</dt>
          <dd className="tabular-nums font-semibold">{balance(report.closingMinor)}</dd>
        </div>
      </dl>
      <table className="table-basic">
        <caption className="mb-2 text-left text-sm text-slate-600">
          Lines of {title} from {formatDate(report.from, locale)} to {formatDate(report.to, locale)}, in {report.currency}.{" "}
          {sign === 1n ? "Balances are shown with debits positive." : "Balances are shown with credits positive."}
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Entry</th>
            <th scope="col">Memo</th>
            <th scope="col">Party</th>
            <th scope="col" className="!text-right">
              Debit
            </th>
            <th scope="col" className="!text-right">
              Credit
            </th>
            <th scope="col" className="!text-right">
              Balance
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          <LedgerOpeningRow report={report} balance={balance} />
          {report.lines.map((line) => (
            <tr key={`${line.entryId}-${line.lineNo}`}>
              <td className="whitespace-nowrap">{formatDate(line.entryDate, locale)}</td>
              <td className="whitespace-nowrap">
                <Link to={`/app/${slug}/ledger/entries/${line.entryId}`} className="link">
                  {line.entryNumber}
                </Link>
              </td>
              <td>
                {line.memo}
                {line.description ? <div className="text-xs text-slate-500">{line.description}</div> : null}
              </td>
              <td>{line.partyName ?? ""}</td>
              <AmountCell>{line.debitMinor !== "0" ? amount(line.debitMinor) : ""}</AmountCell>
              <AmountCell>{line.creditMinor !== "0" ? amount(line.creditMinor) : ""}</AmountCell>
              <AmountCell>{balance(line.balanceMinor)}</AmountCell>
            </tr>
          ))}
          <LedgerEmptyRow shown={report.lines.length === 0} />
        </tbody>
        <LedgerClosingFoot report={report} amount={amount} balance={balance} />
      </table>
      <LedgerPager report={report} query={query} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
