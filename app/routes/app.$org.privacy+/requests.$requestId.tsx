import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, SelectField, TextAreaField } from "~/components/forms";
import { ParentLink } from "~/components/section-links";
import { DATA_MAP } from "~/data-map.server";
import { RIGHT_LABELS, STATE_LABELS, requestIdParam, teamActionSchema } from "~/modules/privacy/rights-forms";
import { approveRequest, cancelRequest, completeRequest, denyRequest, extendRequest, rightsRequestDetail, startReview } from "~/modules/privacy/rights-requests.server";
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

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const detail = await withTenant(member.actor, (tx) => rightsRequestDetail(tx, DATA_MAP, idOf(params))).catch(rethrowAsResponse);
  const r = detail.request;
  return json({
    request: {
      id: r.id,
      reference: r.reference,
      right: r.right,
      state: r.state,
      email: r.email,
      name: r.name,
      phone: r.phone,
      description: r.description,
      verifiedAt: day(r.verifiedAt),
      dueAt: day(r.dueAt),
      extendedAt: day(r.extendedAt),
      extensionReason: r.extensionReason,
      decisionReason: r.decisionReason,
      statement: r.statement,
      overdue: r.overdue,
      dueSoon: r.dueSoon,
    },
    found: detail.found,
    plan: detail.plan,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const id = idOf(params);
  const parsed = parseForm(teamActionSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  const organisation = { name: member.organisation.name, slug: member.organisation.slug };
  const input = parsed.data;
  try {
    const message = await withTenant(member.actor, async (tx) => {
      switch (input.intent) {
        case "review":
          await startReview(tx, { id, organisation });
          return "The request is in review.";
        case "approve":
          await approveRequest(tx, { id, organisation });
          return "Approved. The requester has been told.";
        case "deny":
          await denyRequest(tx, { id, reason: input.reason, organisation });
          return "Denied. The requester has been told why, and of the right to complain.";
        case "extend": {
          const { dueAt } = await extendRequest(tx, { id, months: input.months, reason: input.reason, organisation });
          return `Extended to ${day(dueAt)}. The requester has been told why.`;
        }
        case "complete": {
          const result = await completeRequest(tx, DATA_MAP, { id, tenantId: member.organisation.id, organisation, note: input.note });
          return result.state === "completed" ? "Completed. The requester has the statement." : "Partially completed: what the law keeps is restricted, and the requester has the statement.";
        }
        case "cancel":
          await cancelRequest(tx, { id, organisation });
          return "Cancelled.";
      }
    });
    return redirectWithFlash(`/app/${member.organisation.slug}/privacy/requests/${id}`, { kind: "success", message });
  } catch (error) {
    return actionFailure(error, {});
  }
}

const OPEN = ["verified", "in_review", "approved", "in_progress"];

export default function RightsRequestPage() {
  const { request, found, plan } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const { organisation } = useOrganisation();
  const canDecide = request.state === "verified" || request.state === "in_review";
  const canComplete = request.state === "approved" || request.state === "in_progress";
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/privacy/requests`}>Rights requests</ParentLink>
      <PageHeader title={`Request ${request.reference}`} description={`${RIGHT_LABELS[request.right]} · ${STATE_LABELS[request.state]}`} />
      {failure ? <FormError message={failure.formError ?? Object.values(failure.errors ?? {})[0] ?? "The request could not be changed."} /> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="requester" className="card space-y-1">
          <h2 id="requester" className="text-lg font-semibold">
            Requester
          </h2>
          <p>{request.email}</p>
          {request.name ? <p>{request.name}</p> : null}
          {request.phone ? <p>{request.phone}</p> : null}
          {request.description ? <p className="whitespace-pre-line text-slate-700">{request.description}</p> : null}
        </section>
        <section aria-labelledby="dates" className="card space-y-1">
          <h2 id="dates" className="text-lg font-semibold">
            Dates
          </h2>
          <p>Verified: {request.verifiedAt ?? "not yet"}</p>
          <p>
            Due: {request.dueAt ?? "—"}
            {request.overdue ? <strong className="ml-2 text-red-700">Overdue</strong> : null}
            {request.dueSoon ? <strong className="ml-2 text-amber-800">Due within 7 days</strong> : null}
          </p>
          {request.extendedAt ? (
            <p>
              Extended on {request.extendedAt}: {request.extensionReason}
            </p>
          ) : null}
          {request.decisionReason ? <p>Reason given: {request.decisionReason}</p> : null}
        </section>
      </div>
      {request.statement ? (
        <section aria-labelledby="statement" className="card mt-4">
          <h2 id="statement" className="text-lg font-semibold">
            Statement sent to the requester
          </h2>
          <p className="whitespace-pre-line">{request.statement}</p>
        </section>
      ) : null}
      <section aria-labelledby="found" className="card mt-4 overflow-x-auto">
        <h2 id="found" className="mb-2 text-lg font-semibold">
          What the data map finds for {request.email}
        </h2>
        <DataTable caption="Data found" columns={["Data", "Purpose", "Rows"]} rows={found} rowKey={(f) => f.table} empty="Nothing but this request.">
          {(f) => (
            <>
              <th scope="row" className="font-mono text-xs">
                {f.table}
              </th>
              <td>{f.purpose}</td>
              <td className="tabular-nums">{f.rows}</td>
            </>
          )}
        </DataTable>
      </section>
      {request.right === "erasure" && plan.length > 0 ? (
        <section aria-labelledby="plan" className="card mt-4 overflow-x-auto">
          <h2 id="plan" className="mb-2 text-lg font-semibold">
            Erasure plan
          </h2>
          <DataTable caption="Erasure plan" columns={["Row", "Action", "Why"]} rows={plan} rowKey={(p) => p.label}>
            {(p) => (
              <>
                <th scope="row" className="font-mono text-xs">
                  {p.label}
                </th>
                <td>{p.action === "keep" ? `keep, restricted${p.keptUntil ? ` until ${p.keptUntil}` : ""}` : p.action === "anonymise" ? `anonymise ${p.anonymise.join(", ")}` : "delete"}</td>
                <td>{p.keptFor ?? ""}</td>
              </>
            )}
          </DataTable>
        </section>
      ) : null}
      {OPEN.includes(request.state) ? (
        <section aria-labelledby="actions" className="card mt-4 space-y-4">
          <h2 id="actions" className="text-lg font-semibold">
            Decide
          </h2>
          <div className="flex flex-wrap gap-3">
            {request.state === "verified" ? (
              <Form method="post">
                <button type="submit" name="intent" value="review" className="btn-secondary">
                  Start review
                </button>
              </Form>
            ) : null}
            {canDecide ? (
              <Form method="post">
                <button type="submit" name="intent" value="approve" className="btn-primary">
                  Approve
                </button>
              </Form>
            ) : null}
            {canComplete ? (
              <Form method="post" className="flex items-end gap-2">
                {request.right === "rectification" ? <TextAreaField label="What was corrected" name="note" rows={2} /> : null}
                <button type="submit" name="intent" value="complete" className="btn-primary">
                  {request.right === "erasure" ? "Complete: carry out the erasure" : "Complete"}
                </button>
              </Form>
            ) : null}
            <Form method="post">
              <button type="submit" name="intent" value="cancel" className="btn-secondary">
                Cancel the request
              </button>
            </Form>
          </div>
          {canDecide ? (
            <Form method="post" className="space-y-2">
              <TextAreaField label="Reason for denying" id="deny-reason" name="reason" rows={2} hint="The requester is told, with the right to complain to a supervisory authority." />
              <button type="submit" name="intent" value="deny" className="btn-secondary">
                Deny
              </button>
            </Form>
          ) : null}
          {!request.extendedAt ? (
            <Form method="post" className="space-y-2">
              <SelectField
                label="Extend by"
                name="months"
                options={[
                  { value: "1", label: "One month" },
                  { value: "2", label: "Two months" },
                ]}
              />
              <TextAreaField label="Reason for the extension" id="extend-reason" name="reason" rows={2} />
              <button type="submit" name="intent" value="extend" className="btn-secondary">
                Extend
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
