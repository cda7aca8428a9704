import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { FormError, IdempotencyField } from "~/components/forms";
import { EntryForm } from "~/components/ledger/entry-form";
import { LedgerNav } from "~/components/ledger/ledger-nav";
import { accountOptions, deleteDraft, getDraft, postDraft, updateDraft } from "~/modules/ledger/drafts.server";
import { editLines, ENTRY_DATE_FIELDS, entryFormSchema, idParam, valuesFromLines } from "~/modules/ledger/forms";
import { findParties } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { IDEMPOTENCY_FIELD, newIdempotencyToken, performOnce } from "~/modules/tenancy/idempotency.server";
import { can } from "~/modules/tenancy/permissions";
import { redirectWithFlash } from "~/utils/flash.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { notFound } from "~/utils/responses.server";
import { formatDateTime } from "~/utils/format";
import { resolveLineParties, withPartyNames } from "~/utils/party-picker.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Journal draft · Folio" }];

function draftIdFrom(params: { draftId?: string }): string {
  const parsed = idParam.safeParse(params.draftId);
  if (!parsed.success) throw notFound("That draft does not exist in this organisation.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const id = draftIdFrom(params);
  return withTenant(member.actor, async (tx) => {
    const draft = await getDraft(tx, id);
    const [accounts, parties] = await Promise.all([accountOptions(tx), findParties(tx, draft.lines.map((line) => line.partyId))]);
    return json({
      draft: { id: draft.id, updatedAt: draft.updatedAt.toISOString() },
      values: withPartyNames(
        {
          entryDate: draft.entryDate,
          memo: draft.memo,
          ...valuesFromLines(draft.lines.map((line) => ({ ...line, partyId: line.partyId ?? "" }))),
        },
        parties,
      ),
      accounts,
      idempotencyToken: newIdempotencyToken(),
    });
  }).catch(rethrowAsResponse);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:post");
  const id = draftIdFrom(params);
  const ledger = `/app/${member.organisation.slug}/ledger`;
  const formData = await readFormData(request);
  const submitted = formValues(formData);
  // A repeat of this page's token (a double click, a retry) answers as the first submission did, never a 404.
  const token = formData.get(IDEMPOTENCY_FIELD);
  try {
    if (submitted.intent === "delete") {
      await withTenant(member.actor, (tx) =>
        performOnce(tx, { token, operation: "ledger.delete_draft", input: { draftId: id } }, async () => {
          await deleteDraft(tx, id);
          return { deleted: id };
        }),
      );
      return redirectWithFlash(`${ledger}/entries`, { kind: "success", message: "Draft deleted." });
    }
    // Nothing is saved when the lines are edited or the form is refused, but the form is that of a draft: one that
    // does not exist (here, or any more) is a 404, not a form to correct.
    const draftMustExist = () => withTenant(member.actor, (tx) => getDraft(tx, id));
    const edited = editLines(submitted, submitted.intent);
    if (edited) {
      await draftMustExist();
      return json<FormFailure>({ values: edited, errors: {} });
    }

    // The party pickers' text decides which party a line names (typed without JavaScript, or edited after a choice).
    const picked = await resolveLineParties(member.actor, formData);
    const parsed = parseForm(entryFormSchema, formData, { dates: { locale: member.organisation.locale, fields: ENTRY_DATE_FIELDS } });
    if (!parsed.ok || Object.keys(picked.errors).length) {
      await draftMustExist();
      return parsed.ok ? badRequest({ values: formValues(formData), errors: picked.errors }) : badRequest({ ...parsed, errors: { ...parsed.errors, ...picked.errors } });
    }
    const { intent, ...input } = parsed.data;
    try {
      if (intent === "save-draft") {
        await withTenant(member.actor, (tx) => updateDraft(tx, id, input));
        return redirectWithFlash(`${ledger}/drafts/${id}`, { kind: "success", message: "Draft saved." });
      }
      // Save what is on screen and post it, as one transaction: if posting is refused the draft stays as it was.
      const entry = await withTenant(member.actor, (tx) =>
        performOnce(tx, { token, operation: "ledger.post_draft", input: { draftId: id, ...input } }, async () => {
          await updateDraft(tx, id, input);
          const posted = await postDraft(tx, id);
          return { id: posted.id, number: posted.number };
        }),
      );
      return redirectWithFlash(`${ledger}/entries/${entry.id}`, { kind: "success", message: `Posted ${entry.number}.` });
    } catch (error) {
      const values = withPartyNames({ entryDate: input.entryDate, memo: input.memo, ...valuesFromLines(input.lines) }, picked.names);
      return actionFailure(error, values);
    }
  } catch (error) {
    // Deleting with a missing or reused token: the page of the error says what to do.
    rethrowAsResponse(error);
  }
}

export default function JournalDraft() {
  const { draft, values: saved, accounts, idempotencyToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation, role } = useOrganisation();
  const writable = can(role, "ledger:post");
  return (
    <>
      <PageHeader
        title="Journal draft"
        description={`Not in the books and without a number until it is posted. Last saved ${formatDateTime(draft.updatedAt, organisation)}.`}
      />
      <LedgerNav />
      <FormError message={actionData?.formError} />
      <EntryForm
        key={JSON.stringify(actionData ?? saved)}
        accounts={accounts}
        partySearch={`/app/${organisation.slug}/parties/search`}
        values={actionData?.values ?? saved}
        errors={actionData?.errors ?? {}}
        currency={organisation.currency}
        locale={organisation.locale}
        submitting={navigation.state === "submitting"}
        readOnly={!writable}
        idempotencyToken={idempotencyToken}
      />
      {writable ? (
        <Form method="post" className="mt-6">
          <input type="hidden" name="intent" value="delete" />
          <IdempotencyField token={idempotencyToken} />
          <button type="submit" className="btn-danger">
            Delete draft
          </button>
        </Form>
      ) : null}
    </>
  );
}
