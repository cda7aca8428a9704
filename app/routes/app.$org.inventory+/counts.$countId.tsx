import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { Tx } from "~/db.server";
import { PageHeader } from "~/components/app-shell";
import { CardSection, DataTable } from "~/components/data-table";
import { FormError, IdempotencyField, TextField } from "~/components/forms";
import { Quantity, QuantityCell, ValueCell } from "~/components/inventory/figures";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { ItemCodeField } from "~/components/inventory/item-code-field";
import { ParentLink } from "~/components/section-links";
import { cancelStockCount, enterCountedQuantity, postStockCount, reviewStockCount } from "~/modules/inventory/counts.server";
import { COUNT_STATUS_LABELS, countActionSchema } from "~/modules/inventory/forms";
import { findItemByCode } from "~/modules/inventory/items.server";
import { formatQuantity } from "~/modules/inventory/quantities";
import { listBalances } from "~/modules/inventory/stock-reports.server";
import { getWarehouse } from "~/modules/inventory/warehouses.server";
import { AppError, isAppError } from "~/modules/platform/errors";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { IDEMPOTENCY_FIELD, newIdempotencyToken, performOnce } from "~/modules/tenancy/idempotency.server";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formatDate } from "~/utils/format";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { besideField, costFor, countIdFrom, seesCost } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `Count of ${data.warehouse} · Folio` : "Stock count · Folio",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const id = countIdFrom(params);
  const cost = seesCost(member.role);
  const { review, warehouse, balances } = await withTenant(member.actor, async (tx) => {
    const review = await reviewStockCount(tx, id, { withCost: cost });
    const [warehouse, balances] = await Promise.all([
      getWarehouse(tx, review.count.warehouseId),
      // What the books hold in the warehouse: the items to count (an open count only).
      review.count.status === "open"
        ? listBalances(
            tx,
            {
              warehouseId: review.count.warehouseId,
              hideZero: true,
              limit: 500,
            },
            { withCost: false },
          )
        : Promise.resolve({ rows: [], next: null }),
    ]);
    return { review, warehouse, balances };
  }).catch(rethrowAsResponse);
  const { count, lines } = review;
  const counted = new Map(lines.filter((l) => l.lotId === null).map((l) => [l.itemId, formatQuantity(l.countedMicro)]));
  // One row per item to count: those in stock here, then those counted that the books do not hold here.
  const toCount = new Map<string, { itemId: string; sku: string; name: string; unit: string; counted: string }>();
  const row = (r: { itemId: string; sku: string; name: string; unit: string }) => ({ itemId: r.itemId, sku: r.sku, name: r.name, unit: r.unit, counted: counted.get(r.itemId) ?? "" });
  for (const b of balances.rows) toCount.set(b.itemId, row(b));
  for (const l of lines) if (l.lotId === null && !toCount.has(l.itemId)) toCount.set(l.itemId, row(l));
  return json({
    count: {
      id: count.id,
      countDate: count.countDate,
      note: count.note,
      status: count.status,
      postedAt: count.postedAt?.toISOString() ?? null,
    },
    warehouse: warehouse.name,
    rows: [...toCount.values()].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
    lines: lines.map((l) => ({
      id: l.id,
      itemId: l.itemId,
      sku: l.sku,
      name: l.name,
      unit: l.unit,
      lotNumber: l.lotNumber,
      expected: formatQuantity(l.expectedMicro),
      counted: formatQuantity(l.countedMicro),
      difference: formatQuantity(l.differenceMicro),
      value: costFor(cost, l.differenceValueMinor),
    })),
    showCost: cost,
    idempotencyToken: newIdempotencyToken(),
  });
}

type Refusal = AppError;

const SHOWN = new Set(["counted", "addItem", "addLot", "addCounted"]);

/** The form reads fields whose names it computes (counted.<item>): a refusal of one it does not show (its token) is said above it. */
function shownOnThePage<F extends { errors: Record<string, string>; values: Record<string, string>; formError?: string }>(failure: F): F {
  const errors: Record<string, string> = {};
  let formError = failure.formError;
  for (const [field, message] of Object.entries(failure.errors)) {
    if (SHOWN.has(field) || field.startsWith("counted.")) errors[field] = message;
    else formError ??= "This form was changed after the page was loaded. Reload the page and send it again.";
  }
  return { ...failure, errors, formError };
}

