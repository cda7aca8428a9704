import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import { postgresError, queryRows, UNIQUE_VIOLATION, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { findItemBySku, findItemsByIds, getItem } from "~/modules/inventory/items.server";
import { divRound, parseQuantity } from "~/modules/inventory/quantities";
import { getParty } from "~/modules/parties/parties.server";
import { AppError } from "~/modules/platform/errors";
import { isUuid } from "~/utils/ids";
import type { ItemPriceInput, PriceListInput } from "./price-list-forms";
import { customerPriceLists, priceListItems, priceLists } from "./schema";

/*
 * Price lists (docs/decisions/0025-price-lists-and-customer-search.md). An organisation has at most one default
 * list; a customer may be given a list of his own. A list holds item prices with quantity breaks (the price of
 * the largest break not above the quantity applies), an optional discount on all its prices in basis points, and
 * says whether its prices include tax. priceFor answers what a sale of an item to a customer costs; everything is
 * exact integer arithmetic on minor units, millionths of a unit and basis points.
 */

export type PriceList = typeof priceLists.$inferSelect;
export type PriceListItem = typeof priceListItems.$inferSelect;

const NOT_FOUND = "This price list does not exist in this organisation.";
const BP = 10_000n;

function conflictOnName(error: unknown, name: string): never {
  const info = postgresError(error);
  if (info?.code === UNIQUE_VIOLATION && info.constraint === "price_lists_tenant_name_unique") {
    throw new AppError("conflict", `Another price list is already called ${name}.`, { reason: "duplicate_price_list", field: "name" });
  }
  if (info?.code === UNIQUE_VIOLATION && info.constraint === "price_lists_one_default") {
    throw new AppError("conflict", "Another price list became the default at the same moment; reload and try again.", { reason: "default_taken", field: "isDefault" });
  }
  throw error;
}

export interface PriceListSummary extends PriceList {
  prices: number;
  customers: number;
}

/** The organisation's price lists, the default first, then by name, with how many prices and customers each has. */
export async function listPriceLists(tx: Tx): Promise<PriceListSummary[]> {
  const rows = await tx
    .select({
      list: priceLists,
      prices: sql<number>`(select count(*)::int from price_list_items i where i.tenant_id = price_lists.tenant_id and i.price_list_id = price_lists.id)`,
      customers: sql<number>`(select count(*)::int from customer_price_lists c where c.tenant_id = price_lists.tenant_id and c.price_list_id = price_lists.id)`,
    })
    .from(priceLists)
    .orderBy(desc(priceLists.isDefault), asc(sql`lower(${priceLists.name})`), asc(priceLists.id));
  return rows.map((row) => ({ ...row.list, prices: Number(row.prices), customers: Number(row.customers) }));
}

export async function getPriceList(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<PriceList> {
  if (!isUuid(id)) throw new AppError("not_found", NOT_FOUND, { reason: "unknown_price_list" });
  const query = tx.select().from(priceLists).where(eq(priceLists.id, id));
  const [list] = options.lock ? await query.for("update") : await query;
  if (!list) throw new AppError("not_found", NOT_FOUND, { reason: "unknown_price_list" });
  return list;
}

function listValues(input: PriceListInput) {
  return {
    name: input.name,
    taxInclusive: input.taxInclusive,
    discountBp: input.discount,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    isDefault: input.isDefault,
    isActive: input.isActive,
  };
}

/** Only one list is the default: making one the default takes the mark from the one that had it. */
async function takeDefault(tx: Tx, except: string | null) {
  await tx
    .update(priceLists)
    .set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(priceLists.isDefault, true), except ? ne(priceLists.id, except) : undefined));
}

function checkDefaultIsActive(input: PriceListInput) {
  if (input.isDefault && !input.isActive) {
    throw new AppError("invalid", "The default price list must be active.", { reason: "inactive_default", field: "isActive" });
  }
}

export async function createPriceList(tx: Tx, input: PriceListInput): Promise<PriceList> {
  checkDefaultIsActive(input);
  if (input.isDefault) await takeDefault(tx, null);
  let list: PriceList;
  try {
    [list] = await tx
      .insert(priceLists)
      .values({ tenantId: sql`app_tenant_id()`, ...listValues(input) })
      .returning();
  } catch (error) {
    conflictOnName(error, input.name);
  }
  await recordAudit(tx, { action: "sales.price_list_created", entityType: "price_list", entityId: list.id, after: list });
  return list;
}

