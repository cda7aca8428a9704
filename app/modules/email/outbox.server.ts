import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
import type { ReactElement } from "react";
import { Resend } from "resend";
import { db, type Database, type Queryable } from "~/db.server";
import { env } from "~/modules/platform/env.server";
import { renderEmail } from "./render.server";
import { outboxAttachments, outboxMessages } from "./schema";

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingEmail {
  template: string;
  to: string;
  subject: string;
  body: ReactElement;
  attachments?: EmailAttachment[];
}

/** At most this much attached to one message (providers refuse more than about 40 MB; invoices are far smaller). */
export const MAX_ATTACHMENTS_BYTES = 10 * 1024 * 1024;

/** Renders the message and writes it (and its attachments) to the outbox in the caller's transaction; the worker delivers it. */
export async function enqueueEmail(tx: Queryable, email: OutgoingEmail): Promise<void> {
  const { html, text } = renderEmail(email.body);
  const attachments = email.attachments ?? [];
  if (attachments.reduce((sum, a) => sum + a.content.length, 0) > MAX_ATTACHMENTS_BYTES) {
    throw new Error(`an email's attachments are limited to ${MAX_ATTACHMENTS_BYTES} bytes`);
  }
  // The application may only insert into the outbox (not read it back), so the message's id is chosen here.
  const id = randomUUID();
  await tx.insert(outboxMessages).values({
    id,
    template: email.template,
    toAddress: email.to.toLowerCase(),
    subject: email.subject,
    html,
    text,
  });
  if (attachments.length) {
    await tx.insert(outboxAttachments).values(attachments.map((a, position) => ({ messageId: id, position, filename: a.filename, contentType: a.contentType, content: a.content })));
  }
}

/** The files of a message, in the order they were attached. */
export async function listAttachments(database: Queryable, messageId: string): Promise<EmailAttachment[]> {
  const rows = await database.select().from(outboxAttachments).where(eq(outboxAttachments.messageId, messageId)).orderBy(asc(outboxAttachments.position));
  return rows.map((row) => ({ filename: row.filename, contentType: row.contentType, content: row.content }));
}

/** One message to many addresses (a notice to every member): rendered once, written in as few statements as it takes. */
export async function enqueueEmailToEach(tx: Queryable, email: Omit<OutgoingEmail, "to"> & { to: readonly string[] }): Promise<void> {
  if (email.to.length === 0) return;
  const { html, text } = renderEmail(email.body);
  const rows = email.to.map((to) => ({ template: email.template, toAddress: to.toLowerCase(), subject: email.subject, html, text }));
  for (let start = 0; start < rows.length; start += 500) await tx.insert(outboxMessages).values(rows.slice(start, start + 500));
}

export interface OutgoingMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
  /** The same for every attempt at one outbox message: the provider delivers a key once, however often it is sent. */
  idempotencyKey: string;
}

export interface Transport {
  name: "resend" | "mailbox";
  send(message: OutgoingMessage): Promise<{ id: string | null }>;
}

const mailboxTransport: Transport = { name: "mailbox", send: async () => ({ id: null }) };

/**
 * Shorter than the database's idle-in-transaction timeout (15 s), since a message's row stays locked, its
 * transaction idle, while the provider answers.
 */
export const PROVIDER_TIMEOUT_MS = 10_000;

function resendTransport(apiKey: string, baseUrl: string | undefined): Transport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: "resend",
    async send({ idempotencyKey, attachments, ...message }) {
      const { data, error } = await resend.emails.send(
        {
          from: env().MAIL_FROM,
          ...message,
          ...(attachments.length ? { attachments: attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })) } : {}),
        },
        { idempotencyKey, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) },
      );
      if (error) throw new Error(`${error.name}: ${error.message}`);
      return { id: data?.id ?? null };
    },
  };
}

