import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/forms";
import { DateRangeFields, LedgerLinesTable, ReportFilters, ReportHeader, ReportNotices, ReportDate } from "~/components/report";
import { listAccounts } from "~/modules/ledger/accounts.server";
import { GENERAL_LEDGER_FIELDS } from "~/modules/ledger/reports/filters";
import { generalLedger } from "~/modules/ledger/reports/general-ledger.server";
import { naturalSign } from "~/modules/ledger/reports/movements.server";
import { formatAmount, formatDate } from "~/utils/format";
import { loadLedgerReport } from "~/utils/reports.server";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "General ledger · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadLedgerReport(request, params.org, GENERAL_LEDGER_FIELDS, {
    report: async (tx, filter) => (filter.account ? generalLedger(tx, { ...filter, accountId: filter.account }) : null),
    options: async (tx) => (await listAccounts(tx)).filter((a) => !a.isGroup).map((a) => ({ id: a.id, label: `${a.code} ${a.name}` })),
    sign: (report) => naturalSign(report.account.type),
  });
}

export default function GeneralLedgerReport() {
  const data = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  const report = data.report;
  const query = new URLSearchParams({ account: data.values.account, from: data.values.from, to: data.values.to });
  const sign = BigInt(data.sign);
  return (
    <>
      <ReportHeader
        base={base}
        title="General ledger"
        description="The lines of one account over a period, with the running balance."
        download={report ? `${base}/general-ledger.csv?${query}` : null}
      />
      <ReportNotices notices={data.notices} />
      <ReportFilters label="Account and period" columns="sm:grid-cols-[1fr_12rem_12rem_auto]">
        <SelectField
          label="Account"
          name="account"
          defaultValue={data.values.account}
          error={data.errors.account}
          options={[{ value: "", label: "Choose an account" }, ...data.options.map((a) => ({ value: a.id, label: a.label }))]}
        />
        <DateRangeFields values={data.values} errors={data.errors} />
      </ReportFilters>
      {report ? (
        <AccountLines report={report} sign={sign} locale={organisation.locale} slug={organisation.slug} query={query} />
      ) : data.ok ? (
        <p className="card text-slate-700">Choose an account to see its lines.</p>
      ) : null}
    </>
  );
}

type Report = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;

function AccountLines({ report, sign, locale, slug, query }: { report: Report; sign: bigint; locale: string; slug: string; query: URLSearchParams }) {
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
      <LedgerLinesTable
        report={report}
        column="party"
        caption={
          <>
            Lines of {title} from <ReportDate value={report.from} /> to <ReportDate value={report.to} />, in {report.currency}.{" "}
            {sign === 1n ? "Balances are shown with debits positive." : "Balances are shown with credits positive."}
          </>
        }
        amount={amount}
        balance={balance}
        slug={slug}
        query={query}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
