import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RightsRequestForm } from "~/components/rights-request-forms";
import { OrganisationPublicLayout } from "~/components/organisation-public-layout";
import { db } from "~/db.server";
import { publicOrganisation } from "~/utils/public-organisation.server";
import { hitRateLimit } from "~/modules/platform/rate-limit.server";
import { rightsRequestSchema } from "~/modules/privacy/rights-forms";
import { fileRightsRequest } from "~/modules/privacy/rights-requests.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { memberContext } from "~/modules/tenancy/guards.server";
import { actionFailure } from "~/utils/errors.server";
import { badRequest, readFormData, tooManyRequests } from "~/utils/form-responses.server";
import { parseForm, type FormFailure } from "~/utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Your privacy rights · ${data.organisation.name}` : "Your privacy rights" }];

/** The signed-in user with a verified address, whose requests about that address need no code. */
async function signedInUser(request: Request) {
  const { authenticated } = await memberContext(request);
  return authenticated?.user.emailVerified ? { id: authenticated.user.id, email: authenticated.user.email.toLowerCase() } : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await publicOrganisation(request, params.org);
  const user = await signedInUser(request);
  return json({ organisation, signedInEmail: user?.email ?? null });
}

const FILINGS = { limit: 20, windowSeconds: 3600, blockSeconds: 3600 };

export async function action({ request, params }: ActionFunctionArgs) {
  const { tenant, organisation, actor } = await publicOrganisation(request, params.org);
  const formData = await readFormData(request);
  const parsed = parseForm(rightsRequestSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  const limited = await hitRateLimit(db(), `rights-request:${tenant.id}:${actor.ip ?? "unknown"}`, FILINGS);
  if (limited.blockedUntil) return tooManyRequests({ values: { email: parsed.data.email, right: parsed.data.right }, formError: "Too many requests from your network. Please try again later." }, limited.blockedUntil);
  try {
    const user = await signedInUser(request);
    const verifiedUserId = user && user.email === parsed.data.email ? user.id : null;
    const filed = await withTenant({ ...actor, userId: verifiedUserId }, (tx) => fileRightsRequest(tx, { tenantId: tenant.id, organisation, input: parsed.data, verifiedUserId }));
    return redirect(`/o/${organisation.slug}/rights/${filed.id}`);
  } catch (error) {
    return actionFailure(error, { right: parsed.data.right, email: parsed.data.email });
  }
}

export default function RightsPage() {
  const { organisation, signedInEmail } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  return (
    <OrganisationPublicLayout organisation={organisation}>
      <h1 className="text-3xl font-bold">Your privacy rights with {organisation.name}</h1>
      <p className="mt-4 max-w-2xl text-slate-700">
        You may ask {organisation.name} for a copy of the data it keeps about you, to correct it, to erase it, to restrict its use, to object to
        marketing, or to receive it in a machine-readable format. We send a 6-digit code to your email address to confirm it is yours; we then
        answer within one calendar month.
      </p>
      {signedInEmail ? (
        <p role="note" className="mt-4 max-w-2xl rounded-md border border-sky-200 bg-sky-50 p-3 text-sky-900">
          You are signed in as {signedInEmail}: a request about this address is confirmed at once, without a code.
        </p>
      ) : null}
      <RightsRequestForm failure={failure} signedInEmail={signedInEmail} />
    </OrganisationPublicLayout>
  );
}
