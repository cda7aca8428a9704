import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { FormError, TextField } from "~/components/forms";
import { PriceListFields } from "~/components/sales/price-list-fields";
import { formatQuantity } from "~/modules/inventory/quantities";
import { basisPointsToPercent } from "~/modules/ledger/forms";
import { PRICE_LIST_DATE_FIELDS, priceListActionSchema } from "~/modules/sales/price-list-forms";
import { getPriceList, listPriceListItems, removeItemPrice, setItemPrice, updatePriceList } from "~/modules/sales/price-lists.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formatAmount } from "~/utils/format";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Price list · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:read");
  const { currency, locale } = member.organisation;
  const { list, prices } = await withTenant(member.actor, async (tx) => {
    const found = await getPriceList(tx, params.priceListId ?? "");
    return { list: found, prices: await listPriceListItems(tx, found.id) };
  }).catch(rethrowAsResponse);
  return json({
    list: {
      id: list.id,
      name: list.name,
      discount: list.discountBp ? basisPointsToPercent(list.discountBp) : "",
      taxInclusive: list.taxInclusive,
      isDefault: list.isDefault,
      isActive: list.isActive,
      validFrom: list.validFrom ?? "",
      validUntil: list.validUntil ?? "",
      updatedAt: list.updatedAt.toISOString(),
    },
    prices: prices.map((p) => ({
      id: p.id,
      sku: p.sku,
      item: p.itemName,
      from: p.minQuantityMicro === 0n ? "Any quantity" : `${formatQuantity(p.minQuantityMicro)} ${p.unit}`,
      price: formatAmount(p.unitPriceMinor, currency, locale),
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:pricing");
  const id = params.priceListId ?? "";
  const here = `/app/${member.organisation.slug}/sales/price-lists/${id}`;
  const formData = await readFormData(request);
  const parsed = parseForm(priceListActionSchema(member.organisation.currency), formData, { dates: { locale: member.organisation.locale, fields: PRICE_LIST_DATE_FIELDS } });
  if (!parsed.ok) {
    await withTenant(member.actor, (tx) => getPriceList(tx, id)).catch(rethrowAsResponse);
    return badRequest(parsed);
  }
  const input = parsed.data;
  try {
    if (input.intent === "update") {
      await withTenant(member.actor, (tx) => updatePriceList(tx, id, input));
      return redirectWithFlash(here, { kind: "success", message: "Price list saved." });
    }
    if (input.intent === "set-price") {
      await withTenant(member.actor, (tx) => setItemPrice(tx, id, input));
      return redirectWithFlash(here, { kind: "success", message: `Price of ${input.sku} saved.` });
    }
    await withTenant(member.actor, (tx) => removeItemPrice(tx, id, input.priceId));
    return redirectWithFlash(here, { kind: "success", message: "Price removed." });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function PriceListPage() {
  const { list, prices } = useLoaderData<typeof loader>();
  const answer = useActionData<FormFailure>();
  const submitting = useNavigation().state === "submitting";
  const { organisation, role } = useOrganisation();
  const writable = can(role, "sales:pricing");
  const of = (intent: string) => (answer?.values?.intent === intent ? answer : undefined);
  const settings = of("update");
  const price = of("set-price");
  // A refusal neither form shows (a removal, an action the page does not offer): said above them.
  const other = answer && !["update", "set-price"].includes(answer.values?.intent ?? "") ? [answer.formError, ...Object.values(answer.errors ?? {})].filter(Boolean).join(" ") : null;
  return (
    <>
      <PageHeader
        title={list.name}
        description={`${list.isDefault ? "The default price list" : "Price list"} · ${list.taxInclusive ? "prices include tax" : "prices exclude tax"}${list.discount ? ` · ${list.discount}% off` : ""}${list.isActive ? "" : " · inactive"}`}
        actions={
          <Link to={`/app/${organisation.slug}/sales/price-lists`} className="btn-secondary">
            All price lists
          </Link>
        }
      />
      {other ? (
        <div className="mb-6">
          <FormError message={other} />
        </div>
      ) : null}
      <section aria-labelledby="prices-heading" className="card mb-6 overflow-x-auto">
        <h2 id="prices-heading" className="mb-1 text-lg font-semibold">
          Item prices
        </h2>
        <p className="mb-3 text-sm text-slate-600">Per unit, in {organisation.currency}. The price of the largest quantity not above the quantity sold applies; an item without a price here sells at the default list's price, or its own.</p>
        <DataTable
          caption={`Prices of ${list.name} by item and quantity`}
          columns={["SKU", "Item", "From", { label: "Unit price", className: "text-right" }, ...(writable ? [{ label: "Remove", className: "sr-only" }] : [])]}
          rows={prices}
          rowKey={(p) => p.id}
          empty="No prices on this list yet."
        >
          {(p) => (
            <>
              <td className="font-mono text-sm">{p.sku}</td>
              <td>{p.item}</td>
              <td>{p.from}</td>
              <td className="text-right tabular-nums">{p.price}</td>
              {writable ? (
                <td>
                  <Form method="post">
                    <input type="hidden" name="priceId" value={p.id} />
                    <button type="submit" name="intent" value="remove-price" className="btn-secondary px-2 py-1 text-sm" disabled={submitting}>
                      Remove<span className="sr-only"> the price of {p.sku} from {p.from}</span>
                    </button>
                  </Form>
                </td>
              ) : null}
            </>
          )}
        </DataTable>
        {writable ? (
          <Form method="post" className="mt-4 grid gap-3 sm:grid-cols-[1fr_10rem_10rem_auto] sm:items-start" noValidate aria-label="Set a price">
            <div className="sm:col-span-4">
              <FormError message={price?.formError} />
            </div>
            <TextField label="Item SKU" name="sku" required maxLength={64} autoComplete="off" defaultValue={price?.values.sku ?? ""} error={price?.errors.sku} />
            <TextField label="From quantity" name="minQuantity" inputMode="decimal" autoComplete="off" maxLength={24} defaultValue={price?.values.minQuantity ?? ""} error={price?.errors.minQuantity} hint="Blank: any quantity." />
            <TextField label="Unit price" name="unitPrice" inputMode="decimal" autoComplete="off" maxLength={24} defaultValue={price?.values.unitPrice ?? ""} error={price?.errors.unitPrice} />
            <button type="submit" name="intent" value="set-price" className="btn-primary sm:mt-6" disabled={submitting}>
              Set price
            </button>
          </Form>
        ) : null}
      </section>
      {writable ? (
        <section aria-labelledby="settings-heading" className="card max-w-xl">
          <h2 id="settings-heading" className="mb-3 text-lg font-semibold">
            Settings
          </h2>
          <Form method="post" className="space-y-4" noValidate key={list.updatedAt}>
            <FormError message={settings?.formError} />
            <PriceListFields values={settings?.values ?? {}} errors={settings?.errors ?? {}} initial={list} locale={organisation.locale} />
            <button type="submit" name="intent" value="update" className="btn-primary" disabled={submitting}>
              Save settings
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
