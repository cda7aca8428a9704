import { eq, inArray, sql } from "drizzle-orm";
import { createElement } from "react";
import { db } from "~/db.server";
import { AccountLockedEmail } from "~/emails/account-locked";
import { VerifyEmail } from "~/emails/verify-email";
import { withTenant } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner, uniqueEmail } from "~/test/factories";
import { deliverOutbox, enqueueEmail, idempotencyKeyOf, listAttachments, listMailbox, MAX_ATTACHMENTS_BYTES, MAX_DELIVERY_ATTEMPTS, type OutgoingMessage, type Transport } from "./outbox.server";
import { outboxMessages } from "./schema";

type Sent = OutgoingMessage;

/** A stand-in for the mail provider (an external service): records what it was asked to send. */
function fakeTransport(options: { failFor?: (to: string) => string | null; delayMs?: number } = {}) {
  const calls: Sent[] = [];
  const transport: Transport = {
    name: "resend",
    async send(message) {
      calls.push(message);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const failure = options.failFor?.(message.to);
      if (failure) throw new Error(failure);
      return { id: `provider-${calls.length}` };
    },
  };
  return { transport, calls };
}

async function enqueue(to: string, name = "Nia") {
  await enqueueEmail(db(), {
    template: "verify-email",
    to,
    subject: `Hello ${name}`,
    body: createElement(VerifyEmail, { name, url: `https://folio.example/verify-email?token=${name}` }),
  });
}

async function messagesTo(to: string) {
  return db().select().from(outboxMessages).where(eq(outboxMessages.toAddress, to.toLowerCase()));
}

beforeEach(async () => {
  // Each test delivers only its own messages: earlier tests' mail is cleared from this file's database.
  await db().delete(outboxMessages);
});

