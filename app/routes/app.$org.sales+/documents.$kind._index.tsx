import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { FilterForm } from "~/components/filter-form";
import { IgnoredParametersNotice, SelectField } from "~/components/forms";
import { Amount } from "~/components/ledger/ledger-nav";
import { SalesNav, STATUS_LABELS } from "~/components/sales/sales-views";
import { DERIVED_ONLY, documentFilterSchema, KIND_PLURALS, KIND_SLUGS } from "~/modules/sales/forms";
import { listDocuments, type DocumentFilter } from "~/modules/sales/list.server";
import { customerOptions } from "~/modules/sales/options.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { formatDate } from "~/utils/format";
import { readQuery } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";
import { kindFrom } from "~/utils/sales-pages.server";
import { serialise } from "~/utils/serialise";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${KIND_PLURALS[data.kind]} · Folio` : "Sales documents · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:read");
  const kind = kindFrom(params);
  const { query, ignored } = readQuery(request, documentFilterSchema);
  const { page, customers } = await withTenant(member.actor, async (tx) => ({
    page: await listDocuments(tx, { kind, customerId: query.customerId, status: query.status as DocumentFilter["status"], after: query.after }),
    customers: await customerOptions(tx),
  }));
  return json({ kind, rows: serialise(page.rows), next: page.next, customers, query, ignored });
}

const STATUSES: Record<string, string[]> = {
  invoice: ["draft", "unpaid", "partially_paid", "overdue", "paid"],
  other: ["draft", "posted"],
};

export default function DocumentList() {
  const { kind, rows, next, customers, query, ignored } = useLoaderData<typeof loader>();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/sales/documents/${KIND_SLUGS[kind]}`;
  const nextParams = new URLSearchParams();
  if (query.customerId) nextParams.set("customerId", query.customerId);
  if (query.status) nextParams.set("status", query.status);
  if (next) nextParams.set("after", next);
  return (
    <>
      <PageHeader
        title={KIND_PLURALS[kind]}
        actions={
          can(role, "sales:write") && !DERIVED_ONLY.includes(kind) ? (
            <Link to={`${base}/new`} className="btn-primary">
              New {KIND_PLURALS[kind].toLowerCase().replace(/s$/, "")}
            </Link>
          ) : undefined
        }
      />
      <SalesNav />
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm label={`Filter ${KIND_PLURALS[kind].toLowerCase()}`} submitLabel="Filter" className="mb-4 grid gap-3 sm:grid-cols-3">
        <SelectField label="Customer" name="customerId" defaultValue={query.customerId ?? ""} options={[{ value: "", label: "All customers" }, ...customers.map((c) => ({ value: c.id, label: c.name }))]} />
        <SelectField
          label="Status"
          name="status"
          defaultValue={query.status ?? ""}
          options={[{ value: "", label: "Any status" }, ...(STATUSES[kind] ?? STATUSES.other).map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
        />
      </FilterForm>
      <div className="card overflow-x-auto">
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">No {KIND_PLURALS[kind].toLowerCase()} match.</p>
        ) : (
          <table className="table-basic">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Date</th>
                <th scope="col">Customer</th>
                <th scope="col">Status</th>
                <th scope="col" className="text-right">
                  Total
                </th>
                {kind === "invoice" ? (
                  <th scope="col" className="text-right">
                    Outstanding
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`${base}/${row.id}`} className="link">
                      {row.number ?? "Draft"}
                    </Link>
                  </td>
                  <td className="tabular-nums">{formatDate(row.issueDate, organisation.locale)}</td>
                  <td className="break-words">{row.customerName}</td>
                  <td>{STATUS_LABELS[row.shownStatus] ?? row.shownStatus}</td>
                  <td className="text-right tabular-nums">
                    <Amount minor={row.totalMinor} currency={row.currency} />
                  </td>
                  {kind === "invoice" ? (
                    <td className="text-right tabular-nums">
                      <Amount minor={row.outstandingMinor} currency={row.currency} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next ? (
          <p className="mt-4 text-sm">
            <Link to={`?${nextParams.toString()}`} className="link">
              Older {KIND_PLURALS[kind].toLowerCase()}
            </Link>
          </p>
        ) : null}
      </div>
    </>
  );
}
