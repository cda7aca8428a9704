import { desc, eq, sql } from "drizzle-orm";
import { createElement } from "react";
import type { Tx } from "~/db.server";
import { SalesDocumentEmail } from "~/emails/sales-document";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { AppError } from "~/modules/platform/errors";
import { formatDate, formatMoney } from "~/utils/format";
import { documentDetail } from "./detail.server";
import { KIND_LABELS } from "./forms";
import { renderInvoicePdf } from "./invoice-pdf.server";
import { printableDocument } from "./printable.server";
import { salesDocumentSends, type DocumentKind } from "./schema";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SendInput {
  documentId: string;
  kind: DocumentKind;
  /** The address; the customer's email when not given. */
  to?: string | null;
  message?: string | null;
  organisation: { name: string; currency: string; locale: string };
}

/**
 * Emails a posted document to its customer with its PDF attached (through the outbox, in this transaction),
 * records the send and audits it. Refused for a draft, and when there is no address to send to.
 */
export async function sendDocument(tx: Tx, input: SendInput): Promise<{ to: string; sentAt: Date }> {
  const detail = await documentDetail(tx, input.documentId, input.kind);
  const { document, customer } = detail;
  if (document.status !== "posted" || !document.number) {
    throw new AppError("conflict", `Post the ${KIND_LABELS[document.kind].toLowerCase()} before sending it: a draft may still change.`, { reason: "not_posted" });
  }
  const to = (input.to?.trim() || customer.email || "").toLowerCase();
  if (!to) throw new AppError("invalid", `${customer.name} has no email address: enter the address to send to.`, { reason: "no_address", field: "to" });
  if (to.length > 254 || !EMAIL.test(to)) throw new AppError("invalid", "Enter an email address such as name@example.com.", { reason: "invalid_email", field: "to" });
  const message = input.message?.trim() || null;
  if (message && message.length > 2000) throw new AppError("invalid", "The message is at most 2,000 characters.", { reason: "too_long", field: "message" });
  const label = `${KIND_LABELS[document.kind]} ${document.number}`;
  const filename = `${document.number}.pdf`;
  const pdf = await renderInvoicePdf(printableDocument(detail, input.organisation));
  await enqueueEmail(tx, {
    template: "sales-document",
    to,
    subject: `${label} from ${input.organisation.name}`,
    body: createElement(SalesDocumentEmail, {
      organisationName: input.organisation.name,
      customerName: customer.name,
      documentLabel: label,
      amount: formatMoney(document.kind === "invoice" ? (detail.outstandingMinor > 0n ? detail.outstandingMinor : document.totalMinor) : document.totalMinor, document.currency, input.organisation.locale),
      dueDate: document.kind === "invoice" && document.dueDate ? formatDate(document.dueDate, input.organisation.locale) : null,
      message,
      attachmentName: filename,
    }),
    attachments: [{ filename, contentType: "application/pdf", content: pdf }],
  });
  const [send] = await tx
    .insert(salesDocumentSends)
    .values({ tenantId: document.tenantId, documentId: document.id, toAddress: to, sentByUserId: sql`app_user_id()` })
    .returning();
  await recordAudit(tx, { action: "sales.document_sent", entityType: "sales_document", entityId: document.id, after: { number: document.number, to } });
  return { to, sentAt: send.sentAt };
}

/** The sends of a document, newest first. */
export async function listSends(tx: Tx, documentId: string): Promise<Array<{ toAddress: string; sentAt: Date }>> {
  return tx
    .select({ toAddress: salesDocumentSends.toAddress, sentAt: salesDocumentSends.sentAt })
    .from(salesDocumentSends)
    .where(eq(salesDocumentSends.documentId, documentId))
    .orderBy(desc(salesDocumentSends.sentAt))
    .limit(50);
}
