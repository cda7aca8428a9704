import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, TextField } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { codeSchema, requestIdParam } from "~/modules/privacy/rights-forms";
import { FOLIO_CONTROLLER, requestStatus, resendRightsRequestCode, withFolioRights } from "~/modules/privacy/rights-requests.server";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction = () => [{ title: "Download your data" }];

function idOf(params: { requestId?: string }) {
  const parsed = requestIdParam.safeParse(params.requestId);
  if (!parsed.success) throw notFound("There is no such request.");
  return parsed.data;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const status = await withFolioRights((tx) => requestStatus(tx, idOf(params), "folio")).catch(rethrowAsResponse);
  if (!status.packageExpiresAt) throw notFound("There is no download for this request.");
  const expired = status.packageExpiresAt <= new Date();
  return json({ id: status.id, reference: status.reference, expiresAt: status.packageExpiresAt.toISOString().slice(0, 10), expired }, { status: expired ? 410 : 200 });
}

type ActionData = (FormFailure & { outcome?: undefined }) | { outcome: "sent" };

/** Asks for a code (mailed to the requester); the code is then sent with the download form to package.zip. */
export async function action({ request, params }: ActionFunctionArgs) {
  const id = idOf(params);
  const parsed = parseForm(codeSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  try {
    if (parsed.data.intent === "resend") {
      await withFolioRights((tx) => resendRightsRequestCode(tx, { id, organisation: FOLIO_CONTROLLER }));
      return json<ActionData>({ outcome: "sent" });
    }
    return json<ActionData>({ outcome: "sent" });
  } catch (error) {
    return actionFailure(error, { code: "" });
  }
}

export default function DownloadFolioPackage() {
  const { id, reference, expiresAt, expired } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const failure = data && !data.outcome ? data : undefined;
  return (
    <PublicLayout narrow={false}>
      <h1 className="text-3xl font-bold">Download your data</h1>
      {expired ? (
        <p role="alert" className="mt-4 text-slate-700">
          This download link expired on {expiresAt}. Make a new access request to get your data again.
        </p>
      ) : (
        <section className="card mt-6 max-w-xl space-y-4">
          <p className="text-slate-700">
            Request {reference}. The download is open until {expiresAt}. To protect your data we send a code to your email address first.
          </p>
          {data?.outcome === "sent" ? <p role="status">We sent you a code.</p> : null}
          <Form method="post" noValidate>
            {failure?.formError ? <FormError message={failure.formError} /> : null}
            <button type="submit" name="intent" value="resend" className="btn-secondary">
              Send me a code
            </button>
          </Form>
          <form method="post" action={`/rights/${id}/package.zip`} className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="verify" />
            <TextField label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
            <button type="submit" className="btn-primary">
              Download (zip)
            </button>
          </form>
        </section>
      )}
    </PublicLayout>
  );
}
