import type { MoveView } from "~/components/inventory/move-table";
import type { ReorderRow } from "~/components/inventory/reorder-list";
import { idParam } from "~/modules/inventory/forms";
import { AppError, isAppError } from "~/modules/platform/errors";
import { formatQuantity } from "~/modules/inventory/quantities";
import type { MoveRow, ReorderRow as ReorderItem } from "~/modules/inventory/stock-reports.server";
import { canSeeCost } from "~/modules/inventory/cost";
import type { Role } from "~/modules/tenancy/permissions";
import { notFound } from "./responses.server";

/*
 * What the inventory pages share on the server: who sees costs, the ids in their addresses, and what they send
 * to the browser from what the inventory module returns (bigints as strings, as JSON has none). A salesman sees
 * items, prices and availability, never what they cost: the loaders read without cost for him (the module's
 * withCost: false), so the cost is not in the page's data at all, not only out of its table.
 */

/** Whether a member sees costs and stock values: the inventory module's rule (everyone but salesmen). */
export function seesCost(role: Role): boolean {
  return canSeeCost(role);
}

/** A cost or value for the page: minor units as a string, or null for a member who may not see it. */
export function costFor(cost: boolean, minor: bigint | null | undefined): string | null {
  return cost && minor !== null && minor !== undefined ? minor.toString() : null;
}

function idFrom(value: string | undefined, message: string): string {
  const parsed = idParam.safeParse(value);
  if (!parsed.success) throw notFound(message);
  return parsed.data;
}

export const itemIdFrom = (params: { itemId?: string }) => idFrom(params.itemId, "That item does not exist in this organisation.");
export const warehouseIdFrom = (params: { warehouseId?: string }) => idFrom(params.warehouseId, "That warehouse does not exist in this organisation.");
export const countIdFrom = (params: { countId?: string }) => idFrom(params.countId, "That stock count does not exist in this organisation.");

/** Items at or below their reorder level (the module's reorderList), for the reorder lists. */
export function reorderRows(items: ReadonlyArray<ReorderItem>): ReorderRow[] {
  return items.map((item) => ({
    id: item.itemId,
    sku: item.sku,
    name: item.name,
    unit: item.unit,
    onHand: formatQuantity(item.onHandMicro),
    available: formatQuantity(item.availableMicro),
    reorderLevel: formatQuantity(item.reorderLevelMicro),
    suggested: formatQuantity(item.suggestedQtyMicro),
  }));
}

/** Moves for the move tables: quantities as decimals, the source as a person reads it, costs only for those who see them. */
export function moveRows(moves: ReadonlyArray<MoveRow>, cost: boolean): MoveView[] {
  return moves.map((move) => ({
    id: move.id,
    moveDate: move.moveDate,
    kind: move.kind,
    itemId: move.itemId,
    sku: move.sku,
    itemName: move.name,
    unit: move.unit,
    warehouse: move.warehouseCode,
    lotNumber: move.lotNumber,
    quantity: formatQuantity(move.qtyMicro),
    quantityAfter: formatQuantity(move.qtyAfterMicro),
    unitCost: costFor(cost, move.unitCostMinor),
    value: costFor(cost, move.valueMinor),
    valueAfter: costFor(cost, move.valueAfterMinor),
    source: SOURCE_LABELS[move.sourceType] ?? move.sourceType,
    reference: move.sourceType === "manual" ? move.sourceId : null,
    reason: move.reason,
    journalEntryId: cost ? move.journalEntryId : null,
  }));
}

const SOURCE_LABELS: Record<string, string> = {
  manual: "Entered by hand",
  stock_count: "Stock count",
  import: "Import",
  sales_invoice: "Sales invoice",
  purchase_receipt: "Purchase receipt",
};

/**
 * A refusal of the module, beside the form's own field: the module's field names mapped to the form's (`names`),
 * and a record that does not exist named in a form field (another organisation's warehouse id sent in the form)
 * said beside that field rather than as a 404 page. Anything else is returned as it is.
 */
export function besideField(error: unknown, names: Record<string, string> = {}): unknown {
  if (!isAppError(error) || !error.field) return error;
  const field = names[error.field] ?? error.field;
  const code = error.code === "not_found" ? "invalid" : error.code;
  if (field === error.field && code === error.code) return error;
  return new AppError(code, error.message, {
    field,
    reason: error.reason,
    cause: error.cause,
  });
}