/** Enters every counted quantity of the form; each refusal beside its line. All or nothing: any refusal rolls them all back. */
async function enterCounts(
  tx: Tx,
  countId: string,
  input: {
    counted: Record<string, string>;
    addItem: string;
    addLot: string;
    addCounted: string;
  },
) {
  const refusals: Refusal[] = [];
  const refused = (error: unknown, names: Record<string, string>) => {
    const beside = besideField(error, names);
    if (!isAppError(beside)) throw error;
    refusals.push(beside);
  };
  for (const [itemId, value] of Object.entries(input.counted)) {
    if (!value) continue;
    const field = `counted.${itemId}`;
    await enterCountedQuantity(tx, countId, { itemId, counted: value }).catch((error) =>
      refused(error, {
        counted: field,
        itemId: field,
        lotNumber: field,
        unit: field,
      }),
    );
  }
  if (input.addItem || input.addCounted) {
    const found = input.addItem ? await findItemByCode(tx, input.addItem, { withCost: false }) : null;
    if (!input.addItem)
      refusals.push(
        new AppError("invalid", "Enter the item's SKU or barcode.", {
          field: "addItem",
        }),
      );
    else if (!found) refusals.push(new AppError("invalid", `No item has the SKU or barcode ${input.addItem}.`, { field: "addItem" }));
    else if (!input.addCounted)
      refusals.push(
        new AppError("invalid", "Enter the quantity counted.", {
          field: "addCounted",
        }),
      );
    else
      await enterCountedQuantity(tx, countId, {
        itemId: found.item.id,
        counted: input.addCounted,
        unit: found.unit,
        lotNumber: input.addLot || null,
      }).catch((error) =>
        refused(error, {
          counted: "addCounted",
          itemId: "addItem",
          unit: "addItem",
          lotNumber: "addLot",
        }),
      );
  }
  if (refusals.length === 1) throw refusals[0];
  if (refusals.length > 1) throw new AppError("invalid", "Some counted quantities were refused; nothing was saved.", { cause: new AggregateError(refusals) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const id = countIdFrom(params);
  const formData = await readFormData(request);
  const parsed = parseForm(countActionSchema, formData);
  if (!parsed.ok) return badRequest(shownOnThePage(parsed));
  const { intent, ...input } = parsed.data;
  const here = `/app/${member.organisation.slug}/inventory/counts/${id}`;
  try {
    if (intent === "cancel") {
      await withTenant(member.actor, (tx) => cancelStockCount(tx, id));
      return redirectWithFlash(here, {
        kind: "success",
        message: "Count cancelled: nothing was posted.",
      });
    }
    if (intent === "post") {
      // A repeat of this form's token (a double click, a retry) answers with the first posting.
      const token = formData.get(IDEMPOTENCY_FIELD);
      const posted = await withTenant(member.actor, (tx) =>
        performOnce(
          tx,
          {
            token,
            operation: "inventory.post_count",
            input: { countId: id, ...input },
          },
          async () => {
            await enterCounts(tx, id, input);
            const { result } = await postStockCount(tx, id);
            return { moves: result.moves.length };
          },
        ),
      );
      const message =
        posted.moves === 0
          ? "Count posted: it matched the books, so nothing was adjusted."
          : `Count posted: ${posted.moves} adjustment${posted.moves === 1 ? "" : "s"}.`;
      return redirectWithFlash(here, { kind: "success", message });
    }
    await withTenant(member.actor, (tx) => enterCounts(tx, id, input));
    return redirectWithFlash(intent === "review" ? `${here}#differences` : here, {
      kind: "success",
      message: intent === "review" ? "Counts saved: review the differences below, then post them." : "Counts saved.",
    });
  } catch (error) {
    return actionFailure(besideField(error), formValues(formData));
  }
}

export default function StockCount() {
  const { count, warehouse, rows, lines, showCost, idempotencyToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const submitting = navigation.state === "submitting";
  const open = count.status === "open";
  const differences = lines.filter((l) => l.difference !== "0");
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/inventory/counts`}>All stock counts</ParentLink>
      <PageHeader
        title={`Count of ${warehouse}, ${formatDate(count.countDate, organisation.locale)}`}
        description={`${COUNT_STATUS_LABELS[count.status] ?? count.status}${count.note ? ` · ${count.note}` : ""}. Adjustments are posted on the count's date.`}
      />
      <InventoryNav />
      <FormError message={actionData?.formError} />
      <FormError message={errors.counted} />
      {open ? (
        <Form method="post" id="count-form" className="space-y-6" noValidate>
          <IdempotencyField token={idempotencyToken} />
          <CardSection id="count-lines" title="Counted quantities" className="card overflow-x-auto">
            <p className="mb-3 text-sm text-slate-600">
              Enter what you find on the shelves; leave an item blank to leave it out of the count. An item counted here but not listed can be added below.
            </p>
            <DataTable
              caption={`Items to count in ${warehouse}`}
              columns={["SKU", "Item", { label: "Counted", className: "w-40" }]}
              rows={rows}
              rowKey={(row) => row.itemId}
              empty="The books hold nothing in this warehouse: add what you find below."
            >
              {(row) => {
                const field = `counted.${row.itemId}`;
                return (
                  <>
                    <td className="min-w-[6rem] break-all">{row.sku}</td>
                    <td>{row.name}</td>
                    <td>
                      <label htmlFor={`count-${row.itemId}`} className="sr-only">
                        Counted, {row.sku}
                      </label>
                      <div className="flex items-center gap-2">
                        <input
                          id={`count-${row.itemId}`}
                          name={field}
                          className="input"
                          inputMode="decimal"
                          autoComplete="off"
                          maxLength={24}
                          defaultValue={values[field] ?? row.counted}
                          aria-invalid={errors[field] ? true : undefined}
                          aria-describedby={errors[field] ? `count-${row.itemId}-error` : undefined}
                        />
                        <span className="text-sm text-slate-500">{row.unit}</span>
                      </div>
                      {errors[field] ? (
                        <p id={`count-${row.itemId}-error`} className="mt-1 text-sm text-red-700">
                          {errors[field]}
                        </p>
                      ) : null}
                    </td>
                  </>
                );
              }}
            </DataTable>
            <div className="mt-4 grid gap-4 border-t border-slate-100 pt-4 sm:grid-cols-3">
              <ItemCodeField
                name="addItem"
                label="Another item"
                defaultValue={values.addItem ?? ""}
                error={errors.addItem}
                hint="SKU or barcode, typed or scanned."
              />
              <TextField
                label="Lot number"
                name="addLot"
                defaultValue={values.addLot ?? ""}
                error={errors.addLot}
                maxLength={64}
                autoComplete="off"
                hint="For items tracked by lot."
              />
              <TextField
                label="Counted"
                name="addCounted"
                inputMode="decimal"
                defaultValue={values.addCounted ?? ""}
                error={errors.addCounted}
                maxLength={24}
                autoComplete="off"
              />
            </div>
          </CardSection>
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="intent" value="save" className="btn-secondary" disabled={submitting}>
              Save counts
            </button>
            <button type="submit" name="intent" value="review" className="btn-primary" disabled={submitting}>
              Review differences
            </button>
          </div>
        </Form>
      ) : null}
      <CardSection id="differences" title="Differences" className="card mt-6 overflow-x-auto">
        <p className="mb-3 text-sm text-slate-600">
          {open
            ? "What was counted against what the books hold now. Posting adjusts the books to the count."
            : "What was counted against what the books held when the count was posted."}
        </p>
        <DataTable
          caption="Counted quantities against the books"
          columns={[
            "SKU",
            "Item",
            { label: "Books", className: "text-right" },
            { label: "Counted", className: "text-right" },
            { label: "Difference", className: "text-right" },
            ...(showCost ? [{ label: "Value", className: "text-right" }] : []),
          ]}
          rows={lines}
          rowKey={(line) => line.id}
          empty="Nothing counted yet."
        >
          {(line) => (
            <>
              <td className="min-w-[6rem] break-all">
                {line.sku}
                {line.lotNumber ? <span className="block text-xs text-slate-500">Lot {line.lotNumber}</span> : null}
              </td>
              <td>{line.name}</td>
              <QuantityCell value={line.expected} unit={line.unit} />
              <QuantityCell value={line.counted} unit={line.unit} />
              <td className={`text-right tabular-nums ${line.difference === "0" ? "text-slate-500" : "font-semibold"}`}>
                <Quantity value={line.difference.startsWith("-") || line.difference === "0" ? line.difference : `+${line.difference}`} unit={line.unit} />
              </td>
              {showCost ? <ValueCell value={line.value} /> : null}
            </>
          )}
        </DataTable>
        {open && lines.length > 0 ? (
          <div className="mt-4 flex flex-wrap items-center gap-2">
            <button type="submit" form="count-form" name="intent" value="post" className="btn-primary" disabled={submitting}>
              Post adjustments
            </button>
            <span className="text-sm text-slate-600">
              {differences.length === 0 ? "Everything matches the books." : `${differences.length} difference${differences.length === 1 ? "" : "s"} to post.`}
            </span>
          </div>
        ) : null}
        {open ? (
          <Form method="post" className="mt-4">
            <button type="submit" name="intent" value="cancel" className="btn-secondary" disabled={submitting}>
              Cancel count
            </button>
          </Form>
        ) : null}
      </CardSection>
    </>
  );
}