export async function updatePriceList(tx: Tx, id: string, input: PriceListInput): Promise<PriceList> {
  const before = await getPriceList(tx, id, { lock: true });
  checkDefaultIsActive(input);
  const values = listValues(input);
  if (Object.entries(values).every(([field, value]) => before[field as keyof PriceList] === value)) return before;
  if (input.isDefault && !before.isDefault) await takeDefault(tx, id);
  let after: PriceList;
  try {
    [after] = await tx
      .update(priceLists)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(priceLists.id, id))
      .returning();
  } catch (error) {
    conflictOnName(error, input.name);
  }
  await recordAudit(tx, { action: "sales.price_list_updated", entityType: "price_list", entityId: id, before, after });
  return after;
}

export interface PricedItem extends PriceListItem {
  sku: string;
  itemName: string;
  unit: string;
  unitDecimals: number;
}

/** A list's prices, by item SKU and then by quantity break. */
export async function listPriceListItems(tx: Tx, priceListId: string): Promise<PricedItem[]> {
  await getPriceList(tx, priceListId);
  const rows = await tx.select().from(priceListItems).where(eq(priceListItems.priceListId, priceListId));
  const itemsById = await findItemsByIds(
    tx,
    rows.map((row) => row.itemId),
  );
  return rows
    .map((row) => {
      const item = itemsById.get(row.itemId);
      return { ...row, sku: item?.sku ?? "", itemName: item?.name ?? "", unit: item?.unit ?? "", unitDecimals: item?.unitDecimals ?? 0 };
    })
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.minQuantityMicro < b.minQuantityMicro ? -1 : a.minQuantityMicro > b.minQuantityMicro ? 1 : 0));
}

/**
 * Sets the price of the item (by SKU) on the list from a quantity on, replacing the price of that break if it has
 * one. The quantity is read in the item's unit (its decimals); 0 is "any quantity". Audited.
 */
export async function setItemPrice(tx: Tx, priceListId: string, input: ItemPriceInput): Promise<PriceListItem> {
  await getPriceList(tx, priceListId, { lock: true });
  const item = await findItemBySku(tx, input.sku);
  if (!item) throw new AppError("invalid", `No item has the SKU ${input.sku}.`, { reason: "unknown_item", field: "sku" });
  const minQuantityMicro = parseQuantity(input.minQuantity.trim() || "0", { decimals: item.unitDecimals, field: "minQuantity", label: "The quantity", allowZero: true, unit: item.unit });
  if (input.unitPrice < 0n) throw new AppError("invalid", "The unit price cannot be negative.", { reason: "negative_price", field: "unitPrice" });
  const [before] = await tx
    .select()
    .from(priceListItems)
    .where(and(eq(priceListItems.priceListId, priceListId), eq(priceListItems.itemId, item.id), eq(priceListItems.minQuantityMicro, minQuantityMicro)))
    .for("update");
  if (before && before.unitPriceMinor === input.unitPrice) return before;
  const [after] = before
    ? await tx.update(priceListItems).set({ unitPriceMinor: input.unitPrice, updatedAt: new Date() }).where(eq(priceListItems.id, before.id)).returning()
    : await tx
        .insert(priceListItems)
        .values({ tenantId: sql`app_tenant_id()`, priceListId, itemId: item.id, minQuantityMicro, unitPriceMinor: input.unitPrice })
        .returning();
  await recordAudit(tx, { action: "sales.price_set", entityType: "price_list", entityId: priceListId, before: before ?? null, after });
  return after;
}

export async function removeItemPrice(tx: Tx, priceListId: string, priceId: string): Promise<void> {
  await getPriceList(tx, priceListId, { lock: true });
  const [before] = isUuid(priceId)
    ? await tx
        .delete(priceListItems)
        .where(and(eq(priceListItems.priceListId, priceListId), eq(priceListItems.id, priceId)))
        .returning()
    : [];
  if (!before) throw new AppError("not_found", "This price is not on the list.", { reason: "unknown_price" });
  await recordAudit(tx, { action: "sales.price_removed", entityType: "price_list", entityId: priceListId, before });
}

/** The list the customer was given, or null (the default applies). A customer the member cannot see is not found. */
export async function customerPriceList(tx: Tx, customerId: string): Promise<PriceList | null> {
  await getParty(tx, "customer", customerId);
  const [row] = await tx
    .select({ list: priceLists })
    .from(customerPriceLists)
    .innerJoin(priceLists, and(eq(priceLists.tenantId, customerPriceLists.tenantId), eq(priceLists.id, customerPriceLists.priceListId)))
    .where(eq(customerPriceLists.customerId, customerId));
  return row?.list ?? null;
}

