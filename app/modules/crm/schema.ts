import { sql } from "drizzle-orm";
import { boolean, date, foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/schema";
import { tenants } from "../tenancy/schema";

export const LANDING_FIELDS = ["name", "email", "phone", "company", "message"] as const;
export type LandingField = (typeof LANDING_FIELDS)[number];
export const LEAD_STATUSES = ["new", "contacted", "qualified", "lost"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const landingPages = pgTable(
  "landing_pages",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    bodyMarkdown: text("body_markdown").notNull().default(""),
    fields: text("fields").array().notNull(),
    marketingConsentEnabled: boolean("marketing_consent_enabled").notNull().default(false),
    marketingConsentWording: text("marketing_consent_wording"),
    notificationEmail: text("notification_email"),
    isPublished: boolean("is_published").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique("landing_pages_tenant_slug_unique").on(t.tenantId, t.slug)],
);

export const landingVisits = pgTable(
  "landing_visits",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    landingPageId: uuid("landing_page_id").notNull(),
    /** The consent id, only when the visitor's marketing consent allows linking visits. */
    visitorId: uuid("visitor_id"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    utmTerm: text("utm_term"),
    utmContent: text("utm_content"),
    referrer: text("referrer"),
    visitedAt: timestamp("visited_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "landing_visits_page_fk", columns: [t.tenantId, t.landingPageId], foreignColumns: [landingPages.tenantId, landingPages.id] }).onDelete("cascade"),
    index("landing_visits_visitor_idx").on(t.tenantId, t.visitorId),
    index("landing_visits_page_idx").on(t.tenantId, t.landingPageId, t.visitedAt),
  ],
);

export const leads = pgTable(
  "leads",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    company: text("company"),
    message: text("message"),
    status: text("status", { enum: LEAD_STATUSES }).notNull().default("new"),
    ownerUserId: uuid("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    sourcePageId: uuid("source_page_id"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    utmTerm: text("utm_term"),
    utmContent: text("utm_content"),
    referrer: text("referrer"),
    marketingConsent: boolean("marketing_consent").notNull().default(false),
    marketingConsentWording: text("marketing_consent_wording"),
    marketingConsentAt: timestamp("marketing_consent_at", { withTimezone: true }),
    /** Set by the privacy centre: hidden from lists, search, marketing and exports until this date. */
    restrictedUntil: date("restricted_until"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "leads_source_page_fk", columns: [t.tenantId, t.sourcePageId], foreignColumns: [landingPages.tenantId, landingPages.id] }),
    index("leads_status_idx").on(t.tenantId, t.status, t.createdAt),
    index("leads_campaign_idx").on(t.tenantId, t.utmCampaign),
    index("leads_owner_idx").on(t.tenantId, t.ownerUserId),
  ],
);
