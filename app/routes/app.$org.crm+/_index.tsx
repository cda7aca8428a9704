import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionLinks } from "~/components/section-links";
import { listLandingPages } from "~/modules/crm/landing-pages.server";
import { listLeads } from "~/modules/crm/leads.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:read");
  const { newLeads, allLeads, pages } = await withTenant(member.actor, async (tx) => ({
    newLeads: (await listLeads(tx, { status: "new", pageSize: 1 })).total,
    allLeads: (await listLeads(tx, { pageSize: 1 })).total,
    pages: await listLandingPages(tx),
  }));
  return json({ newLeads, allLeads, pages: pages.length, published: pages.filter((p) => p.isPublished).length });
}

export default function CrmOverview() {
  const { newLeads, allLeads, pages, published } = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/crm`;
  const sections = [
    { to: `${base}/leads`, title: "Leads", text: `${allLeads} ${allLeads === 1 ? "lead" : "leads"}, ${newLeads} new. Follow them up, assign an owner, export them.` },
    { to: `${base}/landing-pages`, title: "Landing pages", text: `${pages} ${pages === 1 ? "page" : "pages"}, ${published} published. Public forms that turn visitors into leads.` },
    { to: `${base}/reports/sources`, title: "Lead sources report", text: "Leads by UTM source, medium and campaign over a period." },
  ];
  return (
    <>
      <PageHeader title="CRM" description="Leads from your landing pages and where they came from." />
      <SectionLinks sections={sections} className="grid gap-4 md:grid-cols-3" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
