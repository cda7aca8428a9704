import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { Pager } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FilterForm } from "~/components/filter-form";
import { IgnoredParametersNotice, SelectField } from "~/components/forms";
import { LEAD_STATUS_LABELS, leadListQuerySchema } from "~/modules/crm/forms";
import { listLandingPageOptions } from "~/modules/crm/landing-pages.server";
import { leadFilterOptions, listLeads } from "~/modules/crm/leads.server";
import { LEAD_STATUSES } from "~/modules/crm/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { readQuery } from "~/utils/forms";
import { formatDateTime } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:read");
  const { query, ignored } = readQuery(request, leadListQuerySchema);
  const filter = { status: query.status, campaign: query.campaign, source: query.source, pageId: query.pageId };
  const { result, options, pages } = await withTenant(member.actor, async (tx) => ({
    result: await listLeads(tx, { ...filter, page: query.page }),
    options: await leadFilterOptions(tx),
    pages: await listLandingPageOptions(tx),
  }));
  return json({
    leads: result.rows.map((l) => ({
      id: l.id,
      name: l.name,
      email: l.email,
      status: l.status,
      source: l.utmSource,
      medium: l.utmMedium,
      campaign: l.utmCampaign,
      page: l.sourcePageTitle,
      owner: l.ownerName,
      createdAt: l.createdAt.toISOString(),
    })),
    total: result.total,
    page: result.page,
    pageCount: result.pageCount,
    options,
    pages,
    ignored,
  });
}

const none = <span className="text-slate-400">(none)</span>;

export default function Leads() {
  const { leads, total, page, pageCount, options, pages, ignored } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/crm/leads`;
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return `?${next}`;
  };
  return (
    <>
      <PageHeader
        title="Leads"
        description="People who left their details on a landing page, with the campaign that brought them."
        actions={
          <a href={`${base}.csv${withParams({ page: null })}`} className="btn-secondary" download>
            Export CSV
          </a>
        }
      />
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm search label="Leads" submitLabel="Filter" className="sm:grid-cols-2 lg:grid-cols-[repeat(4,1fr)_auto]">
        <SelectField
          label="Status"
          name="status"
          defaultValue={searchParams.get("status") ?? ""}
          options={[{ value: "", label: "Any status" }, ...LEAD_STATUSES.map((s) => ({ value: s, label: LEAD_STATUS_LABELS[s] }))]}
        />
        <SelectField
          label="Campaign"
          name="campaign"
          defaultValue={searchParams.get("campaign") ?? ""}
          options={[{ value: "", label: "Any campaign" }, ...options.campaigns.map((c) => ({ value: c, label: c }))]}
        />
        <SelectField
          label="Source"
          name="source"
          defaultValue={searchParams.get("source") ?? ""}
          options={[{ value: "", label: "Any source" }, ...options.sources.map((s) => ({ value: s, label: s }))]}
        />
        <SelectField
          label="Landing page"
          name="pageId"
          defaultValue={searchParams.get("pageId") ?? ""}
          options={[{ value: "", label: "Any landing page" }, ...pages.map((p) => ({ value: p.id, label: p.title }))]}
        />
      </FilterForm>
      <div className="card overflow-x-auto">
        {/* Long emails and campaign names wrap anywhere, so nine columns fit beside the sidebar on a laptop. */}
        <DataTable
          className="table-basic [&_td]:[overflow-wrap:anywhere] [&_th]:[overflow-wrap:anywhere]"
          caption="Leads, newest first"
          columns={["Name", "Email", "Status", "Source", "Medium", "Campaign", "Landing page", "Owner", "Received"]}
          rows={leads}
          rowKey={(lead) => lead.id}
          empty="No leads match."
        >
          {(lead) => (
            <>
              <th scope="row" className="font-medium">
                <Link to={`${base}/${lead.id}`} className="link">
                  {lead.name || lead.email || "Lead"}
                </Link>
              </th>
              <td>{lead.email}</td>
              <td>{LEAD_STATUS_LABELS[lead.status]}</td>
              <td>{lead.source ?? none}</td>
              <td>{lead.medium ?? none}</td>
              <td>{lead.campaign ?? none}</td>
              <td>{lead.page ?? none}</td>
              <td>{lead.owner ?? <span className="text-slate-500">Nobody</span>}</td>
              <td className="whitespace-nowrap">{formatDateTime(lead.createdAt, organisation)}</td>
            </>
          )}
        </DataTable>
        <Pager total={total} page={page} pageCount={pageCount} noun="lead" />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
