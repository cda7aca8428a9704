import { defineDataMap, erase, NOT_PERSONAL, personal } from "~/modules/platform/data-map";

/** The personal data of the email outbox. */
export const EMAIL_DATA_MAP = defineDataMap("email", "folio", [
  {
    table: "outbox_messages",
    purpose: "delivering mail that Folio and organisations send",
    legalBasis: "contract",
    retention: "30 days after sending",
    recipients: "the email provider (Resend)",
    key: ["id"],
    locate: [{ by: "email", column: "to_address" }],
    deleteRow: true,
    columns: {
      id: NOT_PERSONAL,
      template: NOT_PERSONAL,
      to_address: personal("contact", "user", erase.delete),
      subject: personal("communication", "user", erase.delete),
      html: personal("communication", "user", erase.delete),
      text: personal("communication", "user", erase.delete),
      status: NOT_PERSONAL,
      transport: NOT_PERSONAL,
      attempts: NOT_PERSONAL,
      next_attempt_at: NOT_PERSONAL,
      last_error: NOT_PERSONAL,
      provider_message_id: NOT_PERSONAL,
      sent_at: NOT_PERSONAL,
      created_at: NOT_PERSONAL,
    },
  },
  {
    table: "outbox_attachments",
    purpose: "delivering mail that Folio and organisations send: the files sent with it (an invoice's PDF)",
    legalBasis: "contract",
    retention: "with its message: 30 days after sending",
    recipients: "the email provider (Resend)",
    key: ["message_id", "position"],
    locate: [{ by: "reference", column: "message_id", table: "outbox_messages", key: "id" }],
    deleteRow: true,
    columns: {
      message_id: NOT_PERSONAL,
      position: NOT_PERSONAL,
      filename: personal("communication", "user", erase.delete),
      content_type: NOT_PERSONAL,
      content: personal("communication", "user", erase.delete),
    },
  },
]);
