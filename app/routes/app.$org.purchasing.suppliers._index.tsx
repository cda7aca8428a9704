import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField, TextField } from "~/components/forms";
import { partyListQuerySchema } from "~/modules/parties/forms";
import { listSuppliers } from "~/modules/parties/suppliers.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "purchasing:read");
  const query = partyListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await withTenant(member.actor, (tx) => listSuppliers(tx, { search: query.q, status: query.status, page: query.page }));
  return json({
    suppliers: result.rows.map((s) => ({ id: s.id, name: s.name, email: s.email, phone: s.phone, paymentTermsDays: s.paymentTermsDays, isActive: s.isActive })),
    total: result.total,
    page: result.page,
    pageCount: result.pageCount,
  });
}

export default function Suppliers() {
  const { suppliers, total, page, pageCount } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/purchasing/suppliers`;
  const pageLink = (to: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(to));
    return `?${next}`;
  };
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
      <Form method="get" role="search" aria-label="Suppliers" className="card mb-6 grid gap-4 sm:grid-cols-[1fr_12rem_auto]">
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
              <tr>
                <td colSpan={5} className="text-slate-500">
                  No suppliers match.
                </td>
              </tr>
            ) : (
              suppliers.map((supplier) => (
                <tr key={supplier.id}>
                  <th scope="row" className="font-medium">
                    <Link to={`${base}/${supplier.id}`} className="link">
                      {supplier.name}
                    </Link>
                  </th>
                  <td>{supplier.email}</td>
                  <td>{supplier.phone}</td>
                  <td className="tabular-nums">{supplier.paymentTermsDays} days</td>
                  <td>{supplier.isActive ? "Active" : "Inactive"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-4 text-sm">
          <p className="text-slate-600">
            {total === 1 ? "1 supplier" : `${total} suppliers`} · page {page} of {pageCount}
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
