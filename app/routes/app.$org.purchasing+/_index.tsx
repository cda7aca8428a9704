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
  const member = await requireMember(request, params.org, "purchasing:read");
  const { total } = await withTenant(member.actor, (tx) => listParties(tx, "supplier", { pageSize: 1 }));
  return json({ activeSuppliers: total });
}

export default function PurchasingOverview() {
  const { activeSuppliers } = useLoaderData<typeof loader>();
  const { role, organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/purchasing/suppliers`;
  return (
    <>
      <PageHeader
        title="Purchasing"
        description="The suppliers you buy from, and, as purchasing grows, their purchase orders, bills and payments."
      />
      <ul className="grid gap-4 sm:grid-cols-2">
        <PartyOverviewCard title="Suppliers" to={base} addLabel={can(role, "purchasing:write") ? "Add a supplier" : null}>
          {activeSuppliers === 1 ? "1 active supplier" : `${activeSuppliers} active suppliers`}. Contact details, payment terms
          and what you owe each of them.
        </PartyOverviewCard>
      </ul>
    </>
  );
}
