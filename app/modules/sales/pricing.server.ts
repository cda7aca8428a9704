import type { Tx } from "~/db.server";
import { getItem } from "~/modules/inventory/items.server";

export interface PriceQuery {
  customerId: string;
  itemId: string;
  /** Millionths of the item's base unit: quantity breaks of a price list will read it. */
  quantity: bigint;
  /** The document's date (ISO): price lists with validity will read it. */
  date: string;
}

/**
 * The unit price (minor units, tax-exclusive, per base unit) a new line gets when none is typed. Today the item's
 * sale price; the customer's or the default price list plugs in here (issue 10), so every line of every kind of
 * document asks this one function.
 */
export async function defaultUnitPrice(tx: Tx, query: PriceQuery): Promise<bigint> {
  const item = await getItem(tx, query.itemId);
  return item.salePriceMinor;
}
