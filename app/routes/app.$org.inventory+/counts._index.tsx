import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CardSection, DataTable } from "~/components/data-table";
import { DateField, FormError, SelectField, TextField } from "~/components/forms";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { COUNT_DATE_FIELDS, COUNT_STATUS_LABELS, startCountSchema } from "~/modules/inventory/forms";
import { createStockCount, listStockCounts } from "~/modules/inventory/counts.server";
import { listWarehouses } from "~/modules/inventory/warehouses.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { todayIn } from "~/utils/dates";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formatDate } from "~/utils/format";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { besideField } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Stock counts · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const { counts, warehouses } = await withTenant(member.actor, async (tx) => {
    const [counts, warehouses] = await Promise.all([listStockCounts(tx), listWarehouses(tx)]);
    return { counts, warehouses };
  });
  const names = new Map(warehouses.map((w) => [w.id, w.name]));
  return json({
    counts: counts.map((c) => ({
      id: c.id,
      warehouseName: names.get(c.warehouseId) ?? "",
      countDate: c.countDate,
      status: c.status,
      note: c.note,
    })),
    warehouses: warehouses.filter((w) => w.isActive).map((w) => ({ value: w.id, label: w.name })),
    today: todayIn(member.organisation.timeZone),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const formData = await readFormData(request);
  const parsed = parseForm(startCountSchema, formData, {
    dates: { locale: member.organisation.locale, fields: COUNT_DATE_FIELDS },
  });
  if (!parsed.ok) return badRequest(parsed);
  try {
    const count = await withTenant(member.actor, (tx) => createStockCount(tx, parsed.data));
    return redirectWithFlash(`/app/${member.organisation.slug}/inventory/counts/${count.id}`, {
      kind: "success",
      message: "Count started: enter the quantities you find.",
    });
  } catch (error) {
    return actionFailure(besideField(error), formValues(formData), {
      fields: ["warehouseId", "countDate", "note"],
    });
  }
}

export default function StockCounts() {
  const { counts, warehouses, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory/counts`;
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  return (
    <>
      <PageHeader
        title="Stock counts"
        description="Count what is on the shelves of a warehouse, review the differences from the books, and post them as adjustments."
      />
      <InventoryNav />
      <CardSection id="start-count" title="Start a count" className="card mb-6 max-w-3xl">
        <Form method="post" className="grid gap-4 sm:grid-cols-3" noValidate>
          <div className="sm:col-span-3">
            <FormError message={actionData?.formError} />
          </div>
          <SelectField
            label="Warehouse"
            name="warehouseId"
            defaultValue={values.warehouseId ?? ""}
            error={errors.warehouseId}
            options={[{ value: "", label: "Choose a warehouse" }, ...warehouses]}
          />
          <DateField label="Count date" name="countDate" locale={organisation.locale} defaultValue={values.countDate ?? today} error={errors.countDate} />
          <TextField label="Note" name="note" defaultValue={values.note ?? ""} error={errors.note} maxLength={500} />
          <div>
            <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
              Start count
            </button>
          </div>
        </Form>
      </CardSection>
      <div className="card overflow-x-auto">
        <DataTable
          caption="Stock counts, newest first"
          columns={["Date", "Warehouse", "Status", "Note"]}
          rows={counts}
          rowKey={(c) => c.id}
          empty="No counts yet."
        >
          {(c) => (
            <>
              <td className="whitespace-nowrap">
                <Link to={`${base}/${c.id}`} className="link tabular-nums">
                  {formatDate(c.countDate, organisation.locale)}
                  <span className="sr-only"> count of {c.warehouseName}</span>
                </Link>
              </td>
              <td>{c.warehouseName}</td>
              <td>{COUNT_STATUS_LABELS[c.status] ?? c.status}</td>
              <td>{c.note}</td>
            </>
          )}
        </DataTable>
      </div>
    </>
  );
}
