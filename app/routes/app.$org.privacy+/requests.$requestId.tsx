import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RightsRequestDetail } from "~/components/rights-request-detail";
import { ParentLink } from "~/components/section-links";
import { DATA_MAP } from "~/data-map.server";
import { RIGHT_LABELS, STATE_LABELS, requestIdParam, teamActionSchema } from "~/modules/privacy/rights-forms";
import { rightsRequestDetail } from "~/modules/privacy/rights-requests.server";
import { rightsRequestDetailJson, runTeamAction } from "~/utils/rights-requests.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { notFound } from "~/utils/responses.server";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.request.reference} · Rights requests · Folio` : "Rights request · Folio" }];

function idOf(params: { requestId?: string }) {
  const parsed = requestIdParam.safeParse(params.requestId);
  if (!parsed.success) throw notFound("There is no such request in this organisation.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const detail = await withTenant(member.actor, (tx) => rightsRequestDetail(tx, DATA_MAP, idOf(params))).catch(rethrowAsResponse);
  return json(rightsRequestDetailJson(detail));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const id = idOf(params);
  const parsed = parseForm(teamActionSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  const organisation = { name: member.organisation.name, slug: member.organisation.slug };
  const input = parsed.data;
  try {
    const message = await withTenant(member.actor, (tx) => runTeamAction(tx, DATA_MAP, input, id, organisation, member.organisation.id));
    return redirectWithFlash(`/app/${member.organisation.slug}/privacy/requests/${id}`, { kind: "success", message });
  } catch (error) {
    return actionFailure(error, {});
  }
}

export default function RightsRequestPage() {
  const { request, found, plan, records } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const { organisation } = useOrganisation();
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/privacy/requests`}>Rights requests</ParentLink>
      <PageHeader title={`Request ${request.reference}`} description={`${RIGHT_LABELS[request.right]} · ${STATE_LABELS[request.state]}`} />
      <RightsRequestDetail request={request} found={found} plan={plan} failure={failure} records={records} organisationSlug={organisation.slug} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
