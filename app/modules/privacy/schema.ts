import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/schema";
import { tenants } from "../tenancy/schema";

export const CONSENT_CATEGORIES = ["necessary", "analytics", "marketing"] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];
export const CONSENT_METHODS = ["accept", "reject", "save", "gpc"] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/**
 * Consent is kept per site: Folio's own pages (the folio_* tables, global) and each organisation's public
 * pages (the tenant tables). Records are append-only proof of each choice; states are the current choice.
 */
export const folioConsentRecords = pgTable(
  "folio_consent_records",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    consentId: uuid("consent_id").notNull(),
    categories: text("categories").array().notNull(),
    revision: integer("revision").notNull(),
    method: text("method", { enum: CONSENT_METHODS }).notNull(),
    page: text("page"),
    ipTruncated: text("ip_truncated"),
    userAgent: text("user_agent"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("folio_consent_records_consent_idx").on(t.consentId), index("folio_consent_records_time_idx").on(t.recordedAt)],
);

export const folioConsentStates = pgTable("folio_consent_states", {
  consentId: uuid("consent_id").primaryKey(),
  categories: text("categories").array().notNull(),
  revision: integer("revision").notNull(),
  method: text("method", { enum: CONSENT_METHODS }).notNull(),
  userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const consentRecords = pgTable(
  "consent_records",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    consentId: uuid("consent_id").notNull(),
    categories: text("categories").array().notNull(),
    revision: integer("revision").notNull(),
    method: text("method", { enum: CONSENT_METHODS }).notNull(),
    page: text("page"),
    ipTruncated: text("ip_truncated"),
    userAgent: text("user_agent"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("consent_records_consent_idx").on(t.tenantId, t.consentId),
    index("consent_records_time_idx").on(t.tenantId, t.recordedAt),
  ],
);

export const consentStates = pgTable(
  "consent_states",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    consentId: uuid("consent_id").notNull(),
    categories: text("categories").array().notNull(),
    revision: integer("revision").notNull(),
    method: text("method", { enum: CONSENT_METHODS }).notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.consentId] })],
);

/** An organisation's privacy configuration: what its public pages may load, and its banner's revision. */
export const privacySettings = pgTable("privacy_settings", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  bannerRevision: integer("banner_revision").notNull().default(1),
  analyticsMeasurementId: text("analytics_measurement_id"),
  marketingPixelId: text("marketing_pixel_id"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Versions of Folio's own privacy notice. */
export const folioNoticeVersions = pgTable("folio_notice_versions", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  version: integer("version").notNull().unique(),
  bodyMarkdown: text("body_markdown").notNull(),
  lastUpdated: date("last_updated").notNull(),
  effectiveDate: date("effective_date").notNull(),
  material: boolean("material").notNull(),
  publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  publishedByUserId: uuid("published_by_user_id").references(() => users.id, { onDelete: "set null" }),
});

export const folioNoticeAcknowledgements = pgTable(
  "folio_notice_acknowledgements",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.version] })],
);

/** Versions of an organisation's notice for its landing pages and customers. */
export const noticeVersions = pgTable(
  "notice_versions",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    version: integer("version").notNull(),
    bodyMarkdown: text("body_markdown").notNull(),
    lastUpdated: date("last_updated").notNull(),
    effectiveDate: date("effective_date").notNull(),
    material: boolean("material").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    publishedByUserId: uuid("published_by_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique("notice_versions_tenant_version_unique").on(t.tenantId, t.version)],
);

export const noticeAcknowledgements = pgTable(
  "notice_acknowledgements",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.version] })],
);
