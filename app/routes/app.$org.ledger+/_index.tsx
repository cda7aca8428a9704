import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { LedgerNav } from "~/components/ledger/ledger-nav";
import { SectionLinks } from "~/components/section-links";
import { ledgerSummary } from "~/modules/ledger/drafts.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { todayIn } from "~/utils/dates";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Ledger · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const today = todayIn(member.organisation.timeZone);
  const summary = await withTenant(member.actor, (tx) => ledgerSummary(tx, today));
  return json({ summary, month: today.slice(0, 7) });
}

export default function LedgerOverview() {
  const { summary, month } = useLoaderData<typeof loader>();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger`;
  const sections = [
    { title: "Chart of accounts", to: `${base}/accounts`, text: "The accounts entries post to, grouped by type." },
    { title: "Journal entries", to: `${base}/entries`, text: "Posted entries and open drafts; reverse an entry to correct it." },
    ...(can(role, "ledger:post") ? [{ title: "New journal entry", to: `${base}/entries/new`, text: "A manual entry: accruals, corrections, opening balances." }] : []),
    { title: "Periods", to: `${base}/periods`, text: "Lock a month once its books are closed." },
    { title: "Reports", to: `${base}/reports`, text: "Statements and balances built from the books." },
  ];
  return (
    <>
      <PageHeader title="Ledger" description={`The books of ${organisation.name}, in ${organisation.currency}.`} />
      <LedgerNav />
      {summary.accounts === 0 ? (
        <p className="mb-6 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          This organisation has no chart of accounts yet.{" "}
          <Link to={`${base}/accounts`} className="link">
            Set it up on the chart of accounts page
          </Link>
          .
        </p>
      ) : null}
      <dl className="mb-6 grid gap-4 sm:grid-cols-3">
        <div className="card">
          <dt className="text-sm text-slate-500">Entries posted in {month}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{summary.postedThisMonth}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-500">Open drafts</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{summary.openDrafts}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-500">Current period ({month})</dt>
          <dd className="mt-1 text-2xl font-semibold">{summary.currentPeriodLocked ? "Locked" : "Open"}</dd>
        </div>
      </dl>
      <SectionLinks sections={sections} className="grid gap-4 sm:grid-cols-2" />
    </>
  );
}
