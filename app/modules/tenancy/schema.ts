import { sql } from "drizzle-orm";
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/schema";

export const tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique(),
    currency: text("currency").notNull().default("EUR"),
    timeZone: text("time_zone").notNull().default("UTC"),
    locale: text("locale").notNull().default("en-GB"),
    status: text("status", { enum: ["active", "cancelled"] }).notNull().default("active"),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("tenants_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("tenants_slug_format", sql`${t.slug} ~ '^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$'`),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "accountant", "storekeeper", "salesman", "viewer"] }).notNull(),
    dataScope: text("data_scope", { enum: ["all", "assigned"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("memberships_tenant_user_unique").on(t.tenantId, t.userId),
    index("memberships_user_idx").on(t.userId),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    email: text("email").notNull(),
    role: text("role", { enum: ["owner", "admin", "accountant", "storekeeper", "salesman", "viewer"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedByMembershipId: uuid("invited_by_membership_id").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedByUserId: uuid("accepted_by_user_id").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("invitations_tenant_token_unique").on(t.tenantId, t.tokenHash),
    foreignKey({
      name: "invitations_invited_by_fk",
      columns: [t.tenantId, t.invitedByMembershipId],
      foreignColumns: [memberships.tenantId, memberships.id],
    }).onDelete("cascade"),
  ],
);

/**
 * One row per form submission that posted a document: the token the form carried (made when it was rendered),
 * what it asked for, and the result the first submission got, written in that submission's transaction. A
 * repeat of the token is answered from here. See docs/decisions/0015-idempotent-form-submissions.md.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    key: uuid("key").notNull(),
    /** What the submission does, like "ledger.post_draft"; a token serves one operation. */
    operation: text("operation").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** sha256 of the operation and its input: a repeat that asks for something else is refused. */
    requestHash: text("request_hash").notNull(),
    /** The first submission's result, as the route needs it to answer again (the posted document's id...). */
    result: jsonb("result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), index("idempotency_keys_created_idx").on(t.tenantId, t.createdAt)],
);
