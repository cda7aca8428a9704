import { json, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { PublicLayout } from "~/components/public-layout";
import { db } from "~/db.server";
import { getAuthenticated } from "~/modules/identity/session.server";
import { hitRateLimit } from "~/modules/platform/rate-limit.server";
import { consentChoiceSchema, grantedCategories } from "~/modules/privacy/consent-forms";
import { cookieSettingsPath, siteForField } from "~/modules/privacy/consent-sites.server";
import { submitConsentChoice } from "~/modules/privacy/consent.server";
import { parseForm } from "~/utils/forms";
import { readFormData } from "~/utils/form-responses.server";
import { clientIp, safeRedirectTarget } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Cookie choice · Folio" }];

/** Generous: a person clicks a few times; a script hammering the records does not get far. */
const CONSENT_POSTS = { limit: 60, windowSeconds: 60, blockSeconds: 60 };

interface ConsentFailure {
  message: string;
  returnTo: string;
}

function failure(message: string, returnTo: string, status: number) {
  return json<ConsentFailure>({ message, returnTo }, { status });
}

/**
 * A cookie choice from the banner or a cookie settings page (a plain form post, so it works without
 * JavaScript): validated, recorded with the current state in one transaction, the consent id kept in the site's
 * signed cookie, cookies of refused categories expired, and back to the page it came from.
 */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const backTo = safeRedirectTarget(formData.get("returnTo"), "/cookies");
  const parsed = parseForm(consentChoiceSchema, formData);
  if (!parsed.ok) {
    const { returnTo: badReturnTo, ...fieldErrors } = parsed.errors;
    const message = Object.values(fieldErrors)[0] ?? (badReturnTo ? "The page to return to is not an address of this site." : "This cookie choice could not be understood.");
    return failure(`Your cookie choice was not saved. ${message}`, backTo, 400);
  }
  const site = await siteForField(parsed.data.site);
  if (!site) return failure("Your cookie choice was not saved. Unknown site: there are no such organisation pages.", backTo, 400);

  const ip = clientIp(request);
  if (ip && (await hitRateLimit(db(), `consent:ip:${ip}`, CONSENT_POSTS)).blockedUntil) {
    return failure("Your cookie choice was not saved: too many choices from your network within a minute. Try again shortly.", backTo, 429);
  }

  const authenticated = await getAuthenticated(request);
  const returnTo = safeRedirectTarget(parsed.data.returnTo ?? null, cookieSettingsPath(site));
  const { setCookies } = await submitConsentChoice(request, site, {
    method: parsed.data.choice,
    categories: grantedCategories(parsed.data.choice, parsed.data.categories),
    page: returnTo,
    userId: authenticated?.user.id ?? null,
  });
  const headers = new Headers();
  for (const cookie of setCookies) headers.append("Set-Cookie", cookie);
  return redirect(returnTo, { headers });
}

export default function ConsentRefused() {
  const data = useActionData<typeof action>() as ConsentFailure | undefined;
  return (
    <PublicLayout>
      <h1 className="text-2xl font-bold">Cookie choice not saved</h1>
      <p role="alert" className="mt-3 text-slate-700">
        {data?.message ?? "Make your cookie choice with the buttons of the cookie banner or on the cookie settings page."}
      </p>
      <p className="mt-4 flex gap-4">
        <a href={data?.returnTo ?? "/"} className="link">
          Back to the page
        </a>
        <Link to="/cookies" className="link" reloadDocument>
          Cookie settings
        </Link>
      </p>
    </PublicLayout>
  );
}
