import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField, TextField } from "~/components/forms";
import { listCustomers } from "~/modules/parties/customers.server";
import { partyListQuerySchema } from "~/modules/parties/forms";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:read");
  const query = partyListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
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
    scoped: member.dataScope === "assigned",
  });
}

export default function Customers() {
  const { customers, total, page, pageCount, scoped } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/sales/customers`;
  const pageLink = (to: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(to));
    return `?${next}`;
  };
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
      <Form method="get" role="search" aria-label="Customers" className="card mb-6 grid gap-4 sm:grid-cols-[1fr_12rem_auto]">
        <TextField label="Search name or email" name="q" type="search" defaultValue={searchParams.get("q") ?? ""} />
        <SelectField
          label="Status"
          name="status"
          defaultValue={searchParams.get("status") ?? "active"}
          options={[
            { value: "active", label: "Active" },
            { value: "inactive", label: "Inactive" },
            { value: "all", label: "All" },
          ]}
        />
        <div className="flex items-end">
          <button type="submit" className="btn-secondary w-full">
            Search
          </button>
        </div>
      </Form>
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
              <tr>
                <td colSpan={6} className="text-slate-500">
                  No customers match.
                </td>
              </tr>
            ) : (
              customers.map((customer) => (
                <tr key={customer.id}>
                  <th scope="row" className="font-medium">
                    <Link to={`${base}/${customer.id}`} className="link">
                      {customer.name}
                    </Link>
                  </th>
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
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-4 text-sm">
          <p className="text-slate-600">
            {total === 1 ? "1 customer" : `${total} customers`} · page {page} of {pageCount}
          </p>
          <div className="flex gap-3">
            {page > 1 ? (
              <Link to={pageLink(page - 1)} className="link">
                Previous page
              </Link>
            ) : null}
            {page < pageCount ? (
              <Link to={pageLink(page + 1)} className="link">
                Next page
              </Link>
            ) : null}
          </div>
        </nav>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
