import { defineDataMap, erase, NOT_PERSONAL, personal } from "~/modules/platform/data-map";

const AUDIT_KEEP = erase.keep("the audit trail is append-only proof of who changed what (security, accountability)", { kind: "months", months: 12, from: "occurred_at" });

/** The personal data of the audit trail: kept 12 months, never changed (hash-chained and append-only). */
export const AUDIT_DATA_MAP = defineDataMap("audit", "tenant", [
  {
    table: "audit_events",
    purpose: "the audit trail: who changed what, when, from where",
    legalBasis: "legitimate interests",
    retention: "12 months",
    key: ["tenant_id", "id"],
    immutable: true,
    locate: [
      { by: "reference", column: "actor_user_id", table: "users" },
      { by: "reference", column: "entity_id", table: "customers" },
      { by: "reference", column: "entity_id", table: "suppliers" },
      { by: "reference", column: "entity_id", table: "leads" },
    ],
    columns: {
      tenant_id: NOT_PERSONAL,
      id: NOT_PERSONAL,
      occurred_at: NOT_PERSONAL,
      actor_user_id: personal("identity", "user", AUDIT_KEEP),
      actor_label: personal("identity", "user", AUDIT_KEEP),
      action: personal("activity", "user", AUDIT_KEEP),
      entity_type: NOT_PERSONAL,
      entity_id: NOT_PERSONAL,
      before: personal("identity", "customer", AUDIT_KEEP),
      after: personal("identity", "customer", AUDIT_KEEP),
      ip: personal("online_identifier", "user", AUDIT_KEEP),
      user_agent: personal("online_identifier", "user", AUDIT_KEEP),
      prev_hash: NOT_PERSONAL,
      hash: NOT_PERSONAL,
    },
  },
  {
    table: "audit_heads",
    purpose: "the end of each organisation's hash chain",
    legalBasis: "none",
    retention: "one row per organisation",
    key: ["tenant_id"],
    columns: { tenant_id: NOT_PERSONAL, last_id: NOT_PERSONAL, last_hash: NOT_PERSONAL },
  },
]);
