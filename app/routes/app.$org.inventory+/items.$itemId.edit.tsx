import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CheckboxField, FormError } from "~/components/forms";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { ItemFormFields } from "~/components/inventory/item-form";
import { ParentLink } from "~/components/section-links";
import { itemFormSchema, itemFormValues, itemInputOf } from "~/modules/inventory/forms";
import { formatQuantity } from "~/modules/inventory/quantities";
import { getItem, updateItem } from "~/modules/inventory/items.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { itemIdFrom } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Edit ${data.sku} · Folio` : "Edit item · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const id = itemIdFrom(params);
  const item = await withTenant(member.actor, (tx) => getItem(tx, id)).catch(rethrowAsResponse);
  return json({
    id: item.id,
    sku: item.sku,
    name: item.name,
    updatedAt: item.updatedAt.toISOString(),
    values: itemFormValues(
      item,
      {
        reorderLevel: formatQuantity(item.reorderLevelMicro),
        reorderQty: formatQuantity(item.reorderQtyMicro),
      },
      member.organisation.currency,
    ),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const id = itemIdFrom(params);
  const formData = await readFormData(request);
  const parsed = parseForm(itemFormSchema(member.organisation.currency), formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const item = await withTenant(member.actor, (tx) => updateItem(tx, id, itemInputOf(parsed.data, { editing: true })));
    return redirectWithFlash(`/app/${member.organisation.slug}/inventory/items/${item.id}`, { kind: "success", message: `Item ${item.sku} saved.` });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function EditItem() {
  const { id, name, values, updatedAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const shown = actionData?.values ?? values;
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/inventory/items/${id}`}>{name}</ParentLink>
      <PageHeader title={`Edit ${name}`} />
      <InventoryNav />
      <Form method="post" className="card max-w-3xl space-y-4" noValidate key={updatedAt}>
        <FormError message={actionData?.formError} />
        <ItemFormFields values={shown} errors={actionData?.errors ?? {}} currency={organisation.currency} />
        <CheckboxField
          label="Active: offered in stock forms and sales"
          name="isActive"
          defaultChecked={shown.isActive === "on" || shown.isActive === "true"}
          error={actionData?.errors.isActive}
        />
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Save item
        </button>
      </Form>
    </>
  );
}
