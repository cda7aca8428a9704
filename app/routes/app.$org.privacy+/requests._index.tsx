import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FilterForm } from "~/components/filter-form";
import { IgnoredParametersNotice, SelectField } from "~/components/forms";
import { ParentLink } from "~/components/section-links";
import { RIGHT_LABELS, STATE_LABELS, queueFilterSchema } from "~/modules/privacy/rights-forms";
import { listRightsRequests } from "~/modules/privacy/rights-requests.server";
import { REQUEST_STATES, RIGHTS } from "~/modules/privacy/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { readQuery } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Rights requests · Privacy · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const { query, ignored } = readQuery(request, queueFilterSchema);
  const rows = await withTenant(member.actor, (tx) => listRightsRequests(tx, query));
  return json({ ignored, requests: rows.map((r) => ({ ...r, dueAt: r.dueAt?.toISOString().slice(0, 10) ?? null, createdAt: r.createdAt.toISOString().slice(0, 10) })) });
}

export default function RightsRequestQueue() {
  const { requests, ignored } = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const [searchParams] = useSearchParams();
  const base = `/app/${organisation.slug}/privacy/requests`;
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/privacy`}>Privacy</ParentLink>
      <PageHeader
        title="Rights requests"
        description={`Requests from the people in your records, due one calendar month after they confirmed their address. Your public rights page: /o/${organisation.slug}/rights`}
      />
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm label="Rights requests" submitLabel="Filter" className="sm:grid-cols-2 lg:grid-cols-[repeat(3,1fr)_auto]">
        <SelectField
          label="State"
          name="state"
          defaultValue={searchParams.get("state") ?? ""}
          options={[{ value: "", label: "Any confirmed request" }, ...REQUEST_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))]}
        />
        <SelectField label="Right" name="right" defaultValue={searchParams.get("right") ?? ""} options={[{ value: "", label: "Any right" }, ...RIGHTS.map((r) => ({ value: r, label: RIGHT_LABELS[r] }))]} />
        <SelectField
          label="Due"
          name="due"
          defaultValue={searchParams.get("due") ?? ""}
          options={[
            { value: "", label: "Any time" },
            { value: "overdue", label: "Overdue" },
            { value: "week", label: "Due in 7 days" },
          ]}
        />
      </FilterForm>
      <div className="card overflow-x-auto p-0">
        <DataTable caption="Rights requests" columns={["Reference", "Right", "Requester", "State", "Due"]} rows={requests} rowKey={(r) => r.id} empty="No requests match.">
          {(r) => (
            <>
              <th scope="row">
                <Link to={`${base}/${r.id}`} className="link">
                  {r.reference}
                </Link>
              </th>
              <td>{RIGHT_LABELS[r.right]}</td>
              <td>{r.email}</td>
              <td>{STATE_LABELS[r.state]}</td>
              <td>
                {r.dueAt}
                {r.overdue ? <span className="ml-2 rounded bg-red-100 px-1 text-xs text-red-800">Overdue</span> : null}
                {r.dueSoon ? <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900">Due within 7 days</span> : null}
              </td>
            </>
          )}
        </DataTable>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
