import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { requireMember } from "~/modules/tenancy/guards.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Ledger reports · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMember(request, params.org, "ledger:read");
  return json({});
}

const REPORTS = [
  { path: "trial-balance", title: "Trial balance", description: "Opening balance, debits, credits and closing balance of every account over a period." },
  { path: "general-ledger", title: "General ledger", description: "The lines of one account over a period, with the running balance." },
  { path: "party-ledger", title: "Party ledger", description: "A customer's or supplier's statement across the accounts they appear on." },
  { path: "aging?kind=customer", title: "Receivables aging", description: "What customers owe on a date, by days past the due date." },
  { path: "aging?kind=supplier", title: "Payables aging", description: "What is owed to suppliers on a date, by days past the due date." },
  { path: "profit-and-loss", title: "Profit and loss", description: "Income and expenses over a period, and the net profit." },
  { path: "balance-sheet", title: "Balance sheet", description: "Assets, liabilities and equity at the end of a day." },
] as const;

export default function LedgerReports() {
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/reports`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to={`/app/${organisation.slug}/ledger`} className="link">
          Ledger
        </Link>
      </p>
      <PageHeader
        title="Reports"
        description="Financial reports of the general ledger. Each can be filtered by date and downloaded as CSV."
      />
      <ul className="grid gap-4 sm:grid-cols-2">
        {REPORTS.map((report) => (
          <li key={report.path} className="card">
            <h2 className="text-lg font-semibold">
              <Link to={`${base}/${report.path}`} className="link">
                {report.title}
              </Link>
            </h2>
            <p className="mt-1 text-sm text-slate-600">{report.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
