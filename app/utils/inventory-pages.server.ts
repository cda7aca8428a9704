import type { ReorderRow } from "~/components/inventory/reorder-list";
import { idParam } from "~/modules/inventory/forms";
import type { ItemListRow } from "~/modules/inventory/items.server";
import { formatQuantity } from "~/modules/inventory/quantities";
import { can, type Role } from "~/modules/tenancy/permissions";
import { notFound } from "./responses.server";

/*
 * What the inventory pages share on the server: who sees costs, the ids in their addresses, and what they send
 * to the browser from what the inventory module returns (bigints as strings, as JSON has none). A salesman sees
 * items, prices and availability, never what they cost: the loaders read without cost for him (the module's
 * withCost: false), so the cost is not in the page's data at all, not only out of its table.
 */

/** Whether a member sees costs and stock values: those who store or buy the goods or read the books; not salesmen. */
export function seesCost(role: Role): boolean {
  return can(role, "inventory:write") || can(role, "ledger:read") || can(role, "purchasing:read");
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

/** An item at or below its reorder level, for the reorder lists: the suggested order is its reorder quantity, or what brings it back to its level if that is more. */
export function reorderRows(items: ReadonlyArray<ItemListRow>): ReorderRow[] {
  return items.map((item) => {
    const level = item.reorderLevelMicro ?? 0n;
    const shortfall = level - item.onHandMicro;
    const quantity = item.reorderQtyMicro ?? 0n;
    return {
      id: item.id,
      sku: item.sku,
      name: item.name,
      unit: item.unit,
      onHand: formatQuantity(item.onHandMicro),
      available: formatQuantity(item.availableMicro),
      reorderLevel: formatQuantity(level),
      suggested: formatQuantity(quantity > shortfall ? quantity : shortfall),
    };
  });
}
