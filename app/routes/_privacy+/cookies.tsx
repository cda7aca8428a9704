import type { MetaFunction } from "@remix-run/node";
import { CookiePreferences, usePageConsent } from "~/components/consent-banner";
import { PublicLayout } from "~/components/public-layout";

export const meta: MetaFunction = () => [{ title: "Cookie settings · Folio" }];

/** Folio's own cookie settings: the consent in force comes with the root loader's data. */
export default function CookieSettings() {
  const consent = usePageConsent();
  return (
    <PublicLayout narrow={false}>
      <div className="max-w-3xl space-y-6">
        <div>
          <h1 className="text-3xl font-bold">Cookie settings</h1>
          <p className="mt-2 text-slate-700">
            These settings are for Folio&apos;s own pages and the Folio app. Organisations&apos; public pages have their own.
          </p>
        </div>
        {consent ? <CookiePreferences consent={consent} /> : null}
      </div>
    </PublicLayout>
  );
}
