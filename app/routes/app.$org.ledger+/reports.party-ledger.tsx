import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AmountCell, AmountHeader, LedgerLinesTable, LedgerReportFrame, type LedgerSubject, type LedgerView, ReportDate } from "~/components/report";
import { PARTY_LEDGER_FIELDS } from "~/modules/ledger/reports/filters";
import { partySign } from "~/modules/ledger/reports/movements.server";
import { partyLedger } from "~/modules/ledger/reports/party-ledger.server";
import { listPartyOptions } from "~/modules/parties/parties.server";
import { formatDate } from "~/utils/format";
import { loadLedgerReport } from "~/utils/reports.server";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Party ledger · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadLedgerReport(request, params.org, PARTY_LEDGER_FIELDS, {
    report: async (tx, filter) => (filter.party ? partyLedger(tx, { ...filter, partyId: filter.party }) : null),
    options: async (tx, report) => {
      const parties = (await listPartyOptions(tx)).map((p) => ({ id: p.id, label: `${p.name} (${p.kind})` }));
      // A party no longer active still has a statement: keep it choosable when it is the one shown.
      if (report && !parties.some((p) => p.id === report.party.id)) parties.push({ id: report.party.id, label: `${report.party.name} (${report.party.kind})` });
      return parties;
    },
    sign: (report) => partySign(report.party.kind),
  });
}

const PARTY: LedgerSubject = {
  report: "party-ledger",
  title: "Party ledger",
  description: "A customer's or supplier's statement: their lines on every account over a period, with the running balance.",
  name: "party",
  filterLabel: "Party and period",
  label: "Customer or supplier",
  placeholder: "Choose a customer or supplier",
  prompt: "Choose a customer or supplier to see their statement.",
};

export default function PartyLedgerReport() {
  const data = useLoaderData<typeof loader>();
  return (
    <LedgerReportFrame data={data} subject={PARTY}>
      {(view) => <PartyTables report={data.report!} view={view} />}
    </LedgerReportFrame>
  );
}

type Report = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;

function PartyTables({ report, view }: { report: Report; view: LedgerView }) {
  const { amount, balance, locale, sign } = view;
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
              <AmountHeader>Opening</AmountHeader>
              <AmountHeader>Debit</AmountHeader>
              <AmountHeader>Credit</AmountHeader>
              <AmountHeader>Closing</AmountHeader>
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
        <LedgerLinesTable
          report={report}
          column="account"
          caption={
            <>
              Lines of {report.party.name} from <ReportDate value={report.from} /> to <ReportDate value={report.to} />. {signNote}
            </>
          }
          view={view}
        />
      </div>
    </>
  );
}