/** Resend when a key is configured; otherwise the local mailbox, which never leaves this machine. */
export function defaultTransport(): Transport {
  const { RESEND_API_KEY, RESEND_BASE_URL } = env();
  return RESEND_API_KEY ? resendTransport(RESEND_API_KEY, RESEND_BASE_URL) : mailboxTransport;
}

/** The provider's idempotency key of an outbox message: stable across retries, crashes and workers. */
export function idempotencyKeyOf(message: { id: string }): string {
  return `folio-outbox-${message.id}`;
}

export const MAX_DELIVERY_ATTEMPTS = 8;

function backoffSeconds(attempts: number) {
  return Math.min(30 * 2 ** (attempts - 1), 6 * 60 * 60);
}

/**
 * Delivers up to `batchSize` due messages, each in a transaction of its own: the message is claimed with
 * FOR UPDATE SKIP LOCKED (several workers never send one message at the same time), sent with its idempotency key,
 * and marked sent, then committed before the next. A crash loses at most the mark of the message being sent, and
 * its retry carries the same key, which the provider delivers once.
 */
export async function deliverOutbox(options: { database?: Database; transport?: Transport; batchSize?: number } = {}) {
  const database = options.database ?? db();
  const transport = options.transport ?? defaultTransport();
  const batchSize = options.batchSize ?? 20;
  let sent = 0;
  let failed = 0;
  for (let n = 0; n < batchSize; n++) {
    const outcome = await database.transaction(async (tx) => {
      const [message] = await tx
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.status, "pending"), lte(outboxMessages.nextAttemptAt, sql`now()`)))
        .orderBy(outboxMessages.createdAt)
        .limit(1)
        .for("update", { skipLocked: true });
      if (!message) return "none";
      try {
        const result = await transport.send({
          to: message.toAddress,
          subject: message.subject,
          html: message.html,
          text: message.text,
          attachments: await listAttachments(tx, message.id),
          idempotencyKey: idempotencyKeyOf(message),
        });
        await tx
          .update(outboxMessages)
          .set({ status: "sent", transport: transport.name, sentAt: new Date(), attempts: message.attempts + 1, providerMessageId: result.id, lastError: null })
          .where(eq(outboxMessages.id, message.id));
        return "sent";
      } catch (error) {
        const attempts = message.attempts + 1;
        const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
        await tx
          .update(outboxMessages)
          .set({
            attempts,
            status: giveUp ? "failed" : "pending",
            lastError: error instanceof Error ? error.message.slice(0, 1000) : String(error),
            nextAttemptAt: sql`now() + ${`${backoffSeconds(attempts)} seconds`}::interval`,
          })
          .where(eq(outboxMessages.id, message.id));
        return "failed";
      }
    });
    if (outcome === "none") break;
    if (outcome === "sent") sent++;
    else failed++;
  }
  return { sent, failed };
}

/** The local mailbox: messages the worker delivered without a provider, newest first. */
export async function listMailbox(database: Queryable, options: { to?: string; limit?: number } = {}) {
  return database
    .select({
      id: outboxMessages.id,
      toAddress: outboxMessages.toAddress,
      subject: outboxMessages.subject,
      template: outboxMessages.template,
      status: outboxMessages.status,
      createdAt: outboxMessages.createdAt,
    })
    .from(outboxMessages)
    .where(options.to ? eq(outboxMessages.toAddress, options.to.toLowerCase()) : undefined)
    .orderBy(desc(outboxMessages.createdAt))
    .limit(options.limit ?? 100);
}

export async function getMailboxMessage(database: Queryable, id: string) {
  const [message] = await database.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  return message;
}

export async function deleteOldOutboxMessages(database: Queryable, olderThanDays: number) {
  const rows = await database
    .delete(outboxMessages)
    .where(and(sql`${outboxMessages.status} <> 'pending'`, lte(outboxMessages.createdAt, sql`now() - ${`${olderThanDays} days`}::interval`)))
    .returning({ id: outboxMessages.id });
  return rows.length;
}
