import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CheckboxField, FormError } from "~/components/forms";
import { AccountFields, roleLabel } from "~/components/ledger/account-fields";
import { LedgerNav } from "~/components/ledger/ledger-nav";
import { accountsInUse, deleteAccount, getAccount, listAccounts, updateAccount } from "~/modules/ledger/accounts.server";
import { accountDeleteSchema, accountEditSchema, idParam } from "~/modules/ledger/forms";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { redirectWithFlash } from "~/utils/flash.server";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { notFound } from "~/utils/responses.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.account.code} ${data.account.name} · Folio` : "Account · Folio" }];

const MISSING = "That account does not exist in this organisation.";

function accountIdFrom(params: { accountId?: string }): string {
  const parsed = idParam.safeParse(params.accountId);
  if (!parsed.success) throw notFound(MISSING);
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const id = accountIdFrom(params);
  return withTenant(member.actor, async (tx) => {
    const account = await getAccount(tx, id).catch(rethrowAsResponse);
    const all = await listAccounts(tx);
    const used = (await accountsInUse(tx, [id])).has(id);
    // The account itself and everything under it cannot become its parent.
    const below = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const a of all) {
        if (a.parentId && below.has(a.parentId) && !below.has(a.id)) {
          below.add(a.id);
          grew = true;
        }
      }
    }
    return json({
      account: {
        id: account.id,
        code: account.code,
        name: account.name,
        type: account.type,
        parentId: account.parentId,
        isGroup: account.isGroup,
        isActive: account.isActive,
        role: account.role,
        partyKind: account.partyKind,
      },
      used,
      hasChildren: below.size > 1,
      groups: all.filter((a) => a.isGroup && !below.has(a.id)).map((a) => ({ id: a.id, code: a.code, name: a.name, type: a.type })),
    });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:post");
  const id = accountIdFrom(params);
  const formData = await readFormData(request);
  const values = formValues(formData);
  const accounts = `/app/${member.organisation.slug}/ledger/accounts`;
  try {
    if (values.intent === "delete") {
      const parsed = parseForm(accountDeleteSchema, formData);
      if (!parsed.ok) return badRequest(parsed);
      await withTenant(member.actor, (tx) => deleteAccount(tx, id));
      return redirectWithFlash(accounts, { kind: "success", message: "Account deleted." });
    }
    const parsed = parseForm(accountEditSchema, formData);
    if (!parsed.ok) return badRequest(parsed);
    const account = await withTenant(member.actor, (tx) => updateAccount(tx, id, parsed.data));
    return redirectWithFlash(`${accounts}/${id}`, { kind: "success", message: `Account ${account.code} ${account.name} saved.` });
  } catch (error) {
    return actionFailure(error, values);
  }
}

export default function AccountPage() {
  const { account, used, hasChildren, groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { role } = useOrganisation();
  const writable = can(role, "ledger:post");
  const editing = actionData?.values.intent !== "delete" ? actionData : undefined;
  const values = editing?.values ?? {
    accountCode: account.code,
    name: account.name,
    type: account.type,
    parentId: account.parentId ?? "",
    isGroup: account.isGroup ? "on" : "",
    partyKind: account.partyKind ?? "",
    isActive: account.isActive ? "on" : "",
  };
  const deletable = !used && !hasChildren && !account.role;
  return (
    <>
      <PageHeader
        title={`${account.code} ${account.name}`}
        description={[account.isGroup ? "Group account" : "Account", account.role ? `the organisation's ${roleLabel(account.role).toLowerCase()} account` : null, account.isActive ? null : "inactive"]
          .filter(Boolean)
          .join(", ")}
      />
      <LedgerNav />
      <Form method="post" className="card max-w-xl space-y-4" noValidate aria-label="Edit account">
        <FormError message={editing?.formError} />
        <fieldset disabled={!writable} className="space-y-4">
          <AccountFields
            values={values}
            errors={editing?.errors ?? {}}
            groups={groups}
            typeLocked={used ? "This account has posted lines, so its type cannot change." : undefined}
            partyKindLocked={used ? "This account has posted lines, so whether it needs a customer or supplier cannot change." : undefined}
          />
          <CheckboxField
            label="Active: can be chosen on new entries"
            name="isActive"
            defaultChecked={values.isActive === "on" || values.isActive === "true"}
            error={editing?.errors.isActive}
          />
        </fieldset>
        {writable ? (
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            Save account
          </button>
        ) : null}
        <input type="hidden" name="intent" value="save" />
      </Form>

      {writable ? (
        <section aria-labelledby="delete-heading" className="card mt-6 max-w-xl">
          <h2 id="delete-heading" className="mb-2 text-lg font-semibold">
            Delete this account
          </h2>
          {actionData?.values.intent === "delete" ? <FormError message={actionData.formError} /> : null}
          {deletable ? (
            <Form method="post" className="mt-3">
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="btn-danger">
                Delete account
              </button>
            </Form>
          ) : (
            <p className="text-sm text-slate-600">
              {used
                ? "It has posted lines, so it stays in the books: deactivate it instead."
                : hasChildren
                  ? "It holds other accounts: move or delete them first."
                  : "It has a role the rest of Folio posts to, so it cannot be deleted."}
            </p>
          )}
        </section>
      ) : null}
    </>
  );
}
