import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PublicLayout } from "~/components/public-layout";
import { RightsRequestForm } from "~/components/rights-request-forms";
import { db } from "~/db.server";
import { hitRateLimit } from "~/modules/platform/rate-limit.server";
import { rightsRequestSchema } from "~/modules/privacy/rights-forms";
import { FOLIO_CONTROLLER, fileRightsRequest, withFolioRights } from "~/modules/privacy/rights-requests.server";
import { memberContext } from "~/modules/tenancy/guards.server";
import { actionFailure } from "~/utils/errors.server";
import { badRequest, readFormData, tooManyRequests } from "~/utils/form-responses.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Your privacy rights · Folio" }];

/*
 * Folio's own rights page, for the people whose data Folio itself keeps (its users and the visitors of its site):
 * the same operations as an organisation's page (/o/:org/rights), on Folio's own requests.
 */

async function signedInUser(request: Request) {
  const { authenticated } = await memberContext(request);
  return authenticated?.user.emailVerified ? { id: authenticated.user.id, email: authenticated.user.email.toLowerCase() } : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await signedInUser(request);
  return json({ signedInEmail: user?.email ?? null });
}

const FILINGS = { limit: 20, windowSeconds: 3600, blockSeconds: 3600 };

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const parsed = parseForm(rightsRequestSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  const { ip } = requestMeta(request);
  const limited = await hitRateLimit(db(), `rights-request:folio:${ip ?? "unknown"}`, FILINGS);
  if (limited.blockedUntil) return tooManyRequests({ values: { email: parsed.data.email, right: parsed.data.right }, formError: "Too many requests from your network. Please try again later." }, limited.blockedUntil);
  try {
    const user = await signedInUser(request);
    const verifiedUserId = user && user.email === parsed.data.email ? user.id : null;
    const filed = await withFolioRights((tx) => fileRightsRequest(tx, { tenantId: null, organisation: FOLIO_CONTROLLER, input: parsed.data, verifiedUserId }));
    return redirect(`/rights/${filed.id}`);
  } catch (error) {
    return actionFailure(error, { right: parsed.data.right, email: parsed.data.email });
  }
}

export default function FolioRightsPage() {
  const { signedInEmail } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  return (
    <PublicLayout narrow={false}>
      <h1 className="text-3xl font-bold">Your privacy rights with Folio</h1>
      <p className="mt-4 max-w-2xl text-slate-700">
        Folio keeps data about the people who have an account and about the visitors of its own pages. You may ask Folio for a copy of it, to
        correct it, to erase it, to restrict its use, to object, or to receive it in a machine-readable format. We send a 6-digit code to your
        email address to confirm it is yours; we then answer within one calendar month. For the data an organisation keeps about you, use that
        organisation&apos;s own rights page.
      </p>
      {signedInEmail ? (
        <p role="note" className="mt-4 max-w-2xl rounded-md border border-sky-200 bg-sky-50 p-3 text-sky-900">
          You are signed in as {signedInEmail}: a request about this address is confirmed at once, without a code.
        </p>
      ) : null}
      <RightsRequestForm failure={failure} signedInEmail={signedInEmail} />
    </PublicLayout>
  );
}
