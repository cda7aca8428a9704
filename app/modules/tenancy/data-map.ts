import { defineDataMap, erase, NOT_PERSONAL, personal } from "~/modules/platform/data-map";

const MEMBER = erase.keep("a member's access is ended by the organisation (Members), or by deleting the account", { kind: "while", condition: "while the person is a member" });

/** The personal data of tenancy's tables. */
export const TENANCY_DATA_MAP = defineDataMap("tenancy", "tenant", [
  {
    table: "tenants",
    controller: "folio",
    purpose: "the organisations that use Folio",
    legalBasis: "contract",
    retention: "deleted 30 days after the organisation is cancelled",
    key: ["id"],
    columns: { id: NOT_PERSONAL, name: NOT_PERSONAL, slug: NOT_PERSONAL, currency: NOT_PERSONAL, time_zone: NOT_PERSONAL, locale: NOT_PERSONAL, status: NOT_PERSONAL, cancelled_at: NOT_PERSONAL, created_at: NOT_PERSONAL },
  },
  {
    table: "memberships",
    purpose: "who works in the organisation, with which role",
    legalBasis: "contract",
    retention: "while the person is a member",
    key: ["tenant_id", "id"],
    locate: [{ by: "reference", column: "user_id", table: "users" }],
    columns: {
      tenant_id: NOT_PERSONAL,
      id: NOT_PERSONAL,
      user_id: personal("identity", "user", MEMBER),
      role: personal("identity", "user", MEMBER),
      data_scope: NOT_PERSONAL,
      created_at: NOT_PERSONAL,
      updated_at: NOT_PERSONAL,
    },
  },
  {
    table: "invitations",
    purpose: "inviting people to the organisation",
    legalBasis: "legitimate interests",
    retention: "30 days after accepted, revoked or expired",
    source: "the member who invited the person",
    key: ["tenant_id", "id"],
    locate: [{ by: "email", column: "email" }],
    deleteRow: true,
    columns: {
      tenant_id: NOT_PERSONAL,
      id: NOT_PERSONAL,
      email: personal("contact", "user", erase.delete),
      role: NOT_PERSONAL,
      token_hash: personal("credentials", "user", erase.delete),
      invited_by_membership_id: NOT_PERSONAL,
      expires_at: NOT_PERSONAL,
      accepted_at: NOT_PERSONAL,
      accepted_by_user_id: personal("identity", "user", erase.delete),
      revoked_at: NOT_PERSONAL,
      created_at: NOT_PERSONAL,
    },
  },
  {
    table: "idempotency_keys",
    purpose: "answering a repeated form submission with its first result",
    legalBasis: "legitimate interests",
    retention: "7 days",
    key: ["tenant_id", "key"],
    locate: [{ by: "reference", column: "user_id", table: "users" }],
    deleteRow: true,
    columns: {
      tenant_id: NOT_PERSONAL,
      key: NOT_PERSONAL,
      operation: NOT_PERSONAL,
      user_id: personal("online_identifier", "user", erase.delete),
      request_hash: NOT_PERSONAL,
      result: personal("activity", "user", erase.delete),
      created_at: NOT_PERSONAL,
    },
  },
]);
