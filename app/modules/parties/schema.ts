import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
    isActive: boolean("is_active").notNull().default(true),
    /** Set by the privacy centre: hidden from lists, search, marketing and exports until this date (kept for the books). */
    restrictedUntil: date("restricted_until"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("suppliers_name_idx").on(t.tenantId, t.name)],
);

