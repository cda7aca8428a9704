import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RightsRequestStatusView } from "~/components/rights-request-forms";
import { OrganisationPublicLayout } from "~/components/organisation-public-layout";
import { RIGHT_LABELS, codeSchema, requestIdParam } from "~/modules/privacy/rights-forms";
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
  return (
    <OrganisationPublicLayout organisation={organisation}>
      <h1 className="text-3xl font-bold">Your privacy request</h1>
      <p className="mt-2 text-slate-700">{RIGHT_LABELS[status.right]}</p>
      <RightsRequestStatusView status={status} data={data} />
    </OrganisationPublicLayout>
  );
}
