import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CheckboxField, FormError } from "~/components/forms";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { inventorySettingsFormSchema } from "~/modules/inventory/forms";
import { getInventorySettings, setAllowNegativeStock } from "~/modules/inventory/warehouses.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Inventory settings · Folio" }];

/** The organisation's inventory settings: owners and administrators only (inventory:manage); each change is audited by the module. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:manage");
  const settings = await withTenant(member.actor, (tx) => getInventorySettings(tx));
  return json({ allowNegativeStock: settings.allowNegativeStock });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:manage");
  const formData = await readFormData(request);
  const parsed = parseForm(inventorySettingsFormSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const settings = await withTenant(member.actor, (tx) => setAllowNegativeStock(tx, parsed.data.allowNegativeStock));
    return redirectWithFlash(`/app/${member.organisation.slug}/inventory/settings`, {
      kind: "success",
      message: settings.allowNegativeStock ? "Negative stock is allowed: issues may take a balance below zero." : "Negative stock is refused: no issue takes a balance below zero.",
    });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function InventorySettings() {
  const { allowNegativeStock } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  return (
    <>
      <PageHeader title="Inventory settings" description="How stock behaves for everyone in this organisation. Each change is recorded in the audit trail." />
      <InventoryNav />
      <Form method="post" className="card max-w-2xl space-y-4" noValidate key={String(allowNegativeStock)}>
        <FormError message={actionData?.formError} />
        <CheckboxField
          label="Allow negative stock: let an issue take a balance below zero instead of refusing it"
          name="allowNegativeStock"
          defaultChecked={allowNegativeStock}
          error={actionData?.errors.allowNegativeStock}
        />
        <p className="text-sm text-slate-600">
          Off, an issue or a reservation that would take available stock below zero is refused with the quantity available. On, goods can be sold before
          their receipt is entered; the balance shows below zero until it is.
        </p>
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Save settings
        </button>
      </Form>
    </>
  );
}
