import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FilterForm } from "~/components/filter-form";
import { IgnoredParametersNotice, SelectField } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { RIGHT_LABELS, STATE_LABELS, queueFilterSchema } from "~/modules/privacy/rights-forms";
import { listRightsRequests, withFolioRights } from "~/modules/privacy/rights-requests.server";
import { REQUEST_STATES, RIGHTS } from "~/modules/privacy/schema";
import { requireFolioAdmin } from "~/utils/folio-admin.server";
import { readQuery } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Rights requests to Folio · Platform" }];

/** The queue of requests to Folio itself, for Folio's administrators (FOLIO_ADMIN_EMAILS). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireFolioAdmin(request);
  const { query, ignored } = readQuery(request, queueFilterSchema);
  const rows = await withFolioRights((tx) => listRightsRequests(tx, query, new Date(), "folio"));
  return json({ ignored, requests: rows.map((r) => ({ ...r, dueAt: r.dueAt?.toISOString().slice(0, 10) ?? null, createdAt: r.createdAt.toISOString().slice(0, 10) })) });
}

export default function FolioRightsRequestQueue() {
  const { requests, ignored } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <PublicLayout narrow={false}>
      <h1 className="text-2xl font-bold">Rights requests to Folio</h1>
      <p className="mt-1 text-slate-600">
        Requests from Folio&apos;s users and visitors, made on{" "}
        <Link to="/rights" className="link">
          /rights
        </Link>
        , due one calendar month after they confirmed their address.
      </p>
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm label="Rights requests" submitLabel="Filter" className="mt-4 sm:grid-cols-2 lg:grid-cols-[repeat(3,1fr)_auto]">
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
      <div className="card mt-4 overflow-x-auto p-0">
        <DataTable caption="Rights requests" columns={["Reference", "Right", "Requester", "State", "Due"]} rows={requests} rowKey={(r) => r.id} empty="No requests match.">
          {(r) => (
            <>
              <th scope="row">
                <Link to={`/folio/privacy/requests/${r.id}`} className="link">
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
    </PublicLayout>
  );
}
