import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
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
        <table className="table-basic">
          <caption className="sr-only">Landing pages by title</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Public address</th>
              <th scope="col">Status</th>
              <th scope="col">Visits</th>
              <th scope="col">Leads</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {pages.length === 0 ? (
              <tr>
                <td colSpan={5} className="text-slate-500">
                  No landing pages yet.
                </td>
              </tr>
            ) : (
              pages.map((page) => (
                <tr key={page.id}>
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
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