/** Gives the customer a price list, or (null) takes it away so the default applies. Audited as customer.price_list_set. */
export async function setCustomerPriceList(tx: Tx, customerId: string, priceListId: string | null): Promise<void> {
  const before = await customerPriceList(tx, customerId);
  if ((before?.id ?? null) === priceListId) return;
  if (priceListId) {
    const list = await getPriceList(tx, priceListId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "not_found") throw new AppError("invalid", "Choose a price list of this organisation.", { reason: "unknown_price_list", field: "priceListId" });
      throw error;
    });
    if (!list.isActive) throw new AppError("invalid", `The price list ${list.name} is inactive; choose an active one.`, { reason: "inactive_price_list", field: "priceListId" });
    await tx
      .insert(customerPriceLists)
      .values({ tenantId: sql`app_tenant_id()`, customerId, priceListId })
      .onConflictDoUpdate({ target: [customerPriceLists.tenantId, customerPriceLists.customerId], set: { priceListId, updatedAt: new Date() } });
  } else {
    await tx.delete(customerPriceLists).where(eq(customerPriceLists.customerId, customerId));
  }
  await recordAudit(tx, {
    action: "customer.price_list_set",
    entityType: "customer",
    entityId: customerId,
    before: { priceListId: before?.id ?? null },
    after: { priceListId },
  });
}

export interface Price {
  /** Per base unit of the item, in minor units, before the discount. */
  unitPriceMinor: bigint;
  /** The list's discount in basis points (0 to 10,000). */
  discountBp: number;
  /** Whether unitPriceMinor includes tax. */
  taxInclusive: boolean;
  /** The list that priced the sale (the customer's, else the default), or null when none applies. */
  priceListId: string | null;
}

/**
 * What the item costs the customer on `date` for `quantity` (millionths of the base unit, or a decimal string
 * in the base unit). The list that applies is the customer's own when it is active and valid on the date, else
 * the organisation's default under the same conditions. The price is that list's for the largest quantity break
 * not above the quantity; a list without a price for the item falls back to the default list's price and then to
 * the item's sale price (tax-exclusive); the discount is the applying list's whichever price was found. An item
 * of another organisation is not found (404); a customer the member cannot see gets the default list.
 */
export async function priceFor(tx: Tx, input: { customerId: string | null; itemId: string; quantity: bigint | string; date: string }): Promise<Price> {
  const item = await getItem(tx, input.itemId);
  const quantity = typeof input.quantity === "bigint" ? input.quantity : parseQuantity(input.quantity, { decimals: 6, field: "quantity", allowZero: true });
  const customerId = input.customerId && isUuid(input.customerId) ? input.customerId : null;
  // The candidate lists (the customer's, then the default), each with its price for the item at the quantity.
  const lists = await queryRows<{ id: string; rank: number; discount_bp: number; tax_inclusive: boolean; price: string | null }>(
    tx,
    sql`
      with candidates as (
        select pl.id, 0 as rank, pl.discount_bp, pl.tax_inclusive
          from customer_price_lists cpl
          join price_lists pl on pl.tenant_id = cpl.tenant_id and pl.id = cpl.price_list_id
         where cpl.customer_id = ${customerId}::uuid
        union all
        select pl.id, 1 as rank, pl.discount_bp, pl.tax_inclusive from price_lists pl where pl.is_default
      )
      select c.id, c.rank, c.discount_bp, c.tax_inclusive,
             (select i.unit_price_minor::text from price_list_items i
               where i.tenant_id = pl.tenant_id and i.price_list_id = c.id and i.item_id = ${item.id}::uuid and i.min_quantity_micro <= ${quantity.toString()}::bigint
               order by i.min_quantity_micro desc limit 1) as price
        from candidates c
        join price_lists pl on pl.id = c.id
       where pl.is_active
         and (pl.valid_from is null or pl.valid_from <= ${input.date}::date)
         and (pl.valid_until is null or pl.valid_until >= ${input.date}::date)
       order by c.rank`,
  );
  const applying = lists[0];
  if (!applying) return { unitPriceMinor: item.salePriceMinor, discountBp: 0, taxInclusive: false, priceListId: null };
  const priced = lists.find((list) => list.price !== null);
  return {
    unitPriceMinor: priced ? BigInt(priced.price!) : item.salePriceMinor,
    discountBp: Number(applying.discount_bp),
    taxInclusive: priced ? Boolean(priced.tax_inclusive) : false,
    priceListId: applying.id,
  };
}

/**
 * The amount of a line: unit price times quantity (millionths) less the discount (basis points), rounded half
 * away from zero to the minor unit once, at the end. Exact: bigint throughout.
 */
export function discountedLineMinor(unitPriceMinor: bigint, quantityMicro: bigint, discountBp: number): bigint {
  return divRound(unitPriceMinor * quantityMicro * (BP - BigInt(discountBp)), 1_000_000n * BP);
}
