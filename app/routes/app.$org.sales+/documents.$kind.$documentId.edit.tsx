import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DraftForm, SalesNav } from "~/components/sales/sales-views";
import { getDocument, lockDraft } from "~/modules/sales/documents.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { KIND_LABELS } from "~/modules/sales/forms";
import { requireMember } from "~/modules/tenancy/guards.server";
import { rethrowAsResponse } from "~/utils/errors.server";
import type { FormFailure } from "~/utils/forms";
import { documentIdFrom, draftFormAction, draftFormData, draftValues, kindFrom } from "~/utils/sales-pages.server";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Edit ${KIND_LABELS[data.kind].toLowerCase()} · Folio` : "Edit draft · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:write");
  const kind = kindFrom(params);
  const id = documentIdFrom(params);
  const values = await withTenant(member.actor, async (tx) => {
    const { document, lines } = await getDocument(tx, id, { kind });
    await lockDraft(tx, id);
    return draftValues(document, lines, member.organisation.currency);
  }).catch(rethrowAsResponse);
  return draftFormData(member, kind, values);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:write");
  const kind = kindFrom(params);
  const id = documentIdFrom(params);
  await withTenant(member.actor, (tx) => getDocument(tx, id, { kind })).catch(rethrowAsResponse);
  return draftFormAction(request, member, kind, id);
}

export default function EditDocument() {
  const { kind, options, values, idempotencyToken, canPost } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  return (
    <>
      <PageHeader title={`Edit ${KIND_LABELS[kind].toLowerCase()} draft`} />
      <SalesNav />
      <DraftForm kind={kind} options={options} values={values} failure={failure} idempotencyToken={idempotencyToken} canPost={canPost} />
    </>
  );
}
