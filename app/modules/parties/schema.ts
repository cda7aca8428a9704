import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/schema";
import { tenants } from "../tenancy/schema";

/** The two kinds of party: the people the organisation sells to, and those it buys from. */
export const PARTY_KINDS = ["customer", "supplier"] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const customers = pgTable(
  "customers",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    taxId: text("tax_id"),
    billingAddress: text("billing_address"),
    /** The salesman who sees this customer; salesmen see only their own customers. */
    assignedUserId: uuid("assigned_user_id").references(() => users.id, { onDelete: "set null" }),
    paymentTermsDays: integer("payment_terms_days").notNull().default(30),
    /** The most the customer may owe, in minor units of the organisation's currency; null: no limit. */
    creditLimitMinor: bigint("credit_limit_minor", { mode: "bigint" }),
    /** Sales to this customer carry no tax (an exemption certificate, an export). */
    taxExempt: boolean("tax_exempt").notNull().default(false),
    notes: text("notes"),
    /** lower(name), kept by a trigger: the customer search's prefix index (docs/decisions/0025). */
    searchName: text("search_name").notNull().default(""),
    isActive: boolean("is_active").notNull().default(true),
    /** Set by the privacy centre: hidden from lists, search, marketing and exports until this date (kept for the books). */
    restrictedUntil: date("restricted_until"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("customers_name_idx").on(t.tenantId, t.name),
    index("customers_assigned_idx").on(t.tenantId, t.assignedUserId),
    index("customers_search_idx").on(t.tenantId, sql`${t.searchName} collate "C"`),
    check("customers_credit_limit", sql`${t.creditLimitMinor} is null or ${t.creditLimitMinor} >= 0`),
  ],
);

/** A customer's delivery addresses; one of them may be the default for new orders. */
export const customerAddresses = pgTable(
  "customer_addresses",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    customerId: uuid("customer_id").notNull(),
    /** What the office calls it: "Warehouse", "Shop in Leeds". */
    label: text("label").notNull(),
    street: text("street").notNull(),
    city: text("city").notNull(),
    postalCode: text("postal_code"),
    /** ISO 3166-1 alpha-2, upper case. */
    country: text("country"),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "customer_addresses_customer_fk", columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }).onDelete("cascade"),
    index("customer_addresses_customer_idx").on(t.tenantId, t.customerId),
  ],
);

/** The people at a customer the organisation deals with (buyer, accounts payable). */
export const customerContacts = pgTable(
  "customer_contacts",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    customerId: uuid("customer_id").notNull(),
    name: text("name").notNull(),
    role: text("role"),
    email: text("email"),
    phone: text("phone"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "customer_contacts_customer_fk", columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }).onDelete("cascade"),
    index("customer_contacts_customer_idx").on(t.tenantId, t.customerId),
  ],
);

export const suppliers = pgTable(
  "suppliers",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    taxId: text("tax_id"),
    address: text("address"),
    paymentTermsDays: integer("payment_terms_days").notNull().default(30),
    /** lower(name), kept by a trigger: the search's prefix index, as for customers. */
    searchName: text("search_name").notNull().default(""),
    isActive: boolean("is_active").notNull().default(true),
    /** Set by the privacy centre: hidden from lists, search, marketing and exports until this date (kept for the books). */
    restrictedUntil: date("restricted_until"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("suppliers_name_idx").on(t.tenantId, t.name),
    index("suppliers_search_idx").on(t.tenantId, sql`${t.searchName} collate "C"`),
  ],
);

