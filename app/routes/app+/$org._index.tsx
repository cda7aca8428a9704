import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReorderList } from "~/components/inventory/reorder-list";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { reorderList } from "~/modules/inventory/stock-reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { listMembers } from "~/modules/tenancy/members.server";
import { can, ROLE_LABELS } from "~/modules/tenancy/permissions";
import { formatDateTime, formatInteger } from "~/utils/format";
import { reorderRows } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "org:read");
  return withTenant(member.actor, async (tx) => {
    const members = await listMembers(tx);
    const recent = can(member.role, "audit:read") ? (await listAuditEvents(tx, { limit: 5 })).events : null;
    // Items at or below their reorder level: the first few, the rest on the reorder report.
    const reorder = can(member.role, "inventory:read")
      ? await reorderList(tx, { limit: 5 })
      : null;
    return json({
      memberCount: members.length,
      reorder: reorder ? { rows: reorderRows(reorder.rows), more: reorder.next !== null } : null,
      recent: recent?.map((e) => ({ id: e.id, action: e.action, actor: e.actorLabel, occurredAt: e.occurredAt.toISOString() })) ?? null,
    });
  });
}

export default function Dashboard() {
  const { memberCount, recent, reorder } = useLoaderData<typeof loader>();
  const shell = useOrganisation();
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome, ${shell.user.name}. You are ${ROLE_LABELS[shell.role].toLowerCase()} of ${shell.organisation.name}.`} />
      <dl className="grid gap-4 sm:grid-cols-3">
        <div className="card">
          <dt className="text-sm text-slate-500">Members</dt>
          <dd className="mt-1 text-2xl font-semibold">{formatInteger(memberCount, shell.organisation.locale)}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-500">Currency</dt>
          <dd className="mt-1 text-2xl font-semibold">{shell.organisation.currency}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-500">Time zone</dt>
          <dd className="mt-1 text-2xl font-semibold">{shell.organisation.timeZone}</dd>
        </div>
      </dl>
      {reorder && reorder.rows.length > 0 ? (
        <div className="mt-6">
          <ReorderList rows={reorder.rows} more={reorder.more} />
        </div>
      ) : null}
      {recent ? (
        <section aria-labelledby="recent-activity" className="card mt-6">
          <div className="flex items-center justify-between">
            <h2 id="recent-activity" className="text-lg font-semibold">
              Recent activity
            </h2>
            <Link to="settings/audit" className="link text-sm">
              Full audit trail
            </Link>
          </div>
          <ul className="mt-3 divide-y divide-slate-100">
            {recent.map((event) => (
              <li key={event.id} className="py-2 text-sm">
                <span className="font-medium">{event.action}</span> by {event.actor}{" "}
                <span className="text-slate-500">· {formatDateTime(event.occurredAt, shell.organisation)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
