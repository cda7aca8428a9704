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
import { partyLedger, partyLedgerCsv, partySign, reportFailure, reportFilename, serialise } from "~/modules/ledger/reports.server";
import { listPartyOptions } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { csvResponse } from "~/utils/csv";
import { formatAmount, formatDate } from "~/utils/format";
import { readLocalReportRequest } from "~/utils/report-request.server";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Party ledger · Folio" }];

const ROUTE_ID = "routes/app.$org.ledger.reports.party-ledger";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const { csv, read, hop } = readLocalReportRequest(request, member.tenant, ROUTE_ID);
  if (hop) return hop;
  const { parties, report } = await withTenant(member.actor, async (tx) => {
    const parties = (await listPartyOptions(tx)).map((p) => ({ id: p.id, label: `${p.name} (${p.kind})` }));
    const report =
      read.ok && read.filter.party
        ? await partyLedger(tx, { partyId: read.filter.party, from: read.filter.from, to: read.filter.to, cursor: read.filter.cursor, pageSize: csv ? null : undefined })
        : null;
    return { parties, report };
  }).catch(reportFailure);
  if (!read.ok) return json({ ok: false as const, errors: read.errors, values: read.values, parties, report: null, sign: "1" }, { status: 400 });
  if (csv) {
    if (!report) {
      return json({ ok: false as const, errors: { party: "Choose a customer or supplier to export." } as Record<string, string>, values: read.values, parties, report: null, sign: "1" }, { status: 400 });
    }
    return csvResponse(partyLedgerCsv(report), reportFilename(`${report.party.kind}-statement`, report.from, report.to));
  }
  // A party no longer active still has a statement: keep it choosable when it is the one shown.
  if (report && !parties.some((p) => p.id === report.party.id)) parties.push({ id: report.party.id, label: `${report.party.name} (${report.party.kind})` });
  return json({
    ok: true as const,
    errors: {} as Record<string, string>,
    values: read.values,
    parties,
    report: report ? serialise(report) : null,
    sign: report ? String(partySign(report.party.kind)) : "1",
  });
}

export default function PartyLedgerReport() {
  const data = useLoaderData<typeof loader>();
  if (typeof data !== "object" || data === null) return <CsvAddressNotice />;
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  const report = data.report;
  const query = new URLSearchParams({ party: data.values.party, from: data.values.from, to: data.values.to });
  return (
    <>
      <ReportHeader
        base={base}
        title="Party ledger"
        description="A customer's or supplier's statement: their lines on every account over a period, with the running balance."
        csvQuery={report ? query : null}
      />
      <ReportFilters label="Party and period" columns="sm:grid-cols-[1fr_12rem_12rem_auto]">
        <SelectField
          label="Customer or supplier"
          name="party"
          defaultValue={data.values.party}
          error={data.errors.party}
          options={[{ value: "", label: "Choose a customer or supplier" }, ...data.parties.map((p) => ({ value: p.id, label: p.label }))]}
        />
        <DateRangeFields values={data.values} errors={data.errors} />
      </ReportFilters>
      {report ? (
        <PartyTables report={report} sign={BigInt(data.sign)} locale={organisation.locale} slug={organisation.slug} query={query} />
      ) : data.ok ? (
        <p className="card text-slate-700">Choose a customer or supplier to see their statement.</p>
      ) : null}
    </>
  );
}

type Report = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;

function PartyTables({ report, sign, locale, slug, query }: { report: Report; sign: bigint; locale: string; slug: string; query: URLSearchParams }) {
  const amount = (minor: string) => formatAmount(BigInt(minor), report.currency, locale);
  const balance = (minor: string) => formatAmount(sign * BigInt(minor), report.currency, locale);
  const signNote =
    sign === 1n ? "Balances are shown with debits positive: what the customer owes." : "Balances are shown with credits positive: what is owed to the supplier.";
  return (
    <>
      <div className="card mb-6 overflow-x-auto">
        <h2 className="mb-2 text-lg font-semibold">
          {report.party.name} <span className="text-sm font-normal text-slate-500">({report.party.kind})</span>
        </h2>
        <table className="table-basic">
          <caption className="mb-2 text-left text-sm text-slate-600">
            Balances of {report.party.name} by account from {formatDate(report.from, locale)} to {formatDate(report.to, locale)}, in {report.currency}. {signNote}
          </caption>
          <thead>
            <tr>
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
            {report.accounts.length === 0 ? (
              <tr>
                <td colSpan={5} className="text-slate-500">
                  Nothing is posted for this party before or within this period.
                </td>
              </tr>
            ) : (
              report.accounts.map((a) => (
                <tr key={a.accountId}>
                  <th scope="row" className="!font-normal">
                    {a.code} {a.name}
                  </th>
                  <AmountCell>{balance(a.openingMinor)}</AmountCell>
                  <AmountCell>{amount(a.debitMinor)}</AmountCell>
                  <AmountCell>{amount(a.creditMinor)}</AmountCell>
                  <AmountCell>{balance(a.closingMinor)}</AmountCell>
                </tr>
              ))
            )}
          </tbody>
          <tfoot className="border-t-2 border-slate-300 font-semibold">
            <tr>
              <th scope="row">Total</th>
              <AmountCell>{balance(report.openingMinor)}</AmountCell>
              <AmountCell>{amount(report.debitMinor)}</AmountCell>
              <AmountCell>{amount(report.creditMinor)}</AmountCell>
              <AmountCell>{balance(report.closingMinor)}</AmountCell>
            </tr>
          </tfoot>
        </table>
      </div>
      <div className="card overflow-x-auto">
        <table className="table-basic">
          <caption className="mb-2 text-left text-sm text-slate-600">
            Lines of {report.party.name} from {formatDate(report.from, locale)} to {formatDate(report.to, locale)}. {signNote}
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Entry</th>
              <th scope="col">Account</th>
              <th scope="col">Memo</th>
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
                  {line.accountCode} {line.accountName}
                </td>
                <td>
                  {line.memo}
                  {line.description ? <div className="text-xs text-slate-500">{line.description}</div> : null}
                </td>
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
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
