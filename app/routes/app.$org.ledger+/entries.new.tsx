import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { FormError } from "~/components/forms";
import { EntryForm } from "~/components/ledger/entry-form";
import { LedgerNav } from "~/components/ledger/ledger-nav";
import { accountOptions, createDraft, postManualEntry } from "~/modules/ledger/drafts.server";
import { editLines, ENTRY_DATE_FIELDS, entryFormSchema, valuesFromLines } from "~/modules/ledger/forms";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { IDEMPOTENCY_FIELD, newIdempotencyToken, performOnce } from "~/modules/tenancy/idempotency.server";
import { todayIn } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { actionFailure } from "~/utils/errors.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { resolveLineParties, withPartyNames } from "~/utils/party-picker.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "New journal entry · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:post");
  return withTenant(member.actor, async (tx) => {
    const accounts = await accountOptions(tx);
    return json({ accounts, today: todayIn(member.organisation.timeZone), idempotencyToken: newIdempotencyToken() });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:post");
  const formData = await readFormData(request);
  // "Add line", "Remove line n" and Enter re-render the form with what was typed; nothing is saved.
  const submitted = formValues(formData);
  const edited = editLines(submitted, submitted.intent);
  if (edited) return json<FormFailure>({ values: edited, errors: {} });

  // The party pickers' text decides which party a line names (typed without JavaScript, or edited after a choice).
  const picked = await resolveLineParties(member.actor, formData);
  const parsed = parseForm(entryFormSchema, formData, { dates: { locale: member.organisation.locale, fields: ENTRY_DATE_FIELDS } });
  if (!parsed.ok) return badRequest({ ...parsed, errors: { ...parsed.errors, ...picked.errors } });
  if (Object.keys(picked.errors).length) return badRequest({ values: formValues(formData), errors: picked.errors });
  const { intent, ...input } = parsed.data;
  const ledger = `/app/${member.organisation.slug}/ledger`;
  // A repeat of this form's token (a double click, a retry) answers with the first submission's draft or entry.
  const token = formData.get(IDEMPOTENCY_FIELD);
  try {
    if (intent === "save-draft") {
      const draft = await withTenant(member.actor, (tx) =>
        performOnce(tx, { token, operation: "ledger.create_draft", input }, async () => ({ id: (await createDraft(tx, input)).id })),
      );
      return redirectWithFlash(`${ledger}/drafts/${draft.id}`, { kind: "success", message: "Draft saved. It is not in the books until it is posted." });
    }
    const entry = await withTenant(member.actor, (tx) =>
      performOnce(tx, { token, operation: "ledger.post_entry", input }, async () => {
        const posted = await postManualEntry(tx, input);
        return { id: posted.id, number: posted.number };
      }),
    );
    return redirectWithFlash(`${ledger}/entries/${entry.id}`, { kind: "success", message: `Posted ${entry.number}.` });
  } catch (error) {
    // Blank lines were dropped, so the line numbers in the messages match the lines shown again.
    const values = withPartyNames({ entryDate: input.entryDate, memo: input.memo, ...valuesFromLines(input.lines) }, picked.names);
    return actionFailure(error, values);
  }
}

export default function NewJournalEntry() {
  const { accounts, today, idempotencyToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const values = actionData?.values ?? { entryDate: today, memo: "" };
  const errors = actionData?.errors ?? {};
  return (
    <>
      <PageHeader title="New journal entry" description="Debits on the left, credits on the right; the entry posts only when they are equal." />
      <LedgerNav />
      <FormError message={actionData?.formError} />
      {accounts.length === 0 ? (
        <div className="card">
          <p>
            This organisation has no chart of accounts yet.{" "}
            <Link to={`/app/${organisation.slug}/ledger/accounts`} className="link">
              Set up the chart of accounts
            </Link>{" "}
            first.
          </p>
        </div>
      ) : (
        <EntryForm
          key={JSON.stringify(actionData ?? null)}
          accounts={accounts}
          partySearch={`/app/${organisation.slug}/parties/search`}
          values={values}
          errors={errors}
          currency={organisation.currency}
          locale={organisation.locale}
          submitting={navigation.state === "submitting"}
          idempotencyToken={idempotencyToken}
        />
      )}
    </>
  );
}
