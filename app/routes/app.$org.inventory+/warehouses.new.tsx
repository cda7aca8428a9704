import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { FormError } from "~/components/forms";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { WarehouseFormFields } from "~/components/inventory/warehouse-form";
import { ParentLink } from "~/components/section-links";
import { warehouseFormSchema } from "~/modules/inventory/forms";
import { createWarehouse } from "~/modules/inventory/warehouses.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "New warehouse · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMember(request, params.org, "inventory:write");
  return json({});
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const formData = await readFormData(request);
  const parsed = parseForm(warehouseFormSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const warehouse = await withTenant(member.actor, (tx) => createWarehouse(tx, parsed.data));
    return redirectWithFlash(`/app/${member.organisation.slug}/inventory/warehouses`, { kind: "success", message: `Warehouse ${warehouse.name} created.` });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function NewWarehouse() {
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/inventory/warehouses`}>All warehouses</ParentLink>
      <PageHeader title="New warehouse" />
      <InventoryNav />
      <Form method="post" className="card max-w-2xl space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <WarehouseFormFields values={actionData?.values ?? {}} errors={actionData?.errors ?? {}} />
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Create warehouse
        </button>
      </Form>
    </>
  );
}
