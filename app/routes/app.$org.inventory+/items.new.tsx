import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { FormError } from "~/components/forms";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { ItemFormFields } from "~/components/inventory/item-form";
import { ParentLink } from "~/components/section-links";
import { itemFormSchema, itemInputOf } from "~/modules/inventory/forms";
import { createItem } from "~/modules/inventory/items.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "New item · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMember(request, params.org, "inventory:write");
  return json({});
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const formData = await readFormData(request);
  const parsed = parseForm(itemFormSchema(member.organisation.currency), formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const item = await withTenant(member.actor, (tx) => createItem(tx, itemInputOf(parsed.data, { editing: false })));
    return redirectWithFlash(`/app/${member.organisation.slug}/inventory/items/${item.id}`, { kind: "success", message: `Item ${item.sku} created.` });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function NewItem() {
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/inventory/items`}>All items</ParentLink>
      <PageHeader title="New item" description="Something you stock and sell, or a service you sell." />
      <InventoryNav />
      <Form method="post" className="card max-w-3xl space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <ItemFormFields values={actionData?.values ?? {}} errors={actionData?.errors ?? {}} currency={organisation.currency} />
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Create item
        </button>
      </Form>
    </>
  );
}
