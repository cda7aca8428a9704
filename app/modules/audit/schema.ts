import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "../tenancy/schema";

/** Append-only, hash-chained per tenant: `id` is the event's position in its tenant's chain. */
export const auditEvents = pgTable(
  "audit_events",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: bigint("id", { mode: "number" }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    actorUserId: uuid("actor_user_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("audit_events_entity_idx").on(t.tenantId, t.entityType, t.entityId),
    index("audit_events_time_idx").on(t.tenantId, t.occurredAt),
  ],
);

/** The tip of each tenant's audit chain; its row lock orders concurrent appends. */
export const auditHeads = pgTable("audit_heads", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  lastId: bigint("last_id", { mode: "number" }).notNull().default(0),
  lastHash: text("last_hash").notNull().default(""),
});
