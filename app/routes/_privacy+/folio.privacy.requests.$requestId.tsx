import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FlashMessage } from "~/components/flash-message";
import { PublicLayout } from "~/components/public-layout";
import { RightsRequestDetail } from "~/components/rights-request-detail";
import { DATA_MAP } from "~/data-map.server";
import { RIGHT_LABELS, STATE_LABELS, requestIdParam, teamActionSchema } from "~/modules/privacy/rights-forms";
import { FOLIO_CONTROLLER, rightsRequestDetail, withFolioRights } from "~/modules/privacy/rights-requests.server";
import { useRootData } from "~/root";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { requireFolioAdmin } from "~/utils/folio-admin.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { notFound } from "~/utils/responses.server";
import { rightsRequestDetailJson, runTeamAction } from "~/utils/rights-requests.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.request.reference} · Rights requests to Folio` : "Rights request · Folio" }];

function idOf(params: { requestId?: string }) {
  const parsed = requestIdParam.safeParse(params.requestId);
  if (!parsed.success) throw notFound("There is no such request.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireFolioAdmin(request);
  const id = idOf(params);
  const detail = await withFolioRights((tx) => rightsRequestDetail(tx, DATA_MAP, id, new Date(), "folio")).catch(rethrowAsResponse);
  return json(rightsRequestDetailJson(detail));
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireFolioAdmin(request);
  const id = idOf(params);
  const parsed = parseForm(teamActionSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  const input = parsed.data;
  try {
    const message = await withFolioRights((tx) => runTeamAction(tx, DATA_MAP, input, id, FOLIO_CONTROLLER, null));
    return redirectWithFlash(`/folio/privacy/requests/${id}`, { kind: "success", message });
  } catch (error) {
    return actionFailure(error, {});
  }
}

export default function FolioRightsRequestPage() {
  const { request, found, plan } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const root = useRootData();
  return (
    <PublicLayout narrow={false}>
      <FlashMessage flash={root?.flash ?? null} />
      <p>
        <Link to="/folio/privacy/requests" className="link">
          Rights requests to Folio
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">Request {request.reference}</h1>
      <p className="mb-4 text-slate-600">
        {RIGHT_LABELS[request.right]} · {STATE_LABELS[request.state]}
      </p>
      <RightsRequestDetail request={request} found={found} plan={plan} failure={failure} folio />
    </PublicLayout>
  );
}
