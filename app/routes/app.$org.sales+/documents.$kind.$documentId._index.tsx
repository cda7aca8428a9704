import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { FormError, IdempotencyField, TextAreaField, TextField } from "~/components/forms";
import { Amount } from "~/components/ledger/ledger-nav";
import { LinesTable, SalesNav, STATUS_LABELS } from "~/components/sales/sales-views";
import { convertDocument } from "~/modules/sales/convert.server";
import { documentDetail } from "~/modules/sales/detail.server";
import { deleteDraft } from "~/modules/sales/documents.server";
import { documentActionSchema, KIND_LABELS, KIND_SLUGS } from "~/modules/sales/forms";
import { postDocument } from "~/modules/sales/post-document.server";
import { listSends, sendDocument } from "~/modules/sales/send-document.server";
import type { DocumentKind } from "~/modules/sales/schema";
import { AppError } from "~/modules/platform/errors";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { IDEMPOTENCY_FIELD, newIdempotencyToken, performOnce } from "~/modules/tenancy/idempotency.server";
import { can } from "~/modules/tenancy/permissions";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";
import { documentIdFrom, documentPath, kindFrom, loadDocumentDetail, shownDocument } from "~/utils/sales-pages.server";
import { serialise } from "~/utils/serialise";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${KIND_LABELS[data.kind]} ${data.document.number ?? "draft"} · Folio` : "Sales document · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:read");
  const kind = kindFrom(params);
  const id = documentIdFrom(params);
  const { detail, sends } = await withTenant(member.actor, async (tx) => {
    const detail = await documentDetail(tx, id, kind);
    return { detail, sends: detail.document.status === "posted" ? await listSends(tx, id) : [] };
  }).catch(rethrowAsResponse);
  return json({
    kind,
    ...shownDocument(detail),
    sends: sends.map((s) => ({ to: s.toAddress, sentAt: s.sentAt.toISOString() })),
    source: detail.source ? { id: detail.source.id, kind: detail.source.kind, number: detail.source.number } : null,
    derived: detail.derived.map((d) => ({ id: d.id, kind: d.kind, number: d.number, status: d.status })),
    settledMinor: detail.settledMinor.toString(),
    shownStatus: detail.shownStatus,
    payments: serialise(detail.payments),
    conversions: detail.conversions,
    idempotencyToken: newIdempotencyToken(),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:write");
  const kind = kindFrom(params);
  const id = documentIdFrom(params);
  const formData = await readFormData(request);
  const parsed = parseForm(documentActionSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  const { intent, to: sendTo, message } = parsed.data;
  if ((intent === "post" || intent === "convert:credit_note") && !can(member.role, "sales:post")) return actionFailure(new AppError("forbidden", "You may not post sales documents."), {});
  try {
    const result = await withTenant(member.actor, async (tx) => {
      // The page's kind must be the document's: another kind's address for it is not found.
      await documentDetail(tx, id, kind);
      return performOnce(tx, { token: formData.get(IDEMPOTENCY_FIELD), operation: `sales.document_${intent}`, input: { id } }, async () => {
        if (intent === "post") {
          const posted = await postDocument(tx, id);
          return { kind: posted.kind, id: posted.id, message: `Posted ${posted.number}.` };
        }
        if (intent === "send") {
          const sent = await sendDocument(tx, { documentId: id, kind, to: sendTo, message, organisation: member.organisation });
          return { kind, id, message: `Sent to ${sent.to}, with the PDF attached.` };
        }
        if (intent === "delete") {
          await deleteDraft(tx, id);
          return { kind, id: null, message: "Draft deleted." };
        }
        const target = intent.slice("convert:".length) as DocumentKind;
        const draft = await convertDocument(tx, id, target);
        return { kind: draft.kind, id: draft.id, message: `${KIND_LABELS[target]} draft made from this ${KIND_LABELS[kind].toLowerCase()}: check it, then post it.` };
      });
    });
    const to = result.id ? documentPath(member, { kind: result.kind as DocumentKind, id: result.id }) : `/app/${member.organisation.slug}/sales/documents/${KIND_SLUGS[kind]}`;
    return redirectWithFlash(to, { kind: "success", message: result.message });
  } catch (error) {
    // The send form shows its own fields; every other refusal of the page is above its buttons.
    return actionFailure(error, { to: sendTo ?? "", message: message ?? "" }, { fields: ["to", "message"] });
  }
}

export default function DocumentPage() {
  const data = useLoaderData<typeof loader>();
  const { kind, document, lines, customer, source, derived, payments, conversions, idempotencyToken } = data;
  const failure = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation, role } = useOrganisation();
  const sales = `/app/${organisation.slug}/sales`;
  const here = `${sales}/documents/${KIND_SLUGS[kind]}/${document.id}`;
  const draft = document.status === "draft";
  return (
    <>
      <PageHeader
        title={`${KIND_LABELS[kind]} ${document.number ?? "(draft)"}`}
        description={`${customer.name} · ${STATUS_LABELS[data.shownStatus] ?? data.shownStatus}`}
        actions={
          <>
            <Link to={`${here}/print`} className="btn-secondary">
              Print view
            </Link>
            <a href={`${here}/pdf`} className="btn-secondary">
              PDF
            </a>
          </>
        }
      />
      <SalesNav />
      <FormError message={failure?.formError} />
      <div className="card mb-6">
        <dl className="grid gap-4 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-slate-500">Customer</dt>
            <dd className="mt-1 font-medium">
              <Link to={`${sales}/customers/${customer.id}`} className="link">
                {customer.name}
              </Link>
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Date</dt>
            <dd className="mt-1 font-medium tabular-nums">{formatDate(document.issueDate, organisation.locale)}</dd>
          </div>
          {document.dueDate ? (
            <div>
              <dt className="text-slate-500">Due</dt>
              <dd className="mt-1 font-medium tabular-nums">{formatDate(document.dueDate, organisation.locale)}</dd>
            </div>
          ) : null}
          {kind === "invoice" && !draft ? (
            <div>
              <dt className="text-slate-500">Outstanding</dt>
              <dd className="mt-1 font-medium tabular-nums">
                <Amount minor={data.outstandingMinor} currency={document.currency} withCurrency />
              </dd>
            </div>
          ) : null}
        </dl>
        {source ? (
          <p className="mt-4 text-sm">
            Made from {KIND_LABELS[source.kind].toLowerCase()}{" "}
            <Link to={`${sales}/documents/${KIND_SLUGS[source.kind]}/${source.id}`} className="link">
              {source.number ?? "draft"}
            </Link>
            .
          </p>
        ) : null}
        {document.notes ? <p className="mt-4 whitespace-pre-line text-sm">{document.notes}</p> : null}
      </div>

      <section aria-labelledby="lines-heading" className="card mb-6 overflow-x-auto">
        <h2 id="lines-heading" className="mb-3 text-lg font-semibold">
          Lines
        </h2>
        <LinesTable lines={lines} currency={document.currency} totals={document} />
      </section>

      {can(role, "sales:write") ? (
        <section aria-labelledby="actions-heading" className="card mb-6">
          <h2 id="actions-heading" className="mb-3 text-lg font-semibold">
            Actions
          </h2>
          <Form method="post" className="flex flex-wrap gap-3">
            <IdempotencyField token={idempotencyToken} />
            {draft ? (
              <>
                <Link to={`${here}/edit`} className="btn-secondary">
                  Edit draft
                </Link>
                {can(role, "sales:post") ? (
                  <button type="submit" name="intent" value="post" className="btn-primary" disabled={navigation.state === "submitting"}>
                    Post {KIND_LABELS[kind].toLowerCase()}
                  </button>
                ) : null}
                <button type="submit" name="intent" value="delete" className="btn-secondary" disabled={navigation.state === "submitting"}>
                  Delete draft
                </button>
              </>
            ) : null}
            {conversions.map((target) => (
              <button key={target} type="submit" name="intent" value={`convert:${target}`} className="btn-secondary" disabled={navigation.state === "submitting"}>
                Make {KIND_LABELS[target].toLowerCase()}
              </button>
            ))}
            {kind === "invoice" && !draft && data.outstandingMinor !== "0" && can(role, "sales:post") ? (
              <Link to={`${sales}/payments/new?customerId=${customer.id}`} className="btn-secondary">
                Record payment
              </Link>
            ) : null}
          </Form>
        </section>
      ) : null}

      {!draft && can(role, "sales:write") ? (
        <section aria-labelledby="send-heading" className="card mb-6">
          <h2 id="send-heading" className="mb-3 text-lg font-semibold">
            Send to the customer
          </h2>
          <Form method="post" className="grid gap-3 sm:max-w-xl">
            <IdempotencyField token={idempotencyToken} />
            <TextField label="Send to" name="to" type="email" defaultValue={failure?.values?.to ?? customer.email ?? ""} error={failure?.errors?.to} />
            <TextAreaField label="Message (optional)" name="message" rows={3} defaultValue={failure?.values?.message ?? ""} error={failure?.errors?.message} />
            <div>
              <button type="submit" name="intent" value="send" className="btn-primary" disabled={navigation.state === "submitting"}>
                Email with PDF
              </button>
            </div>
          </Form>
          {data.sends.length ? (
            <ul className="mt-4 text-sm text-slate-600" aria-label="Sent">
              {data.sends.map((send) => (
                <li key={send.sentAt + send.to}>
                  Sent to {send.to} on {formatDateTime(send.sentAt, organisation)}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-4 text-sm text-slate-600">Not sent yet.</p>
          )}
        </section>
      ) : null}

      {kind === "invoice" && payments.length > 0 ? (
        <section aria-labelledby="payments-heading" className="card mb-6 overflow-x-auto">
          <h2 id="payments-heading" className="mb-3 text-lg font-semibold">
            Payments
          </h2>
          <table className="table-basic">
            <thead>
              <tr>
                <th scope="col">Payment</th>
                <th scope="col">Date</th>
                <th scope="col">Reference</th>
                <th scope="col" className="text-right">
                  Allocated
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {payments.map((p) => (
                <tr key={p.id}>
                  <td>{p.number}</td>
                  <td className="tabular-nums">{formatDate(p.paymentDate, organisation.locale)}</td>
                  <td className="break-words">{p.reference}</td>
                  <td className="text-right tabular-nums">
                    <Amount minor={p.amountMinor} currency={document.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {derived.length > 0 ? (
        <section aria-labelledby="derived-heading" className="card">
          <h2 id="derived-heading" className="mb-3 text-lg font-semibold">
            Made from this {KIND_LABELS[kind].toLowerCase()}
          </h2>
          <ul className="space-y-1 text-sm">
            {derived.map((d) => (
              <li key={d.id}>
                <Link to={`${sales}/documents/${KIND_SLUGS[d.kind]}/${d.id}`} className="link">
                  {KIND_LABELS[d.kind]} {d.number ?? "draft"}
                </Link>{" "}
                ({STATUS_LABELS[d.status]})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