describe("enqueueEmail", () => {
  it("renders the template to HTML and plain text and queues it for delivery now", async () => {
    const to = uniqueEmail("Render").toUpperCase();
    await enqueueEmail(db(), {
      template: "account-locked",
      to,
      subject: "Locked",
      body: createElement(AccountLockedEmail, { name: "Rita <Render>", minutes: 15, resetUrl: "https://folio.example/forgot-password" }),
    });
    const [message] = await messagesTo(to);
    expect(message).toMatchObject({ template: "account-locked", toAddress: to.toLowerCase(), subject: "Locked", status: "pending", attempts: 0, transport: null });
    expect(message.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    expect(message.html).toMatch(/^<!DOCTYPE html/i);
    expect(message.html).toContain('href="https://folio.example/forgot-password"');
    expect(message.html).toContain("Rita &lt;Render&gt;");
    expect(message.html).not.toContain("Rita <Render>");

    expect(message.text).toContain("Rita <Render>");
    expect(message.text).toContain("locked for 15 minutes");
    expect(message.text).toContain("https://folio.example/forgot-password");
    expect(message.text).not.toMatch(/<(html|div|table|a)\b/i);
  });

  it("is written in the caller's transaction: no mail when it rolls back", async () => {
    const { actor } = await createOrganisationWithOwner();
    const to = uniqueEmail("rollback");
    await expect(
      withTenant(actor, async (tx) => {
        await enqueueEmail(tx, { template: "verify-email", to, subject: "x", body: createElement(VerifyEmail, { name: "R", url: "https://x.test" }) });
        throw new Error("the change that caused the mail failed");
      }),
    ).rejects.toThrow("failed");
    expect(await messagesTo(to)).toEqual([]);

    await withTenant(actor, (tx) =>
      enqueueEmail(tx, { template: "verify-email", to, subject: "x", body: createElement(VerifyEmail, { name: "R", url: "https://x.test" }) }),
    );
    expect(await messagesTo(to)).toHaveLength(1);
  });
});

describe("attachments", () => {
  it("are written with their message as the application role, sent with it in order, and go when it goes", async () => {
    const { actor } = await createOrganisationWithOwner();
    const to = uniqueEmail("attached");
    const pdf = Buffer.from("%PDF-1.7\n\u0000binary\u00ff", "latin1");
    await withTenant(actor, (tx) =>
      enqueueEmail(tx, {
        template: "verify-email",
        to,
        subject: "Invoice INV-1",
        body: createElement(VerifyEmail, { name: "A", url: "https://x.test" }),
        attachments: [
          { filename: "INV-1.pdf", contentType: "application/pdf", content: pdf },
          { filename: "notes.txt", contentType: "text/plain", content: Buffer.from("second") },
        ],
      }),
    );
    const [message] = await messagesTo(to);
    expect((await listAttachments(db(), message.id)).map((a) => [a.filename, a.contentType, a.content.equals(pdf) ? "same bytes" : a.content.toString()])).toEqual([
      ["INV-1.pdf", "application/pdf", "same bytes"],
      ["notes.txt", "text/plain", "second"],
    ]);
    const { transport, calls } = fakeTransport();
    await deliverOutbox({ transport });
    expect(calls[0].attachments.map((a) => a.filename)).toEqual(["INV-1.pdf", "notes.txt"]);
    expect(calls[0].attachments[0].content.equals(pdf)).toBe(true);
    await db().delete(outboxMessages).where(eq(outboxMessages.id, message.id));
    expect(await listAttachments(db(), message.id)).toEqual([]);
  });

  it("refuses more than the limit, writing nothing", async () => {
    const to = uniqueEmail("too-big");
    const big = Buffer.alloc(MAX_ATTACHMENTS_BYTES + 1);
    await expect(
      enqueueEmail(db(), { template: "verify-email", to, subject: "x", body: createElement(VerifyEmail, { name: "A", url: "https://x.test" }), attachments: [{ filename: "big.bin", contentType: "application/octet-stream", content: big }] }),
    ).rejects.toThrow(/limited/);
    expect(await messagesTo(to)).toEqual([]);
  });
});

describe("deliverOutbox", () => {
  it("sends due messages through the transport and marks them sent", async () => {
    const a = uniqueEmail("a");
    const b = uniqueEmail("b");
    await enqueue(a, "Ann");
    await enqueue(b, "Bob");
    const { transport, calls } = fakeTransport();

    expect(await deliverOutbox({ transport })).toEqual({ sent: 2, failed: 0 });
    const [stored] = await messagesTo(a);
    expect(calls.find((c) => c.to === a)).toEqual({ to: a, subject: "Hello Ann", html: stored.html, text: stored.text, attachments: [], idempotencyKey: idempotencyKeyOf(stored) });
    expect(stored).toMatchObject({ status: "sent", transport: "resend", attempts: 1, lastError: null });
    expect(stored.providerMessageId).toMatch(/^provider-[12]$/);
    expect(stored.sentAt).toBeInstanceOf(Date);

    expect(await deliverOutbox({ transport })).toEqual({ sent: 0, failed: 0 });
    expect(calls).toHaveLength(2);
    const mailbox = await listMailbox(db(), { to: b.toUpperCase() });
    expect(mailbox.map((m) => [m.toAddress, m.status])).toEqual([[b, "sent"]]);
  });

  it("delivers at most a batch at a time, oldest first", async () => {
    const addresses = Array.from({ length: 5 }, (_, i) => uniqueEmail(`batch${i}`));
    for (const address of addresses) await enqueue(address);
    const { transport, calls } = fakeTransport();
    expect(await deliverOutbox({ transport, batchSize: 2 })).toEqual({ sent: 2, failed: 0 });
    expect(await deliverOutbox({ transport, batchSize: 2 })).toEqual({ sent: 2, failed: 0 });
    expect(await deliverOutbox({ transport, batchSize: 2 })).toEqual({ sent: 1, failed: 0 });
    expect(calls.map((c) => c.to)).toEqual(addresses);
  });

  it("records a failure, retries later with growing delays, and gives up after the last attempt", async () => {
    const bad = uniqueEmail("bounce");
    const good = uniqueEmail("fine");
    await enqueue(bad);
    await enqueue(good);
    const { transport, calls } = fakeTransport({ failFor: (to) => (to === bad ? "mailbox unavailable" : null) });

    expect(await deliverOutbox({ transport })).toEqual({ sent: 1, failed: 1 });
    // One failure does not undo the other message's delivery.
    expect((await messagesTo(good))[0].status).toBe("sent");
    let [failing] = await messagesTo(bad);
    expect(failing).toMatchObject({ status: "pending", attempts: 1, lastError: "mailbox unavailable", sentAt: null });
    const firstDelay = (failing.nextAttemptAt.getTime() - Date.now()) / 1000;
    expect(firstDelay).toBeGreaterThan(25);
    expect(firstDelay).toBeLessThanOrEqual(30);

    // Not due yet: nothing is sent.
    expect(await deliverOutbox({ transport })).toEqual({ sent: 0, failed: 0 });
    expect(calls.filter((c) => c.to === bad)).toHaveLength(1);

    const delays: number[] = [];
    for (let attempt = 2; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      await db().update(outboxMessages).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(outboxMessages.id, failing.id));
      expect(await deliverOutbox({ transport })).toEqual({ sent: 0, failed: 1 });
      [failing] = await messagesTo(bad);
      expect(failing.attempts).toBe(attempt);
      delays.push(Math.round((failing.nextAttemptAt.getTime() - Date.now()) / 1000));
      expect(failing.status).toBe(attempt < MAX_DELIVERY_ATTEMPTS ? "pending" : "failed");
    }
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]);
    // Every attempt at the message carried the same idempotency key, so the provider delivers it once at most.
    const keys = new Set(calls.filter((c) => c.to === bad).map((c) => c.idempotencyKey));
    expect([...keys]).toEqual([idempotencyKeyOf(failing)]);
    expect(idempotencyKeyOf(failing)).not.toBe(idempotencyKeyOf((await messagesTo(good))[0]));
    expect(failing).toMatchObject({ status: "failed", attempts: MAX_DELIVERY_ATTEMPTS, lastError: "mailbox unavailable", sentAt: null });

    // Given up: never tried again, even when due.
    await db().update(outboxMessages).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(outboxMessages.id, failing.id));
    expect(await deliverOutbox({ transport })).toEqual({ sent: 0, failed: 0 });
    expect(calls.filter((c) => c.to === bad)).toHaveLength(MAX_DELIVERY_ATTEMPTS);
  });

  it("delivers a message that failed before once the provider recovers", async () => {
    const to = uniqueEmail("recover");
    await enqueue(to);
    let down = true;
    const { transport } = fakeTransport({ failFor: () => (down ? "503 Service Unavailable" : null) });
    expect(await deliverOutbox({ transport })).toEqual({ sent: 0, failed: 1 });
    down = false;
    await db().update(outboxMessages).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(outboxMessages.toAddress, to));
    expect(await deliverOutbox({ transport })).toEqual({ sent: 1, failed: 0 });
    expect((await messagesTo(to))[0]).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  it("never sends a message twice when several workers deliver at once", async () => {
    const addresses = Array.from({ length: 30 }, (_, i) => uniqueEmail(`worker${i}`));
    for (const address of addresses) await enqueue(address);
    const { transport, calls } = fakeTransport({ delayMs: 2 });

    const runs = await Promise.all(Array.from({ length: 4 }, () => deliverOutbox({ transport, batchSize: 10 })));
    let total = runs.reduce((sum, run) => sum + run.sent, 0);
    // Whatever the workers skipped because another held it is still pending, and is sent by a later run.
    while (total < addresses.length) {
      const run = await deliverOutbox({ transport, batchSize: 10 });
      expect(run.sent).toBeGreaterThan(0);
      total += run.sent;
    }
    expect(total).toBe(addresses.length);
    expect(calls.map((c) => c.to).sort()).toEqual([...addresses].sort());

    const stored = await db().select().from(outboxMessages).where(inArray(outboxMessages.toAddress, addresses));
    expect(stored.every((m) => m.status === "sent" && m.attempts === 1)).toBe(true);
  });
});
