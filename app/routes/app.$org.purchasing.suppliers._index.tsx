import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IgnoredParametersNotice } from "~/components/forms";
import { PartyListEmptyRow, PartyListPager, PartyNameCell, PartySearchForm } from "~/components/parties/party-list";
import { partyListQuerySchema } from "~/modules/parties/forms";
import { listSuppliers } from "~/modules/parties/suppliers.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { readQuery } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "purchasing:read");
  const { query, ignored } = readQuery(request, partyListQuerySchema);
  const result = await withTenant(member.actor, (tx) => listSuppliers(tx, { search: query.q, status: query.status, page: query.page }));
  return json({
    suppliers: result.rows.map((s) => ({ id: s.id, name: s.name, email: s.email, phone: s.phone, paymentTermsDays: s.paymentTermsDays, isActive: s.isActive })),
    total: result.total,
    page: result.page,
    pageCount: result.pageCount,
    ignored,
  });
}

export default function Suppliers() {
  const { suppliers, total, page, pageCount, ignored } = useLoaderData<typeof loader>();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/purchasing/suppliers`;
  return (
    <>
      <PageHeader
        title="Suppliers"
        description="Everyone this organisation buys from."
        actions={
          can(role, "purchasing:write") ? (
            <Link to={`${base}/new`} className="btn-primary">
              New supplier
            </Link>
          ) : null
        }
      />
      <IgnoredParametersNotice ignored={ignored} />
      <PartySearchForm label="Suppliers" />
      <div className="card overflow-x-auto">
        <table className="table-basic">
          <caption className="sr-only">Suppliers by name</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              <th scope="col">Payment terms</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {suppliers.length === 0 ? (
              <PartyListEmptyRow colSpan={5}>No suppliers match.</PartyListEmptyRow>
            ) : (
              suppliers.map((supplier) => (
                <tr key={supplier.id}>
                  <PartyNameCell to={`${base}/${supplier.id}`} name={supplier.name} />
                  <td>{supplier.email}</td>
                  <td>{supplier.phone}</td>
                  <td className="tabular-nums">{supplier.paymentTermsDays} days</td>
                  <td>{supplier.isActive ? "Active" : "Inactive"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <PartyListPager total={total} page={page} pageCount={pageCount} noun="supplier" />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
