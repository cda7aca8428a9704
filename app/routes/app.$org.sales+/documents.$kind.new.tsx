import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DraftForm, SalesNav } from "~/components/sales/sales-views";
import { DERIVED_ONLY, KIND_LABELS } from "~/modules/sales/forms";
import { requireMember } from "~/modules/tenancy/guards.server";
import { todayIn } from "~/utils/dates";
import type { FormFailure } from "~/utils/forms";
import { notFound } from "~/utils/responses.server";
import { draftFormAction, draftFormData, kindFrom } from "~/utils/sales-pages.server";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `New ${KIND_LABELS[data.kind].toLowerCase()} · Folio` : "New sales document · Folio" }];

function creatableKind(params: { kind?: string }) {
  const kind = kindFrom(params);
  // Deliveries and credit notes are made from their order or invoice (the Convert buttons), never from scratch.
  if (DERIVED_ONLY.includes(kind)) throw notFound("Make this from its order or invoice.");
  return kind;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:write");
  const kind = creatableKind(params);
  const customerId = new URL(request.url).searchParams.get("customerId") ?? "";
  return draftFormData(member, kind, { issueDate: todayIn(member.organisation.timeZone), customerId: customerId.slice(0, 64) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:write");
  return draftFormAction(request, member, creatableKind(params), null);
}

export default function NewDocument() {
  const { kind, options, values, idempotencyToken, canPost } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  return (
    <>
      <PageHeader title={`New ${KIND_LABELS[kind].toLowerCase()}`} />
      <SalesNav />
      <DraftForm kind={kind} options={options} values={values} failure={failure} idempotencyToken={idempotencyToken} canPost={canPost} />
    </>
  );
}
