import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { PartyOverviewCard } from "~/components/parties/party-list";
import { listParties } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:read");
  const { total } = await withTenant(member.actor, (tx) => listParties(tx, "customer", { pageSize: 1 }));
  return json({ activeCustomers: total, scoped: member.dataScope === "assigned" });
}

export default function SalesOverview() {
  const { activeCustomers, scoped } = useLoaderData<typeof loader>();
  const { role, organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/sales/customers`;
  return (
    <>
      <PageHeader
        title="Sales"
        description="The customers you sell to, and, as sales grows, their orders, invoices, credit notes and payments."
      />
      <ul className="grid gap-4 sm:grid-cols-2">
        <PartyOverviewCard title="Customers" to={base} addLabel={can(role, "sales:write") ? "Add a customer" : null}>
          {activeCustomers === 1 ? "1 active customer" : `${activeCustomers} active customers`}
          {scoped ? " assigned to you" : ""}. Contact details, payment terms, the salesman who looks after each, and what
          they owe.
        </PartyOverviewCard>
        <PartyOverviewCard title="Price lists" to={`/app/${organisation.slug}/sales/price-lists`} addLabel={null}>
          The default prices and the lists given to particular customers, with quantity breaks and discounts.
        </PartyOverviewCard>
      </ul>
    </>
  );
}
