import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PublicLayout } from "~/components/public-layout";
import { RightsRequestStatusView } from "~/components/rights-request-forms";
import { RIGHT_LABELS, codeSchema, requestIdParam } from "~/modules/privacy/rights-forms";
import { FOLIO_CONTROLLER, requestStatus, resendRightsRequestCode, unlessRefused, verifyRightsRequest, withFolioRights } from "~/modules/privacy/rights-requests.server";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { parseForm } from "~/utils/forms";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction = () => [{ title: "Your privacy request · Folio" }];

function idOf(params: { requestId?: string }) {
  const parsed = requestIdParam.safeParse(params.requestId);
  if (!parsed.success) throw notFound("There is no such request.");
  return parsed.data;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const id = idOf(params);
  const status = await withFolioRights((tx) => requestStatus(tx, id, "folio")).catch(rethrowAsResponse);
  return json({ status: { ...status, dueAt: status.dueAt?.toISOString().slice(0, 10) ?? null } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = idOf(params);
  const parsed = parseForm(codeSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  try {
    if (parsed.data.intent === "resend") {
      await withFolioRights((tx) => resendRightsRequestCode(tx, { id, organisation: FOLIO_CONTROLLER }));
      return json({ outcome: "resent" as const });
    }
    unlessRefused(await withFolioRights((tx) => verifyRightsRequest(tx, { id, code: parsed.data.code, organisation: FOLIO_CONTROLLER })));
    return json({ outcome: "verified" as const });
  } catch (error) {
    return actionFailure(error, { code: "" });
  }
}

export default function FolioRightsRequestStatus() {
  const { status } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <PublicLayout narrow={false}>
      <h1 className="text-3xl font-bold">Your privacy request to Folio</h1>
      <p className="mt-2 text-slate-700">{RIGHT_LABELS[status.right]}</p>
      <RightsRequestStatusView status={status} data={data as never} />
    </PublicLayout>
  );
}
