import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LedgerLinesTable, LedgerReportFrame, type LedgerSubject, type LedgerView, ReportDate } from "~/components/report";
import { listAccounts } from "~/modules/ledger/accounts.server";
import { GENERAL_LEDGER_FIELDS } from "~/modules/ledger/reports/filters";
import { generalLedger } from "~/modules/ledger/reports/general-ledger.server";
import { naturalSign } from "~/modules/ledger/reports/movements.server";
import { formatDate } from "~/utils/format";
import { loadLedgerReport } from "~/utils/reports.server";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "General ledger · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadLedgerReport(request, params.org, GENERAL_LEDGER_FIELDS, {
    report: async (tx, filter) => (filter.account ? generalLedger(tx, { ...filter, accountId: filter.account }) : null),
    options: async (tx) => (await listAccounts(tx)).filter((a) => !a.isGroup).map((a) => ({ id: a.id, label: `${a.code} ${a.name}` })),
    sign: (report) => naturalSign(report.account.type),
  });
}

const ACCOUNT: LedgerSubject = {
  report: "general-ledger",
  title: "General ledger",
  description: "The lines of one account over a period, with the running balance.",
  name: "account",
  filterLabel: "Account and period",
  label: "Account",
  placeholder: "Choose an account",
  prompt: "Choose an account to see its lines.",
};

export default function GeneralLedgerReport() {
  const data = useLoaderData<typeof loader>();
  return (
    <LedgerReportFrame data={data} subject={ACCOUNT}>
      {(view) => <AccountLines report={data.report!} view={view} />}
    </LedgerReportFrame>
  );
}

type Report = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;

function AccountLines({ report, view }: { report: Report; view: LedgerView }) {
  const { amount, balance, locale, sign } = view;
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
      <LedgerLinesTable
        report={report}
        column="party"
        caption={
          <>
            Lines of {title} from <ReportDate value={report.from} /> to <ReportDate value={report.to} />, in {report.currency}.{" "}
            {sign === 1n ? "Balances are shown with debits positive." : "Balances are shown with credits positive."}
          </>
        }
        view={view}
      />
    </div>
  );
}
