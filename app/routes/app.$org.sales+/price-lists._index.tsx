import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { FormError } from "~/components/forms";
import { PriceListFields } from "~/components/sales/price-list-fields";
import { basisPointsToPercent } from "~/modules/ledger/forms";
import { PRICE_LIST_DATE_FIELDS, priceListSchema } from "~/modules/sales/price-list-forms";
import { createPriceList, listPriceLists } from "~/modules/sales/price-lists.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Price lists · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:read");
  const lists = await withTenant(member.actor, (tx) => listPriceLists(tx));
  return json({
    lists: lists.map((l) => ({
      id: l.id,
      name: l.name,
      isDefault: l.isDefault,
      isActive: l.isActive,
      taxInclusive: l.taxInclusive,
      discount: basisPointsToPercent(l.discountBp),
      prices: l.prices,
      customers: l.customers,
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:pricing");
  const formData = await readFormData(request);
  const parsed = parseForm(priceListSchema, formData, { dates: { locale: member.organisation.locale, fields: PRICE_LIST_DATE_FIELDS } });
  if (!parsed.ok) return badRequest(parsed);
  try {
    const list = await withTenant(member.actor, (tx) => createPriceList(tx, parsed.data));
    return redirectWithFlash(`/app/${member.organisation.slug}/sales/price-lists/${list.id}`, { kind: "success", message: `Price list ${list.name} created. Add its prices below.` });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function PriceLists() {
  const { lists } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const submitting = useNavigation().state === "submitting";
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/sales/price-lists`;
  return (
    <>
      <PageHeader title="Price lists" description="What customers pay: the default list, and lists given to particular customers, with quantity breaks and discounts." />
      <section aria-labelledby="lists-heading" className="card mb-6 overflow-x-auto">
        <h2 id="lists-heading" className="mb-3 text-lg font-semibold">
          Lists
        </h2>
        <DataTable
          caption="Price lists, the default first"
          columns={["Name", { label: "Discount", className: "text-right" }, "Prices", { label: "Item prices", className: "text-right" }, { label: "Customers", className: "text-right" }, "Status"]}
          rows={lists}
          rowKey={(list) => list.id}
          empty="No price lists yet: until there is one, items sell at their own sale price."
        >
          {(list) => (
            <>
              <td>
                <Link to={`${base}/${list.id}`} className="link">
                  {list.name}
                </Link>
                {list.isDefault ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs">Default</span> : null}
              </td>
              <td className="text-right tabular-nums">{list.discount}%</td>
              <td>{list.taxInclusive ? "Including tax" : "Excluding tax"}</td>
              <td className="text-right tabular-nums">{list.prices}</td>
              <td className="text-right tabular-nums">{list.customers}</td>
              <td>{list.isActive ? "Active" : "Inactive"}</td>
            </>
          )}
        </DataTable>
      </section>
      {can(role, "sales:pricing") ? (
        <section aria-labelledby="new-heading" className="card max-w-xl">
          <h2 id="new-heading" className="mb-3 text-lg font-semibold">
            New price list
          </h2>
          <Form method="post" className="space-y-4" noValidate>
            <FormError message={actionData?.formError} />
            <PriceListFields
              values={actionData?.values ?? {}}
              errors={actionData?.errors ?? {}}
              initial={{ name: "", discount: "", taxInclusive: false, isDefault: lists.length === 0, isActive: true, validFrom: "", validUntil: "" }}
              locale={organisation.locale}
            />
            <button type="submit" className="btn-primary" disabled={submitting}>
              Create price list
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
