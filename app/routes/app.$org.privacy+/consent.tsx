import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ParentLink } from "~/components/section-links";
import { CONSENT_METHOD_LABELS } from "~/modules/privacy/consent-forms";
import { consentStatistics, consentTotals } from "~/modules/privacy/consent-records.server";
import { getPrivacySettings } from "~/modules/privacy/privacy-settings.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Consent · Privacy · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const data = await withTenant(member.actor, async (tx) => ({
    statistics: await consentStatistics(tx, { timeZone: member.organisation.timeZone, months: 12 }),
    totals: await consentTotals(tx),
    settings: await getPrivacySettings(tx),
  }));
  return json(data);
}

function share(part: number, whole: number) {
  return whole === 0 ? "–" : `${Math.round((part / whole) * 100)}%`;
}

export default function ConsentStatistics() {
  const { statistics, totals, settings } = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const months = [...new Set(statistics.map((row) => row.month))];
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/privacy`}>Privacy</ParentLink>
      <PageHeader
        title="Consent"
        description={`Cookie choices of your public pages' visitors over the last 12 months, by month and method. Banner revision ${settings.bannerRevision}.`}
        actions={
          totals.records > 0 ? (
            <a href={`/app/${organisation.slug}/privacy/consent.csv`} download className="btn-secondary">
              Download consent records (CSV)
            </a>
          ) : null
        }
      />
      {statistics.length === 0 ? (
        <p className="card text-slate-700">No cookie choices in the last 12 months.</p>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="table">
            <caption className="sr-only">Cookie choices per month and method</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Method</th>
                <th scope="col" className="text-right">
                  Choices
                </th>
                <th scope="col" className="text-right">
                  Analytics granted
                </th>
                <th scope="col" className="text-right">
                  Marketing granted
                </th>
              </tr>
            </thead>
            {months.map((month) => {
              const rows = statistics.filter((row) => row.month === month);
              const all = rows.reduce((sum, row) => ({ choices: sum.choices + row.choices, analytics: sum.analytics + row.analytics, marketing: sum.marketing + row.marketing }), {
                choices: 0,
                analytics: 0,
                marketing: 0,
              });
              return (
                <tbody key={month}>
                  {rows.map((row) => (
                    <tr key={row.method}>
                      <th scope="row" className="font-normal">
                        {month}
                      </th>
                      <td>{CONSENT_METHOD_LABELS[row.method]}</td>
                      <td className="text-right tabular-nums">{row.choices}</td>
                      <td className="text-right tabular-nums">{share(row.analytics, row.choices)}</td>
                      <td className="text-right tabular-nums">{share(row.marketing, row.choices)}</td>
                    </tr>
                  ))}
                  <tr className="bg-slate-50 font-semibold">
                    <th scope="row">{month}</th>
                    <td>All methods</td>
                    <td className="text-right tabular-nums">{all.choices}</td>
                    <td className="text-right tabular-nums">{share(all.analytics, all.choices)}</td>
                    <td className="text-right tabular-nums">{share(all.marketing, all.choices)}</td>
                  </tr>
                </tbody>
              );
            })}
          </table>
        </div>
      )}
      <p className="mt-4 text-sm text-slate-600">
        Each choice is kept as a record that cannot be changed or deleted: the proof of consent. {totals.records} records from {totals.visitors} visitors
        in all.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
