import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { PartyOverviewCard } from "~/components/parties/party-list";
import { SalesNav } from "~/components/sales/sales-views";
import { DERIVED_ONLY, KIND_PLURALS, KIND_SLUGS, KINDS_IN_ORDER } from "~/modules/sales/forms";
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

const DESCRIPTIONS: Record<(typeof KINDS_IN_ORDER)[number], string> = {
  quotation: "Offers to customers, made into an order or an invoice with one action.",
  order: "What customers ordered: posting reserves the stock until it is delivered.",
  delivery: "Goods sent against an order, in full or in part: the stock leaves the warehouse.",
  invoice: "Numbered without gaps when posted; receivable, revenue, tax and cost of goods go to the books.",
  credit_note: "Corrections of posted invoices, whole or per line, with the goods back in stock.",
};

export default function SalesOverview() {
  const { activeCustomers, scoped } = useLoaderData<typeof loader>();
  const { role, organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/sales/customers`;
  return (
    <>
      <PageHeader
        title="Sales"
        description="The customers you sell to, their quotations, orders, deliveries, invoices, credit notes and payments."
      />
      <SalesNav />
      <ul className="grid gap-4 sm:grid-cols-2">
        <PartyOverviewCard title="Customers" to={base} addLabel={can(role, "sales:write") ? "Add a customer" : null}>
          {activeCustomers === 1 ? "1 active customer" : `${activeCustomers} active customers`}
          {scoped ? " assigned to you" : ""}. Contact details, payment terms, the salesman who looks after each, and what
          they owe.
        </PartyOverviewCard>
        {KINDS_IN_ORDER.map((kind) => (
          <PartyOverviewCard
            key={kind}
            title={KIND_PLURALS[kind]}
            to={`/app/${organisation.slug}/sales/documents/${KIND_SLUGS[kind]}`}
            addLabel={can(role, "sales:write") && !DERIVED_ONLY.includes(kind) ? `New ${KIND_PLURALS[kind].toLowerCase().replace(/s$/, "")}` : null}
          >
            {DESCRIPTIONS[kind]}
          </PartyOverviewCard>
        ))}
        <PartyOverviewCard title="Price lists" to={`/app/${organisation.slug}/sales/price-lists`} addLabel={null}>
          The default prices and the lists given to particular customers, with quantity breaks and discounts.
        </PartyOverviewCard>
      </ul>
    </>
  );
}
