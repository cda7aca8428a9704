import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CookiePreferences, usePageConsent } from "~/components/consent-banner";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OrganisationPublicLayout } from "~/components/organisation-public-layout";
import { db } from "~/db.server";
import { findOrganisationBySlug } from "~/modules/tenancy/organisations.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Cookie settings · ${data.organisation.name}` : "Cookie settings" }];

/** An organisation's public cookie settings: its own banner revision, tools and records (consent from the root loader). */
export async function loader({ params }: LoaderFunctionArgs) {
  const organisation = params.org ? await findOrganisationBySlug(db(), params.org) : undefined;
  if (!organisation || organisation.status !== "active") throw notFound("There are no public pages of this organisation.");
  return json({ organisation: { name: organisation.name, slug: organisation.slug }, regional: { locale: organisation.locale, timeZone: organisation.timeZone } });
}

export default function OrganisationCookieSettings() {
  const { organisation, regional } = useLoaderData<typeof loader>();
  const consent = usePageConsent();
  return (
    <OrganisationPublicLayout organisation={organisation}>
      <div className="max-w-3xl space-y-6">
        <div>
          <h1 className="text-3xl font-bold">Cookie settings</h1>
          <p className="mt-2 text-slate-700">For the public pages of {organisation.name}, hosted by Folio. Folio&apos;s own pages have their own settings.</p>
        </div>
        {consent ? <CookiePreferences consent={consent} regional={regional} /> : null}
      </div>
    </OrganisationPublicLayout>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
