import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DateField, FormError, IdempotencyField, TextField } from "~/components/forms";
import { Amount, LedgerNav } from "~/components/ledger/ledger-nav";
import { getEntryDetail } from "~/modules/ledger/drafts.server";
import { idParam, PARTY_KIND_LABELS, REVERSAL_DATE_FIELDS, reverseSchema, SOURCE_LABELS } from "~/modules/ledger/forms";
import { reverse } from "~/modules/ledger/posting.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { IDEMPOTENCY_FIELD, newIdempotencyToken, performOnce } from "~/modules/tenancy/idempotency.server";
import { can } from "~/modules/tenancy/permissions";
import { todayIn } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { notFound } from "~/utils/responses.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.entry.number} · Folio` : "Journal entry · Folio" }];

function entryIdFrom(params: { entryId?: string }): string {
  const parsed = idParam.safeParse(params.entryId);
  if (!parsed.success) throw notFound("That journal entry does not exist in this organisation.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const id = entryIdFrom(params);
  const detail = await withTenant(member.actor, (tx) => getEntryDetail(tx, id)).catch(rethrowAsResponse);
  const { entry } = detail;
  return json({
    entry: {
      id: entry.id,
      number: entry.number,
      entryDate: entry.entryDate,
      memo: entry.memo,
      sourceType: entry.sourceType,
      currency: entry.currency,
      totalMinor: entry.totalMinor.toString(),
      postedAt: entry.postedAt.toISOString(),
    },
    postedBy: detail.postedBy,
    lines: detail.lines.map((l) => ({ ...l, debitMinor: l.debitMinor.toString(), creditMinor: l.creditMinor.toString() })),
    reverses: detail.reverses,
    reversedBy: detail.reversedBy,
    today: todayIn(member.organisation.timeZone),
    idempotencyToken: newIdempotencyToken(),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:post");
  const id = entryIdFrom(params);
  const formData = await readFormData(request);
  const parsed = parseForm(reverseSchema, formData, { dates: { locale: member.organisation.locale, fields: REVERSAL_DATE_FIELDS } });
  if (!parsed.ok) return badRequest(parsed);
  const { entryDate, memo } = parsed.data;
  // A repeat of this form's token (a double click, a retry) answers with the reversal the first one posted.
  const token = formData.get(IDEMPOTENCY_FIELD);
  try {
    const reversal = await withTenant(member.actor, (tx) =>
      performOnce(tx, { token, operation: "ledger.reverse", input: { entryId: id, entryDate, memo } }, async () => {
        const posted = await reverse(tx, id, { entryDate, memo });
        return { id: posted.id, number: posted.number };
      }),
    );
    return redirectWithFlash(`/app/${member.organisation.slug}/ledger/entries/${reversal.id}`, {
      kind: "success",
      message: `Posted ${reversal.number}, the reversal.`,
    });
  } catch (error) {
    return actionFailure(error, { entryDate, memo });
  }
}

export default function JournalEntry() {
  const { entry, postedBy, lines, reverses, reversedBy, today, idempotencyToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger`;
  const reversible = !reverses && !reversedBy;
  return (
    <>
      <PageHeader title={entry.number} description={entry.memo || undefined} />
      <LedgerNav />
      <div className="card mb-6">
        <dl className="grid gap-4 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-slate-500">Date</dt>
            <dd className="mt-1 font-medium tabular-nums">{formatDate(entry.entryDate, organisation.locale)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Source</dt>
            <dd className="mt-1 font-medium">{SOURCE_LABELS[entry.sourceType] ?? entry.sourceType}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Posted</dt>
            <dd className="mt-1 font-medium">
              {formatDateTime(entry.postedAt, organisation)}
              {postedBy ? ` by ${postedBy}` : ""}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Total</dt>
            <dd className="mt-1 font-medium tabular-nums">
              <Amount minor={entry.totalMinor} currency={entry.currency} withCurrency />
            </dd>
          </div>
        </dl>
        {reverses ? (
          <p className="mt-4 text-sm">
            This entry reverses{" "}
            <Link to={`${base}/entries/${reverses.id}`} className="link">
              {reverses.number}
            </Link>
            .
          </p>
        ) : null}
        {reversedBy ? (
          <p className="mt-4 text-sm">
            Reversed by{" "}
            <Link to={`${base}/entries/${reversedBy.id}`} className="link">
              {reversedBy.number}
            </Link>
            .
          </p>
        ) : null}
      </div>

      <section aria-labelledby="lines-heading" className="card mb-6 overflow-x-auto">
        <h2 id="lines-heading" className="mb-3 text-lg font-semibold">
          Lines
        </h2>
        <table className="table-basic">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Account</th>
              <th scope="col">Customer or supplier</th>
              <th scope="col">Description</th>
              <th scope="col" className="text-right">
                Debit
              </th>
              <th scope="col" className="text-right">
                Credit
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {lines.map((line) => (
              <tr key={line.lineNo}>
                <td className="tabular-nums text-slate-500">{line.lineNo}</td>
                <td>
                  <Link to={`${base}/accounts/${line.accountId}`} className="link">
                    {line.accountCode} {line.accountName}
                  </Link>
                </td>
                <td>
                  {line.partyName ? (
                    <>
                      {line.partyName}
                      {line.partyKind ? <span className="ml-1 text-xs text-slate-500">({PARTY_KIND_LABELS[line.partyKind].toLowerCase()})</span> : null}
                    </>
                  ) : null}
                </td>
                <td>{line.description}</td>
                <td className="text-right tabular-nums">{line.debitMinor !== "0" ? <Amount minor={line.debitMinor} currency={entry.currency} /> : null}</td>
                <td className="text-right tabular-nums">{line.creditMinor !== "0" ? <Amount minor={line.creditMinor} currency={entry.currency} /> : null}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t-2 border-slate-300 font-semibold">
            <tr>
              <th scope="row" colSpan={4} className="text-right">
                Totals
              </th>
              <td className="text-right tabular-nums">
                <Amount minor={entry.totalMinor} currency={entry.currency} />
              </td>
              <td className="text-right tabular-nums">
                <Amount minor={entry.totalMinor} currency={entry.currency} />
              </td>
            </tr>
          </tfoot>
        </table>
      </section>

      {can(role, "ledger:post") && (reversible || actionData) ? (
        <section aria-labelledby="reverse-heading" className="card max-w-xl">
          <h2 id="reverse-heading" className="mb-1 text-lg font-semibold">
            Reverse this entry
          </h2>
          <p className="mb-4 text-sm text-slate-600">Posts the mirror image of this entry (debits and credits swapped), linked to it. Posted entries never change.</p>
          <FormError message={actionData?.formError} />
          <Form method="post" className="mt-3 space-y-4" noValidate>
            <input type="hidden" name="intent" value="reverse" />
            <IdempotencyField token={idempotencyToken} />
            <DateField label="Reversal date" name="entryDate" locale={organisation.locale} defaultValue={actionData?.values.entryDate ?? today} error={actionData?.errors.entryDate} required />
            <TextField
              label="Reversal memo"
              name="memo"
              defaultValue={actionData?.values.memo ?? ""}
              error={actionData?.errors.memo}
              maxLength={500}
              hint={`Optional; "Reversal of ${entry.number}" when left empty.`}
            />
            <button type="submit" className="btn-secondary" disabled={navigation.state === "submitting"}>
              Reverse entry
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
