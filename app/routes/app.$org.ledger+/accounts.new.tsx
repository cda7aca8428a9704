import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { FormError } from "~/components/forms";
import { AccountFields } from "~/components/ledger/account-fields";
import { LedgerNav } from "~/components/ledger/ledger-nav";
import { createAccount, listAccounts } from "~/modules/ledger/accounts.server";
import { accountSchema } from "~/modules/ledger/forms";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { actionFailure } from "~/utils/errors.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "New account · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:post");
  const accounts = await withTenant(member.actor, (tx) => listAccounts(tx));
  return json({ groups: accounts.filter((a) => a.isGroup).map((a) => ({ id: a.id, code: a.code, name: a.name, type: a.type })) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:post");
  const formData = await readFormData(request);
  const parsed = parseForm(accountSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const account = await withTenant(member.actor, (tx) => createAccount(tx, parsed.data));
    return redirectWithFlash(`/app/${member.organisation.slug}/ledger/accounts`, { kind: "success", message: `Account ${account.code} ${account.name} added.` });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function NewAccount() {
  const { groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const parent = groups.find((g) => g.id === searchParams.get("parent"));
  const values = actionData?.values ?? { parentId: parent?.id ?? "", type: parent?.type ?? "expense" };
  return (
    <>
      <PageHeader title="Add an account" />
      <LedgerNav />
      <Form method="post" className="card max-w-xl space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <AccountFields values={values} errors={actionData?.errors ?? {}} groups={groups} />
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Add account
        </button>
      </Form>
    </>
  );
}
