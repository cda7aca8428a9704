import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CardSection, DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FilterForm } from "~/components/filter-form";
import { DateField, IgnoredParametersNotice } from "~/components/forms";
import { DATE_RANGE_FIELDS, dateRangeQuerySchema } from "~/modules/crm/forms";
import { leadSourcesReport, totalsBy } from "~/modules/crm/leads.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { addDays, todayIn } from "~/utils/dates";
import { formatDate, formatInteger } from "~/utils/format";
import { readQuery } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:read");
  const { query, ignored, dateErrors } = readQuery(request, dateRangeQuerySchema, { dates: { locale: member.organisation.locale, fields: DATE_RANGE_FIELDS } });
  const today = todayIn(member.organisation.timeZone);
  let from = query.from ?? addDays(query.to ?? today, -29);
  let to = query.to ?? today;
  if (from > to) [from, to] = [to, from];
  const rows = await withTenant(member.actor, (tx) => leadSourcesReport(tx, { from, to, timeZone: member.organisation.timeZone }));
  return json({
    from,
    to,
    rows,
    total: rows.reduce((sum, r) => sum + r.leads, 0),
    bySource: totalsBy(rows, "source"),
    byMedium: totalsBy(rows, "medium"),
    byCampaign: totalsBy(rows, "campaign"),
    dateErrors,
    ignored,
  });
}

const NONE = "(none)";

const LEADS_COLUMN = { label: "Leads", className: "text-right" };

function TotalsTable({ title, rows, locale, leadsLink }: { title: string; rows: Array<{ value: string | null; leads: number }>; locale: string; leadsLink?: (value: string | null) => string | null }) {
  return (
    <CardSection id={`${title}-heading`} title={`By ${title}`} className="card overflow-x-auto">
      <DataTable caption={`Leads by ${title}`} columns={[{ label: title, className: "capitalize" }, LEADS_COLUMN]} rows={rows} rowKey={(row) => row.value ?? NONE} empty="No leads in this period.">
        {(row) => {
          const href = leadsLink?.(row.value);
          return (
            <>
              <th scope="row" className="font-medium">
                {href ? (
                  <Link to={href} className="link">
                    {row.value}
                  </Link>
                ) : (
                  row.value ?? NONE
                )}
              </th>
              <td className="text-right tabular-nums">{formatInteger(row.leads, locale)}</td>
            </>
          );
        }}
      </DataTable>
    </CardSection>
  );
}

export default function LeadSourcesReport() {
  const { from, to, rows, total, bySource, byMedium, byCampaign, dateErrors, ignored } = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const [searchParams] = useSearchParams();
  const leads = `/app/${organisation.slug}/crm/leads`;
  return (
    <>
      <PageHeader title="Lead sources" description={`Leads received from ${formatDate(from, organisation.locale)} to ${formatDate(to, organisation.locale)}, by UTM source, medium and campaign: ${formatInteger(total, organisation.locale)} in all.`} />
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm label="Period" submitLabel="Show" className="sm:grid-cols-[1fr_1fr_auto]">
        <DateField label="From" name="from" locale={organisation.locale} defaultValue={dateErrors.from ? searchParams.get("from") : from} error={dateErrors.from} />
        <DateField label="To" name="to" locale={organisation.locale} defaultValue={dateErrors.to ? searchParams.get("to") : to} error={dateErrors.to} />
      </FilterForm>
      <div className="grid gap-6 lg:grid-cols-3">
        <TotalsTable title="source" rows={bySource} locale={organisation.locale} leadsLink={(v) => (v ? `${leads}?source=${encodeURIComponent(v)}` : null)} />
        <TotalsTable title="medium" rows={byMedium} locale={organisation.locale} />
        <TotalsTable title="campaign" rows={byCampaign} locale={organisation.locale} leadsLink={(v) => (v ? `${leads}?campaign=${encodeURIComponent(v)}` : null)} />
      </div>
      <CardSection id="combined-heading" title="By source, medium and campaign" className="card mt-6 overflow-x-auto">
        <DataTable
          caption="Leads by source, medium and campaign together"
          columns={["Source", "Medium", "Campaign", LEADS_COLUMN]}
          rows={rows}
          rowKey={(row) => `${row.source}|${row.medium}|${row.campaign}`}
          empty="No leads in this period."
        >
          {(row) => (
            <>
              <td>{row.source ?? NONE}</td>
              <td>{row.medium ?? NONE}</td>
              <td>{row.campaign ?? NONE}</td>
              <td className="text-right tabular-nums">{formatInteger(row.leads, organisation.locale)}</td>
            </>
          )}
        </DataTable>
      </CardSection>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
