import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listBreaches } from "~/modules/privacy/breaches.server";
import { consentTotals } from "~/modules/privacy/consent-records.server";
import { getPrivacySettings } from "~/modules/privacy/privacy-settings.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { formatDateTime } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Privacy · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const { settings, totals, breaches } = await withTenant(member.actor, async (tx) => ({ settings: await getPrivacySettings(tx), totals: await consentTotals(tx), breaches: await listBreaches(tx) }));
  const openBreaches = breaches
    .filter((b) => b.hoursLeft !== null)
    .map((b) => ({ id: b.id, notifyBy: b.notifyBy.toISOString() }))
    .sort((a, b) => a.notifyBy.localeCompare(b.notifyBy));
  return json({ settings, totals, openBreaches });
}

/** A card of the overview: its title links to the page it sums up. */
function OverviewCard({ id, to, title, children }: { id: string; to: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="card space-y-2">
      <h2 id={id} className="text-lg font-semibold">
        <Link to={to} className="link">
          {title}
        </Link>
      </h2>
      {children}
    </section>
  );
}

export default function PrivacyOverview() {
  const { settings, totals, openBreaches } = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/privacy`;
  return (
    <>
      <PageHeader title="Privacy" description="Your public pages' cookie consent, the tools they may load, and your privacy notices." />
      <div className="grid gap-4 md:grid-cols-3">
        <OverviewCard id="privacy-consent" to={`${base}/consent`} title="Consent">
          <p className="text-sm text-slate-700">
            {totals.records === 0
              ? "No visitor of your public pages has made a cookie choice yet."
              : `${totals.records} choices by ${totals.visitors} visitors; the latest ${totals.latest ? formatDateTime(totals.latest, organisation) : ""}.`}
          </p>
          <p className="text-sm text-slate-600">Statistics per month and method, and the records as CSV.</p>
        </OverviewCard>
        <OverviewCard id="privacy-settings" to={`${base}/settings`} title="Settings">
          <p className="text-sm text-slate-700">
            Banner revision {settings.bannerRevision}. Analytics: {settings.analyticsMeasurementId ?? "none"}. Marketing pixel:{" "}
            {settings.marketingPixelId ?? "none"}.
          </p>
          <p className="text-sm text-slate-600">Tools loaded with consent; ask every visitor again.</p>
        </OverviewCard>
        <OverviewCard id="privacy-register" to={`${base}/register`} title="Records of processing">
          <p className="text-sm text-slate-600">Every kind of personal data kept, why, on which basis and for how long; as CSV.</p>
        </OverviewCard>
        <OverviewCard id="privacy-requests" to={`${base}/requests`} title="Rights requests">
          <p className="text-sm text-slate-600">Access, erasure and other requests from the people in your records, with their due dates.</p>
        </OverviewCard>
        <OverviewCard id="privacy-breaches" to={`${base}/breaches`} title="Breaches">
          {openBreaches.length === 0 ? (
            <p className="text-sm text-slate-600">No open breach. Record a suspected one to start the 72-hour clock.</p>
          ) : (
            <p className="text-sm text-red-800">
              {openBreaches.length} open; the next notice to the authority is due by {openBreaches[0].notifyBy.slice(0, 16).replace("T", " ")} UTC.
            </p>
          )}
        </OverviewCard>
        <OverviewCard id="privacy-notices" to={`${base}/notices`} title="Notices">
          <p className="text-sm text-slate-600">The privacy notice of your public pages, with its versions.</p>
        </OverviewCard>
      </div>
      <p className="mt-6 text-sm text-slate-600">
        Visitors choose on your public pages&apos; banner and change their choice at{" "}
        <a href={`/o/${organisation.slug}/cookies`} className="link">
          /o/{organisation.slug}/cookies
        </a>
        .
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
