import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listLandingPages } from "~/modules/crm/landing-pages.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:read");
  const pages = await withTenant(member.actor, (tx) => listLandingPages(tx));
  return json({ pages: pages.map((p) => ({ id: p.id, title: p.title, slug: p.slug, isPublished: p.isPublished, visits: p.visits, leads: p.leads })) });
}

export default function LandingPages() {
  const { pages } = useLoaderData<typeof loader>();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/crm/landing-pages`;
  return (
    <>
      <PageHeader
        title="Landing pages"
        description="Public pages with a form: each visit records its UTM parameters, each submission becomes a lead."
        actions={
          can(role, "crm:write") ? (
            <Link to={`${base}/new`} className="btn-primary">
              New landing page
            </Link>
          ) : null
        }
      />
      <div className="card overflow-x-auto">
        <DataTable caption="Landing pages by title" columns={["Title", "Public address", "Status", "Visits", "Leads"]} rows={pages} rowKey={(page) => page.id} empty="No landing pages yet.">
          {(page) => (
            <>
              <th scope="row" className="font-medium">
                <Link to={`${base}/${page.id}`} className="link">
                  {page.title}
                </Link>
              </th>
              <td>
                {page.isPublished ? (
                  <a href={`/p/${organisation.slug}/${page.slug}`} className="link" target="_blank" rel="noreferrer">
                    /p/{organisation.slug}/{page.slug}
                  </a>
                ) : (
                  <span className="text-slate-500">/p/{organisation.slug}/{page.slug}</span>
                )}
              </td>
              <td>{page.isPublished ? "Published" : "Draft"}</td>
              <td className="tabular-nums">{page.visits}</td>
              <td className="tabular-nums">{page.leads}</td>
            </>
          )}
        </DataTable>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
