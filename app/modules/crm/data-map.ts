import { defineDataMap, erase, NOT_PERSONAL, personal } from "~/modules/platform/data-map";

const plain = (...names: string[]) => Object.fromEntries(names.map((name) => [name, NOT_PERSONAL]));

/** The personal data of the CRM: leads from landing pages, and visits. */
export const CRM_DATA_MAP = defineDataMap("crm", "tenant", [
  {
    table: "landing_pages",
    purpose: "the organisation's public landing pages",
    legalBasis: "legitimate interests",
    retention: "while published or kept by the organisation",
    key: ["tenant_id", "id"],
    columns: {
      ...plain("tenant_id", "id", "slug", "title", "body_markdown", "fields", "marketing_consent_enabled", "marketing_consent_wording", "is_published", "created_at", "updated_at"),
      notification_email: personal("contact", "user", erase.anonymise("null")),
    },
  },
  {
    table: "landing_visits",
    purpose: "counting visits to landing pages by campaign",
    legalBasis: "consent",
    retention: "12 months",
    source: "the visitor's browser, with marketing consent only for the visitor id",
    key: ["tenant_id", "id"],
    columns: {
      ...plain("tenant_id", "id", "landing_page_id", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "visited_at"),
      visitor_id: personal("online_identifier", "visitor", erase.anonymise("null")),
      referrer: personal("online_identifier", "visitor", erase.anonymise("null")),
    },
  },
  {
    table: "leads",
    auditEntityType: "lead",
    changedAt: "updated_at",
    purpose: "answering people who left their details on a landing page; marketing with consent",
    legalBasis: "consent",
    retention: "until the lead is lost or asks for erasure; 24 months without contact",
    source: "the person, on a landing page",
    key: ["tenant_id", "id"],
    locate: [{ by: "email", column: "email" }],
    restrictable: true,
    deleteRow: true,
    columns: {
      ...plain("tenant_id", "id", "status", "owner_user_id", "source_page_id", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "restricted_until", "created_at", "updated_at"),
      name: personal("identity", "lead", erase.delete),
      email: personal("contact", "lead", erase.delete),
      phone: personal("contact", "lead", erase.delete),
      company: personal("identity", "lead", erase.delete),
      message: personal("communication", "lead", erase.delete),
      referrer: personal("online_identifier", "lead", erase.delete),
      marketing_consent: personal("preferences", "lead", erase.delete),
      marketing_consent_wording: personal("preferences", "lead", erase.delete),
      marketing_consent_at: personal("preferences", "lead", erase.delete),
    },
  },
]);
