import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, TextAreaField, TextField } from "~/components/forms";
import { OrganisationPublicLayout } from "~/components/organisation-public-layout";
import { db } from "~/db.server";
import { publicOrganisation } from "~/utils/public-organisation.server";
import { hitRateLimit } from "~/modules/platform/rate-limit.server";
import { RIGHT_LABELS, rightsRequestSchema } from "~/modules/privacy/rights-forms";
import { fileRightsRequest } from "~/modules/privacy/rights-requests.server";
import { RIGHTS } from "~/modules/privacy/schema";
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
  const values = failure?.values ?? {};
  const errors = failure?.errors ?? {};
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
      <Form method="post" className="card mt-6 max-w-2xl space-y-4" noValidate>
        {failure ? <FormError message={failure.formError ?? "Please correct the fields marked below."} /> : null}
        <fieldset>
          <legend className="font-medium">What do you want to do?</legend>
          {errors.right ? (
            <p className="text-sm text-red-700" id="right-error">
              {errors.right}
            </p>
          ) : null}
          <div className="mt-2 space-y-1">
            {RIGHTS.map((right) => (
              <label key={right} className="flex items-center gap-2">
                <input type="radio" name="right" value={right} defaultChecked={values.right === right} aria-describedby={errors.right ? "right-error" : undefined} />
                {RIGHT_LABELS[right]}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField label="Email" name="email" type="email" autoComplete="email" maxLength={254} defaultValue={values.email ?? signedInEmail ?? undefined} error={errors.email} required />
        <TextField label="Name (optional)" name="name" autoComplete="name" maxLength={200} defaultValue={values.name} error={errors.name} />
        <TextField label="Phone (optional)" name="phone" type="tel" autoComplete="tel" maxLength={50} defaultValue={values.phone} error={errors.phone} />
        <TextAreaField
          label="Details (optional)"
          name="description"
          rows={4}
          maxLength={4000}
          hint="For a correction, say what is wrong and what is right."
          defaultValue={values.description}
          error={errors.description}
        />
        <button type="submit" className="btn-primary">
          Send the request
        </button>
      </Form>
    </OrganisationPublicLayout>
  );
}
