import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { FormError, TextField } from "~/components/forms";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { ParentLink } from "~/components/section-links";
import { itemUnitsFormSchema, itemUnitsOf, MAX_ITEM_UNITS } from "~/modules/inventory/forms";
import { getItem, setItemUnits } from "~/modules/inventory/items.server";
import { formatQuantity } from "~/modules/inventory/quantities";
import { isAppError } from "~/modules/platform/errors";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { besideField, itemIdFrom } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Units of ${data.sku} · Folio` : "Item units · Folio" }];

/** Blank rows offered after the item's units, for new ones. */
const BLANK_ROWS = 3;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const id = itemIdFrom(params);
  const item = await withTenant(member.actor, (tx) => getItem(tx, id)).catch(rethrowAsResponse);
  const values: Record<string, string> = {};
  item.units.forEach((u, row) => {
    values[`units.${row}.unit`] = u.unit;
    values[`units.${row}.factor`] = formatQuantity(u.factorMicro);
    values[`units.${row}.barcode`] = u.barcode ?? "";
  });
  return json({
    id: item.id,
    sku: item.sku,
    name: item.name,
    unit: item.unit,
    unitDecimals: item.unitDecimals,
    updatedAt: item.updatedAt.toISOString(),
    rows: Math.min(item.units.length + BLANK_ROWS, MAX_ITEM_UNITS),
    values,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const id = itemIdFrom(params);
  const formData = await readFormData(request);
  const parsed = parseForm(itemUnitsFormSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  const filled = itemUnitsOf(parsed.data);
  try {
    const item = await withTenant(member.actor, (tx) => setItemUnits(tx, id, filled));
    return redirectWithFlash(`/app/${member.organisation.slug}/inventory/items/${item.id}`, { kind: "success", message: `Units of ${item.sku} saved.` });
  } catch (error) {
    // The module names the n-th filled row; the form's row may be a later one (blank rows between).
    const field = isAppError(error) ? error.field : undefined;
    const match = field ? /^units\.(\d+)\.(unit|factor|barcode)$/.exec(field) : null;
    const beside = field && match ? besideField(error, { [field]: `units.${filled[Number(match[1])]?.row ?? match[1]}.${match[2]}` }) : error;
    return actionFailure(beside, formValues(formData));
  }
}

export default function ItemUnits() {
  const { id, sku, name, unit, unitDecimals, rows, values, updatedAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const shown = actionData?.values ?? values;
  const errors = actionData?.errors ?? {};
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/inventory/items/${id}`}>{name}</ParentLink>
      <PageHeader
        title={`Units of ${sku}`}
        description={`Stock is kept in ${unit}. Other units are counted in ${unit}: a box of 12 holds 12 ${unit}. A factor has at most ${unitDecimals} decimals, as ${unit} has, so a whole number of boxes is always an exact quantity.`}
      />
      <InventoryNav />
      <Form method="post" className="card max-w-3xl space-y-4" noValidate key={updatedAt}>
        <FormError message={actionData?.formError} />
        {Array.from({ length: rows }, (_, row) => (
          <fieldset key={row} className="grid gap-4 sm:grid-cols-3">
            <legend className="sr-only">Unit {row + 1}</legend>
            <TextField label={`Unit ${row + 1}`} name={`units.${row}.unit`} defaultValue={shown[`units.${row}.unit`] ?? ""} error={errors[`units.${row}.unit`]} maxLength={20} autoComplete="off" hint={row === 0 ? "Like box or pallet." : undefined} />
            <TextField
              label={`${unit} per unit ${row + 1}`}
              name={`units.${row}.factor`}
              inputMode="decimal"
              defaultValue={shown[`units.${row}.factor`] ?? ""}
              error={errors[`units.${row}.factor`]}
              maxLength={24}
              autoComplete="off"
            />
            <TextField label={`Barcode of unit ${row + 1}`} name={`units.${row}.barcode`} defaultValue={shown[`units.${row}.barcode`] ?? ""} error={errors[`units.${row}.barcode`]} maxLength={64} autoComplete="off" />
          </fieldset>
        ))}
        <p className="text-sm text-slate-600">Clear a row to remove its unit. Moves already posted keep their quantities in {unit}.</p>
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Save units
        </button>
      </Form>
    </>
  );
}
