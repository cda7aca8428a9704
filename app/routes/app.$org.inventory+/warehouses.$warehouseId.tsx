import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CardSection, DataTable } from "~/components/data-table";
import { FormError, TextField } from "~/components/forms";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { WarehouseFormFields } from "~/components/inventory/warehouse-form";
import { ParentLink } from "~/components/section-links";
import { warehouseActionSchema } from "~/modules/inventory/forms";
import { createBin, getWarehouse, listBins, setDefaultWarehouse, setWarehouseActive, updateWarehouse } from "~/modules/inventory/warehouses.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { warehouseIdFrom } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.warehouse.name} · Folio` : "Warehouse · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const id = warehouseIdFrom(params);
  const { warehouse, bins } = await withTenant(member.actor, async (tx) => ({
    warehouse: await getWarehouse(tx, id),
    bins: await listBins(tx, id),
  })).catch(rethrowAsResponse);
  return json({
    warehouse: {
      id: warehouse.id,
      code: warehouse.code,
      name: warehouse.name,
      address: warehouse.address,
      isDefault: warehouse.isDefault,
      isActive: warehouse.isActive,
      updatedAt: warehouse.updatedAt.toISOString(),
    },
    bins: bins.map((b) => ({
      id: b.id,
      code: b.code,
      name: b.name,
      isActive: b.isActive,
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const id = warehouseIdFrom(params);
  const formData = await readFormData(request);
  const here = `/app/${member.organisation.slug}/inventory/warehouses/${id}`;
  const parsed = parseForm(warehouseActionSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "add-bin": {
        const bin = await withTenant(member.actor, (tx) => createBin(tx, id, { code: input.code, name: input.name }));
        return redirectWithFlash(here, {
          kind: "success",
          message: `Bin ${bin.code} added.`,
        });
      }
      case "make-default": {
        const warehouse = await withTenant(member.actor, (tx) => setDefaultWarehouse(tx, id));
        return redirectWithFlash(here, {
          kind: "success",
          message: `${warehouse.name} is now the default warehouse.`,
        });
      }
      case "deactivate":
      case "reactivate": {
        const warehouse = await withTenant(member.actor, (tx) => setWarehouseActive(tx, id, input.intent === "reactivate"));
        return redirectWithFlash(here, {
          kind: "success",
          message: `${warehouse.name} is ${warehouse.isActive ? "active again" : "now inactive"}.`,
        });
      }
      default: {
        const warehouse = await withTenant(member.actor, (tx) => updateWarehouse(tx, id, input));
        return redirectWithFlash(here, {
          kind: "success",
          message: `Warehouse ${warehouse.name} saved.`,
        });
      }
    }
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function WarehouseDetail() {
  const { warehouse, bins } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const submitting = navigation.state === "submitting";
  const intent = actionData?.values.intent;
  const failed = (of: string) => (intent === of && actionData ? actionData : undefined);
  const stored = {
    code: warehouse.code,
    name: warehouse.name,
    address: warehouse.address,
  };
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/inventory/warehouses`}>All warehouses</ParentLink>
      <PageHeader
        title={warehouse.name}
        description={`Warehouse ${warehouse.code}${warehouse.isDefault ? " · Default" : ""}${warehouse.isActive ? "" : " · Inactive"}`}
        actions={
          <Link to={`/app/${organisation.slug}/inventory/stock?warehouse=${warehouse.id}`} className="btn-secondary">
            Stock in this warehouse
          </Link>
        }
      />
      <InventoryNav />
      {/* A refusal of the buttons below, or of a form this page does not offer, is said above the forms. */}
      <FormError message={intent !== "update" && intent !== "add-bin" ? actionData?.formError : undefined} />
      <CardSection id="warehouse-details" title="Details" className="card my-6 max-w-2xl">
        <Form method="post" className="space-y-4" noValidate key={warehouse.updatedAt}>
          <input type="hidden" name="intent" value="update" />
          <FormError message={failed("update")?.formError} />
          <WarehouseFormFields values={failed("update")?.values ?? stored} errors={failed("update")?.errors ?? {}} />
          <button type="submit" className="btn-primary" disabled={submitting}>
            Save warehouse
          </button>
        </Form>
        <Form method="post" className="mt-6 flex flex-wrap gap-2 border-t border-slate-100 pt-4">
          {!warehouse.isDefault && warehouse.isActive ? (
            <button type="submit" name="intent" value="make-default" className="btn-secondary" disabled={submitting}>
              Make default
            </button>
          ) : null}
          {warehouse.isActive ? (
            !warehouse.isDefault ? (
              <button type="submit" name="intent" value="deactivate" className="btn-secondary" disabled={submitting}>
                Deactivate
              </button>
            ) : null
          ) : (
            <button type="submit" name="intent" value="reactivate" className="btn-secondary" disabled={submitting}>
              Reactivate
            </button>
          )}
        </Form>
      </CardSection>
      <CardSection id="warehouse-bins" title="Bins" className="card max-w-2xl overflow-x-auto">
        <p className="mb-3 text-sm text-slate-600">Optional places within the warehouse (an aisle, a shelf). Balances are kept per warehouse.</p>
        <DataTable caption={`Bins of ${warehouse.name}`} columns={["Code", "Name", "Status"]} rows={bins} rowKey={(b) => b.id} empty="No bins.">
          {(b) => (
            <>
              <td>{b.code}</td>
              <td>{b.name}</td>
              <td>{b.isActive ? "Active" : "Inactive"}</td>
            </>
          )}
        </DataTable>
        <Form method="post" className="mt-4 grid gap-4 sm:grid-cols-3" noValidate>
          <input type="hidden" name="intent" value="add-bin" />
          <div className="sm:col-span-3">
            <FormError message={failed("add-bin")?.formError} />
          </div>
          <TextField
            label="Bin code"
            name="code"
            defaultValue={failed("add-bin")?.values.code ?? ""}
            error={failed("add-bin")?.errors.code}
            maxLength={40}
            autoComplete="off"
          />
          <TextField label="Bin name" name="name" defaultValue={failed("add-bin")?.values.name ?? ""} error={failed("add-bin")?.errors.name} maxLength={200} />
          <div className="flex items-end">
            <button type="submit" className="btn-secondary w-full" disabled={submitting}>
              Add bin
            </button>
          </div>
        </Form>
      </CardSection>
    </>
  );
}
