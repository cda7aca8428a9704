import { defineDataMap, erase, NOT_PERSONAL, personal } from "~/modules/platform/data-map";

/** The personal data of identity's tables (app/modules/platform/data-map.ts). Folio is the controller of accounts. */
export const IDENTITY_DATA_MAP = defineDataMap("identity", "folio", [
  {
    table: "users",
    purpose: "Folio accounts: signing in, mail about the account",
    legalBasis: "contract",
    retention: "while the account exists; deleted 30 days after the owner asks",
    recipients: "the email provider (Resend) for account mail; the host",
    source: "the person, at sign-up",
    key: ["id"],
    locate: [{ by: "email", column: "email" }],
    columns: {
      id: NOT_PERSONAL,
      email: personal("contact", "user", erase.anonymise("erased_email")),
      name: personal("identity", "user", erase.anonymise("placeholder")),
      password_hash: personal("credentials", "user", erase.anonymise("random_secret")),
      email_verified_at: personal("activity", "user", erase.anonymise("null")),
      adult_confirmed_at: personal("activity", "user", erase.anonymise("null")),
      privacy_notice_version: NOT_PERSONAL,
      password_changed_at: personal("activity", "user", erase.anonymise("null")),
      deletion_due_at: personal("activity", "user", erase.anonymise("null")),
      created_at: NOT_PERSONAL,
      updated_at: NOT_PERSONAL,
    },
  },
  {
    table: "sessions",
    purpose: "keeping a user signed in",
    legalBasis: "contract",
    retention: "until the session expires (30 days)",
    key: ["id"],
    locate: [{ by: "reference", column: "user_id", table: "users" }],
    columns: {
      id: personal("online_identifier", "user", erase.delete),
      user_id: personal("online_identifier", "user", erase.delete),
      expires_at: NOT_PERSONAL,
    },
  },
  {
    table: "user_tokens",
    purpose: "email verification and password reset links",
    legalBasis: "contract",
    retention: "until used or expired",
    key: ["id"],
    locate: [{ by: "reference", column: "user_id", table: "users" }],
    columns: {
      id: NOT_PERSONAL,
      user_id: personal("online_identifier", "user", erase.delete),
      purpose: NOT_PERSONAL,
      token_hash: personal("credentials", "user", erase.delete),
      expires_at: NOT_PERSONAL,
      used_at: NOT_PERSONAL,
      created_at: NOT_PERSONAL,
    },
  },
]);
