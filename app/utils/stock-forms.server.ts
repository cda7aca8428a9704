import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { Tx } from "~/db.server";
import { adjustFormSchema, issueFormSchema, receiveFormSchema, STOCK_DATE_FIELDS, stockFormQuerySchema, transferFormSchema } from "~/modules/inventory/forms";
import { findItemByCode, getItem, type Item } from "~/modules/inventory/items.server";
import { adjustStock, issueStock, receiveStock, transferStock } from "~/modules/inventory/stock.server";
import { listWarehouses } from "~/modules/inventory/warehouses.server";
import { AppError } from "~/modules/platform/errors";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { IDEMPOTENCY_FIELD, newIdempotencyToken, performOnce } from "~/modules/tenancy/idempotency.server";
import type { StockFormData, StockOperation } from "~/components/inventory/stock-form";
import { todayIn } from "./dates";
import { actionFailure } from "./errors.server";
import { redirectWithFlash } from "./flash.server";
import { badRequest, readFormData } from "./form-responses.server";
import { formValues, parseForm } from "./forms";
import { besideField } from "./inventory-pages.server";

/*
 * The loader and actions of the receive, issue, transfer and adjust forms (one line each). The item is typed or
 * scanned as a SKU or barcode and found here; the module's operation does the rest under its lock, and a
 * refusal (not enough stock: with the quantity available) comes back beside its field. Each form carries an
 * idempotency token, so a double click or a retry posts once.
 */

/** The fields each form shows: a refusal naming another goes above the form. */
const FIELDS: Record<StockOperation, readonly string[]> = {
  receive: ["item", "warehouseId", "quantity", "unitCost", "date", "lotNumber", "expiryDate", "reference"],
  issue: ["item", "warehouseId", "quantity", "date", "lotNumber", "reference"],
  transfer: ["item", "fromWarehouseId", "toWarehouseId", "quantity", "date", "reference"],
  adjust: ["item", "warehouseId", "quantity", "unitCost", "date", "reason"],
};

/** The module names the item by id, the forms by its code; a unit comes with the code scanned. */
const FIELD_NAMES: Record<string, string> = {
  itemId: "item",
  unit: "item",
  lotId: "lotNumber",
};

export async function stockFormLoader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const url = new URL(request.url);
  const itemId = stockFormQuerySchema.shape.item.safeParse(url.searchParams.get("item") || undefined);
  return withTenant(member.actor, async (tx) => {
    const [warehouses, item] = await Promise.all([
      listWarehouses(tx, { status: "active" }),
      itemId.success && itemId.data ? getItem(tx, itemId.data, { withCost: false }).catch(() => null) : Promise.resolve(null),
    ]);
    const fallback = warehouses.find((w) => w.isDefault) ?? warehouses[0];
    return json<StockFormData>({
      warehouses: warehouses.map((w) => ({ value: w.id, label: w.name })),
      defaultWarehouseId: fallback?.id ?? "",
      today: todayIn(member.organisation.timeZone),
      idempotencyToken: newIdempotencyToken(),
      item: item ? { code: item.sku, name: item.name, unit: item.unit } : null,
    });
  });
}

/** The item a typed or scanned code names, and the unit it is counted in (a box's barcode names the box). */
async function itemByCode(tx: Tx, code: string): Promise<{ item: Item; unit: string }> {
  const found = await findItemByCode(tx, code, { withCost: false });
  if (!found)
    throw new AppError("invalid", `No item has the SKU or barcode ${code}.`, {
      reason: "unknown_item",
      field: "item",
    });
  if (found.item.kind !== "stock") throw new AppError("invalid", `${found.item.sku} is a service: it has no stock.`, { reason: "service_item", field: "item" });
  return found;
}

type Done = {
  itemId: string;
  sku: string;
  message: string;
};

export async function stockFormAction(operation: StockOperation, { request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const formData = await readFormData(request);
  const dates = {
    dates: { locale: member.organisation.locale, fields: STOCK_DATE_FIELDS },
  };
  const currency = member.organisation.currency;
  const schema = {
    receive: receiveFormSchema(currency),
    issue: issueFormSchema,
    transfer: transferFormSchema,
    adjust: adjustFormSchema(currency),
  }[operation];
  const parsed = parseForm(schema, formData, dates);
  if (!parsed.ok) return badRequest(parsed);
  const input = parsed.data as Record<string, string | bigint | null | undefined>;
  const token = formData.get(IDEMPOTENCY_FIELD);
  try {
    const done = await withTenant(member.actor, (tx) =>
      performOnce(
        tx,
        {
          token,
          operation: `inventory.${operation}`,
          input: { ...input, unitCost: input.unitCost?.toString() ?? null },
        },
        async (): Promise<Done> => {
          const { item, unit } = await itemByCode(tx, String(input.item));
          return {
            itemId: item.id,
            sku: item.sku,
            message: await perform(tx, operation, item, unit, input),
          };
        },
      ),
    );
    return redirectWithFlash(`/app/${member.organisation.slug}/inventory/items/${done.itemId}`, { kind: "success", message: done.message });
  } catch (error) {
    return actionFailure(besideField(error, FIELD_NAMES), formValues(formData), { fields: FIELDS[operation] });
  }
}

async function perform(
  tx: Tx,
  operation: StockOperation,
  item: Item,
  unit: string,
  input: Record<string, string | bigint | null | undefined>,
): Promise<string> {
  const text = (name: string) => (typeof input[name] === "string" && input[name] ? (input[name] as string) : undefined);
  const reference = text("reference");
  const source = { type: "manual", id: reference ?? null };
  const common = {
    itemId: item.id,
    quantity: String(input.quantity),
    unit,
    date: String(input.date),
    source,
  };
  const what = `${input.quantity} ${unit} of ${item.sku}`;
  switch (operation) {
    case "receive":
      await receiveStock(tx, {
        ...common,
        warehouseId: String(input.warehouseId),
        unitCostMinor: (input.unitCost as bigint | null) ?? undefined,
        lotNumber: text("lotNumber"),
        expiryDate: text("expiryDate"),
      });
      return `Received ${what}.`;
    case "issue":
      await issueStock(tx, {
        ...common,
        warehouseId: String(input.warehouseId),
        lotNumber: text("lotNumber"),
      });
      return `Issued ${what}.`;
    case "transfer":
      await transferStock(tx, {
        ...common,
        fromWarehouseId: String(input.fromWarehouseId),
        toWarehouseId: String(input.toWarehouseId),
      });
      return `Transferred ${what}.`;
    case "adjust":
      await adjustStock(tx, {
        ...common,
        warehouseId: String(input.warehouseId),
        unitCostMinor: (input.unitCost as bigint | null) ?? undefined,
        reason: String(input.reason),
      });
      return `Adjusted ${item.sku} by ${input.quantity} ${unit}.`;
  }
}
