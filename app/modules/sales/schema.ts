import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { items } from "../inventory/schema";
import { customers } from "../parties/schema";
import { tenants } from "../tenancy/schema";

/*
 * The sales area's tables. The sales documents (quotations, orders, invoices, payments) come first; the price
 * lists follow in their own section at the end.
 */

// ---------------------------------------------------------------------------------------------------------
// Price lists (docs/decisions/0025-price-lists-and-customer-search.md): a default list per organisation, a
// list per customer, item prices with quantity breaks, an optional discount, prices with or without tax.
// ---------------------------------------------------------------------------------------------------------

export const priceLists = pgTable(
  "price_lists",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    /** The list of customers who have none of their own; at most one per organisation. */
    isDefault: boolean("is_default").notNull().default(false),
    /** Prices entered with tax included (retail) or without (wholesale). */
    taxInclusive: boolean("tax_inclusive").notNull().default(false),
    /** A discount on every price of the list, in basis points (1250 = 12.5%). */
    discountBp: integer("discount_bp").notNull().default(0),
    /** The days the list applies (inclusive); null: open-ended. */
    validFrom: date("valid_from"),
    validUntil: date("valid_until"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("price_lists_tenant_name_unique").on(t.tenantId, sql`lower(${t.name})`),
    uniqueIndex("price_lists_one_default").on(t.tenantId).where(sql`${t.isDefault}`),
    check("price_lists_discount", sql`${t.discountBp} between 0 and 10000`),
    check("price_lists_dates", sql`${t.validFrom} is null or ${t.validUntil} is null or ${t.validFrom} <= ${t.validUntil}`),
  ],
);

/** An item's price on a list from a quantity on: the break with the largest minimum not above the quantity applies. */
export const priceListItems = pgTable(
  "price_list_items",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    priceListId: uuid("price_list_id").notNull(),
    itemId: uuid("item_id").notNull(),
    /** From this quantity on, in millionths of the item's base unit (0: any quantity). */
    minQuantityMicro: bigint("min_quantity_micro", { mode: "bigint" }).notNull().default(sql`0`),
    unitPriceMinor: bigint("unit_price_minor", { mode: "bigint" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "price_list_items_list_fk", columns: [t.tenantId, t.priceListId], foreignColumns: [priceLists.tenantId, priceLists.id] }).onDelete("cascade"),
    foreignKey({ name: "price_list_items_item_fk", columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    uniqueIndex("price_list_items_break_unique").on(t.tenantId, t.priceListId, t.itemId, t.minQuantityMicro),
    index("price_list_items_item_idx").on(t.tenantId, t.itemId),
    check("price_list_items_amounts", sql`${t.unitPriceMinor} >= 0 and ${t.minQuantityMicro} >= 0`),
  ],
);

/** The price list a customer buys from (none: the default list). Sales' own table, since parties may not know sales. */
export const customerPriceLists = pgTable(
  "customer_price_lists",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").notNull(),
    priceListId: uuid("price_list_id").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId] }),
    foreignKey({ name: "customer_price_lists_customer_fk", columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }).onDelete("cascade"),
    foreignKey({ name: "customer_price_lists_list_fk", columns: [t.tenantId, t.priceListId], foreignColumns: [priceLists.tenantId, priceLists.id] }),
    index("customer_price_lists_list_idx").on(t.tenantId, t.priceListId),
  ],
);
