import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
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
  const { query, ignored, dateErrors } = readQuery(request, dateRangeQuerySchema, { dates: { locale: member.tenant.locale, fields: DATE_RANGE_FIELDS } });
  const today = todayIn(member.tenant.timeZone);
  let from = query.from ?? addDays(query.to ?? today, -29);
  let to = query.to ?? today;
  if (from > to) [from, to] = [to, from];
  const rows = await withTenant(member.actor, (tx) => leadSourcesReport(tx, { from, to, timeZone: member.tenant.timeZone }));
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

function TotalsTable({ title, rows, locale, leadsLink }: { title: string; rows: Array<{ value: string | null; leads: number }>; locale: string; leadsLink?: (value: string | null) => string | null }) {
  return (
    <section aria-labelledby={`${title}-heading`} className="card overflow-x-auto">
      <h2 id={`${title}-heading`} className="mb-3 text-lg font-semibold">
        By {title}
      </h2>
      <table className="table-basic">
        <caption className="sr-only">Leads by {title}</caption>
        <thead>
          <tr>
            <th scope="col" className="capitalize">
              {title}
            </th>
            <th scope="col" className="text-right">
              Leads
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={2} className="text-slate-500">
                No leads in this period.
              </td>
            </tr>
          ) : (
            rows.map((row) => {
              const href = leadsLink?.(row.value);
              return (
                <tr key={row.value ?? NONE}>
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
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </section>
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
      <Form method="get" aria-label="Period" className="card mb-6 grid gap-4 sm:grid-cols-[1fr_1fr_auto]">
        <DateField label="From" name="from" locale={organisation.locale} defaultValue={dateErrors.from ? searchParams.get("from") : from} error={dateErrors.from} />
        <DateField label="To" name="to" locale={organisation.locale} defaultValue={dateErrors.to ? searchParams.get("to") : to} error={dateErrors.to} />
        <div className="flex items-end">
          <button type="submit" className="btn-secondary w-full">
            Show
          </button>
        </div>
      </Form>
      <div className="grid gap-6 lg:grid-cols-3">
        <TotalsTable title="source" rows={bySource} locale={organisation.locale} leadsLink={(v) => (v ? `${leads}?source=${encodeURIComponent(v)}` : null)} />
        <TotalsTable title="medium" rows={byMedium} locale={organisation.locale} />
        <TotalsTable title="campaign" rows={byCampaign} locale={organisation.locale} leadsLink={(v) => (v ? `${leads}?campaign=${encodeURIComponent(v)}` : null)} />
      </div>
      <section aria-labelledby="combined-heading" className="card mt-6 overflow-x-auto">
        <h2 id="combined-heading" className="mb-3 text-lg font-semibold">
          By source, medium and campaign
        </h2>
        <table className="table-basic">
          <caption className="sr-only">Leads by source, medium and campaign together</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Medium</th>
              <th scope="col">Campaign</th>
              <th scope="col" className="text-right">
                Leads
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="text-slate-500">
                  No leads in this period.
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={`${row.source}|${row.medium}|${row.campaign}`}>
                  <td>{row.source ?? NONE}</td>
                  <td>{row.medium ?? NONE}</td>
                  <td>{row.campaign ?? NONE}</td>
                  <td className="text-right tabular-nums">{formatInteger(row.leads, organisation.locale)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
