import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { asc } from "drizzle-orm";
import { createElement } from "react";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "~/db.server";
import { VerifyEmail } from "~/emails/verify-email";
import { enqueueEmail, idempotencyKeyOf } from "~/modules/email/outbox.server";
import { outboxMessages } from "~/modules/email/schema";
import { createPostgresDatabase, dropPostgresDatabase, urlForDatabase } from "~/test/database";
import { spawnScript } from "./server-process";

// The delivering process dies mid-batch, after the provider accepted some messages: the next run sends the rest,
// and no message is delivered twice. The provider is a local fake of Resend's API that, like Resend, answers a
// repeated Idempotency-Key with the first response instead of sending again.

interface Delivery {
  key: string | null;
  to: string;
  id: string;
}

function fakeResend(options: { onDelivery: (delivery: Delivery, count: number) => "answer" | "hang" }) {
  const deliveries: Delivery[] = [];
  const requests: Array<{ key: string | null; to: string; authorization: string | undefined }> = [];
  const byKey = new Map<string, Delivery>();
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/emails") {
        response.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ name: "not_found", message: "Not found", statusCode: 404 }));
        return;
      }
      const payload = JSON.parse(body) as { to: string | string[] };
      const key = (request.headers["idempotency-key"] as string | undefined) ?? null;
      const to = Array.isArray(payload.to) ? payload.to[0] : payload.to;
      requests.push({ key, to, authorization: request.headers.authorization });
      const earlier = key ? byKey.get(key) : undefined;
      if (earlier) {
        response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id: earlier.id }));
        return;
      }
      const delivery = { key, to, id: `fake-${randomBytes(6).toString("hex")}` };
      deliveries.push(delivery);
      if (key) byKey.set(key, delivery);
      if (options.onDelivery(delivery, deliveries.length) === "hang") return; // accepted, never answered
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id: delivery.id }));
    });
  });
  return {
    deliveries,
    requests,
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function runDeliveryJob(env: Record<string, string>, onSpawn: (kill: () => void) => void = () => {}) {
  const child = spawnScript("jobs.ts", ["deliver-email"], env);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  onSpawn(() => child.kill("SIGKILL"));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, output }));
  });
}

describe("email after a crash", () => {
  const databaseKind = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
  let env: Record<string, string>;
  let open: () => Promise<DatabaseHandle>;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl) {
      const name = `folio_faults_email_${randomBytes(4).toString("hex")}`;
      await createPostgresDatabase(adminUrl, name);
      const url = urlForDatabase(adminUrl, name);
      env = { DATABASE_URL: url };
      open = () => openDatabase({ url, maxConnections: 2 });
      dispose = () => dropPostgresDatabase(adminUrl, name);
    } else {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "folio-faults-email-"));
      env = { DATABASE_URL: "", DATA_DIR: dataDir };
      open = () => openDatabase({ dataDir: path.join(dataDir, "pglite") });
      dispose = async () => rmSync(dataDir, { recursive: true, force: true });
    }
    const handle = await open();
    await migrateDatabase(handle);
    await handle.close();
  });

  afterAll(async () => {
    await dispose?.();
  });

  it(`a worker killed mid-batch, after the provider accepted 3 of 6 messages, delivers each once after restart (${databaseKind})`, async () => {
    const recipients = Array.from({ length: 6 }, (_, n) => `crash-${n}-${randomBytes(3).toString("hex")}@example.test`);
    const handle = await open();
    try {
      for (const to of recipients) {
        await enqueueEmail(handle.db, { template: "verify-email", to, subject: "Confirm", body: createElement(VerifyEmail, { name: "Cara", url: "https://folio.example/verify" }) });
      }
    } finally {
      await handle.close();
    }

    let killWorker = () => {};
    const provider = fakeResend({
      // The third accepted message: the process dies before the provider's answer reaches it.
      onDelivery: (_, count) => {
        if (count !== 3) return "answer";
        killWorker();
        return "hang";
      },
    });
    const baseUrl = await provider.listen();
    const jobEnv = { ...env, RESEND_API_KEY: "re_test_fake_provider", RESEND_BASE_URL: baseUrl, MAIL_FROM: "Folio <no-reply@folio.test>" };
    try {
      const crashed = await runDeliveryJob(jobEnv, (kill) => (killWorker = kill));
      expect(crashed.signal, crashed.output).toBe("SIGKILL");
      expect(provider.deliveries).toHaveLength(3);

      const restarted = await runDeliveryJob(jobEnv);
      expect(restarted.code, restarted.output).toBe(0);

      // Every recipient got exactly one message; the one cut off by the crash was sent again under the same key.
      expect(provider.deliveries.map((d) => d.to).sort()).toEqual([...recipients].sort());
      expect(provider.requests).toHaveLength(7);
      expect(provider.requests.every((r) => r.authorization === "Bearer re_test_fake_provider")).toBe(true);
      const retried = provider.requests.filter((r) => r.to === provider.deliveries[2].to);
      expect(retried).toHaveLength(2);
      expect(retried[0].key).toBe(retried[1].key);

      const after = await open();
      try {
        const messages = await after.db.select().from(outboxMessages).orderBy(asc(outboxMessages.createdAt));
        expect(messages.map((m) => m.status)).toEqual(Array(6).fill("sent"));
        for (const message of messages) {
          const delivery = provider.deliveries.find((d) => d.to === message.toAddress)!;
          expect(delivery.key).toBe(idempotencyKeyOf(message));
          expect(message.providerMessageId).toBe(delivery.id);
        }
      } finally {
        await after.close();
      }
    } finally {
      await provider.close();
    }
  });
});
