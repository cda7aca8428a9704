import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
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
  /** How long the books (and the personal data in them) are kept: the organisation's statutory period. */
  statutoryRetentionYears: integer("statutory_retention_years").notNull().default(10),
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

/* Rights requests (docs/decisions/0023-rights-requests.md). */
export const RIGHTS = ["access", "portability", "rectification", "erasure", "restriction", "objection"] as const;
export type Right = (typeof RIGHTS)[number];
export const REQUEST_STATES = ["unverified", "verified", "in_review", "approved", "denied", "in_progress", "completed", "partially_completed", "cancelled"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The columns of a rights request, shared by an organisation's requests and Folio's own (one code path serves both). */
function rightsRequestColumns() {
  return {
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    reference: text("reference").notNull(),
    right: text("right", { enum: RIGHTS }).notNull(),
    state: text("state", { enum: REQUEST_STATES }).notNull().default("unverified"),
    email: text("email").notNull(),
    emailHash: text("email_hash").notNull(),
    name: text("name"),
    phone: text("phone"),
    description: text("description"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    codeHash: text("code_hash"),
    codeExpiresAt: timestamp("code_expires_at", { withTimezone: true }),
    codeAttempts: integer("code_attempts").notNull().default(0),
    codeSends: integer("code_sends").notNull().default(0),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    extendedAt: timestamp("extended_at", { withTimezone: true }),
    extensionReason: text("extension_reason"),
    decisionReason: text("decision_reason"),
    statement: text("statement"),
    packageExpiresAt: timestamp("package_expires_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  };
}

export const rightsRequests = pgTable(
  "rights_requests",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    ...rightsRequestColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("rights_requests_reference_unique").on(t.tenantId, t.reference),
    index("rights_requests_state_idx").on(t.tenantId, t.state, t.dueAt),
    index("rights_requests_email_idx").on(t.tenantId, t.emailHash),
  ],
);

/** Requests to Folio itself (its users and visitors): a global table, worked by Folio's administrators. */
export const folioRightsRequests = pgTable(
  "folio_rights_requests",
  rightsRequestColumns(),
  (t) => [
    primaryKey({ columns: [t.id] }),
    unique("folio_rights_requests_reference_unique").on(t.reference),
    index("folio_rights_requests_state_idx").on(t.state, t.dueAt),
    index("folio_rights_requests_email_idx").on(t.emailHash),
  ],
);

/** What each erasure did, row by row: append-only, replayed after a restore from backup. */
export const erasureLog = pgTable(
  "privacy_erasure_log",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    requestId: uuid("request_id"),
    emailHash: text("email_hash").notNull(),
    entries: jsonb("entries").notNull(),
    executedAt: timestamp("executed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Rows the law keeps after erasure (or a person restricted): hidden from lists, search, marketing, exports until then. */
export const privacyRestrictions = pgTable(
  "privacy_restrictions",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    requestId: uuid("request_id"),
    tableName: text("table_name").notNull(),
    rowKey: jsonb("row_key").notNull(),
    reason: text("reason").notNull(),
    restrictedUntil: date("restricted_until").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp("released_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("privacy_restrictions_until_idx").on(t.tenantId, t.restrictedUntil)],
);

/** Emails (as sha256 hashes) that objected to marketing: every marketing send checks it, and it survives erasure. */
export const marketingSuppressions = pgTable(
  "marketing_suppressions",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    emailHash: text("email_hash").notNull(),
    requestId: uuid("request_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.emailHash] })],
);

export const BREACH_STATES = ["suspected", "confirmed", "dismissed", "authority_notified", "subjects_notified", "closed"] as const;
export type BreachState = (typeof BREACH_STATES)[number];

/** The breach register: what happened, the 72-hour clock from discovery, and the impact the map and audit trail estimate. */
export const privacyBreaches = pgTable(
  "privacy_breaches",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    description: text("description").notNull(),
    systems: text("systems").notNull(),
    tables: text("tables").array().notNull(),
    discoveredAt: timestamp("discovered_at", { withTimezone: true }).notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    state: text("state", { enum: BREACH_STATES }).notNull().default("suspected"),
    categories: text("categories").array().notNull(),
    affectedEstimate: integer("affected_estimate").notNull(),
    noNoticeReason: text("no_notice_reason"),
    authorityNotifiedAt: timestamp("authority_notified_at", { withTimezone: true }),
    subjectsNotifiedAt: timestamp("subjects_notified_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
