import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IgnoredParametersNotice } from "~/components/forms";
import { PartyListEmptyRow, PartyListPager, PartyNameCell, PartySearchForm } from "~/components/parties/party-list";
import { listCustomers } from "~/modules/parties/customers.server";
import { partyListQuerySchema } from "~/modules/parties/forms";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { readQuery } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:read");
  const { query, ignored } = readQuery(request, partyListQuerySchema);
  const result = await withTenant(member.actor, (tx) => listCustomers(tx, { search: query.q, status: query.status, page: query.page }));
  return json({
    customers: result.rows.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      phone: c.phone,
      salesman: c.assignedUserName,
      paymentTermsDays: c.paymentTermsDays,
      isActive: c.isActive,
    })),
    total: result.total,
    page: result.page,
    pageCount: result.pageCount,
    ignored,
    scoped: member.dataScope === "assigned",
  });
}

export default function Customers() {
  const { customers, total, page, pageCount, scoped, ignored } = useLoaderData<typeof loader>();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/sales/customers`;
  return (
    <>
      <PageHeader
        title="Customers"
        description={scoped ? "The customers assigned to you." : "Everyone this organisation sells to."}
        actions={
          can(role, "sales:write") ? (
            <Link to={`${base}/new`} className="btn-primary">
              New customer
            </Link>
          ) : null
        }
      />
      <IgnoredParametersNotice ignored={ignored} />
      <PartySearchForm label="Customers" />
      <div className="card overflow-x-auto">
        <table className="table-basic">
          <caption className="sr-only">Customers by name</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              <th scope="col">Salesman</th>
              <th scope="col">Payment terms</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {customers.length === 0 ? (
              <PartyListEmptyRow colSpan={6}>No customers match.</PartyListEmptyRow>
            ) : (
              customers.map((customer) => (
                <tr key={customer.id}>
                  <PartyNameCell to={`${base}/${customer.id}`} name={customer.name} />
                  <td>{customer.email}</td>
                  <td>{customer.phone}</td>
                  <td>{customer.salesman ?? <span className="text-slate-500">Unassigned</span>}</td>
                  <td className="tabular-nums">{customer.paymentTermsDays} days</td>
                  <td>{customer.isActive ? "Active" : "Inactive"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <PartyListPager total={total} page={page} pageCount={pageCount} noun="customer" />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
