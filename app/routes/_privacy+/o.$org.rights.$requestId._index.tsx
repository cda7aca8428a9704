import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, TextField } from "~/components/forms";
import { OrganisationPublicLayout } from "~/components/organisation-public-layout";
import { RIGHT_LABELS, STATE_LABELS, codeSchema, requestIdParam } from "~/modules/privacy/rights-forms";
import { requestStatus, resendRightsRequestCode, unlessRefused, verifyRightsRequest } from "~/modules/privacy/rights-requests.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { publicOrganisation } from "~/utils/public-organisation.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction = () => [{ title: "Your privacy request" }];

function idOf(params: { requestId?: string }) {
  const parsed = requestIdParam.safeParse(params.requestId);
  if (!parsed.success) throw notFound("There is no such request.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, actor } = await publicOrganisation(request, params.org);
  const id = idOf(params);
  const status = await withTenant(actor, (tx) => requestStatus(tx, id)).catch(rethrowAsResponse);
  return json({ organisation, status: { ...status, dueAt: status.dueAt?.toISOString().slice(0, 10) ?? null } });
}

type ActionData = (FormFailure & { outcome?: undefined }) | { outcome: "resent" };

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, actor } = await publicOrganisation(request, params.org);
  const id = idOf(params);
  const parsed = parseForm(codeSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  try {
    if (parsed.data.intent === "resend") {
      await withTenant(actor, (tx) => resendRightsRequestCode(tx, { id, organisation }));
      return json<ActionData>({ outcome: "resent" });
    }
    unlessRefused(await withTenant(actor, (tx) => verifyRightsRequest(tx, { id, code: parsed.data.code, organisation })));
    return json({ outcome: "verified" as const });
  } catch (error) {
    return actionFailure(error, { code: "" });
  }
}

export default function RightsRequestStatus() {
  const { organisation, status } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const failure = data && !data.outcome ? data : undefined;
  return (
    <OrganisationPublicLayout organisation={organisation}>
      <h1 className="text-3xl font-bold">Your privacy request</h1>
      <p className="mt-2 text-slate-700">{RIGHT_LABELS[status.right]}</p>
      {status.state === "unverified" ? (
        <section aria-labelledby="code-heading" className="card mt-6 max-w-xl space-y-4">
          <h2 id="code-heading" className="text-xl font-semibold">
            Enter the code we sent you
          </h2>
          <p className="text-slate-700">If the address you gave is yours, a 6-digit code is on its way to it. It is valid for 15 minutes.</p>
          {data?.outcome === "resent" ? <p role="status">We sent a new code.</p> : null}
          <Form method="post" className="space-y-4" noValidate>
            {failure?.formError ? <FormError message={failure.formError} /> : null}
            <TextField label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} error={failure?.errors?.code} required />
            <div className="flex gap-3">
              <button type="submit" name="intent" value="verify" className="btn-primary">
                Confirm
              </button>
              <button type="submit" name="intent" value="resend" className="btn-secondary">
                Send a new code
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <section aria-labelledby="status-heading" className="card mt-6 max-w-xl space-y-2" role="status">
          <h2 id="status-heading" className="text-xl font-semibold">
            {STATE_LABELS[status.state]}
          </h2>
          <p>
            Your reference: <strong>{status.reference}</strong>
          </p>
          {status.dueAt ? (
            <p>
              We will answer by <strong>{status.dueAt}</strong>. We write to you by email at every step.
            </p>
          ) : null}
          {status.packageExpiresAt ? (
            <p>
              <Link to="package" className="link">
                Download your data
              </Link>
            </p>
          ) : null}
        </section>
      )}
    </OrganisationPublicLayout>
  );
}
