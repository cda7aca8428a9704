import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { db, queryRow, queryRows, type Tx } from "~/db.server";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { tenants } from "~/modules/tenancy/schema";
import { databaseRefusal } from "~/test/expect-database";
import { createOrganisationWithOwner, EVENTS_OF_A_NEW_ORGANISATION } from "~/test/factories";
import { auditHash, listAuditEvents, recordAudit, verifyAuditChain } from "./audit.server";
import { auditEvents, auditHeads } from "./schema";

/** An organisation inserted directly, with no events and no chain head yet. */
async function createBareTenant(): Promise<TenantActor> {
  const [organisation] = await db()
    .insert(tenants)
    .values({ name: "Bare", slug: `bare-${randomBytes(4).toString("hex")}` })
    .returning();
  return { tenantId: organisation.id, userId: null, dataScope: "all" };
}

async function eventsOf(tenantId: string) {
  return db().select().from(auditEvents).where(eq(auditEvents.tenantId, tenantId)).orderBy(auditEvents.id);
}

/** Runs owner statements with the append-only trigger switched off, as only a tamperer with DDL rights could. */
async function withTriggerDisabled(work: (tx: Tx) => Promise<unknown>) {
  await db().transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    await work(tx);
    await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
  });
}

const monthsAgo = (months: number) => {
  const date = new Date();
  date.setMonth(date.getMonth() - months);
  return date;
};

describe("recordAudit", () => {
  it("appends an event linked to the previous one, with the actor, request details and values", async () => {
    const { actor, user, organisation } = await createOrganisationWithOwner();
    const before = await eventsOf(organisation.id);
    expect(before.map((e) => e.action)).toEqual(EVENTS_OF_A_NEW_ORGANISATION);

    const when = new Date("2026-03-04T05:06:07.089Z");
    await withTenant({ ...actor, ip: "203.0.113.7", userAgent: "Vitest/1" }, (tx) =>
      recordAudit(tx, {
        action: "thing.changed",
        entityType: "thing",
        entityId: "t-1",
        before: { b: 1, a: "x", at: when },
        after: { amount: 123456789012345678n, nested: { z: [1, { y: null }], a: true }, dropped: undefined },
      }),
    );

    const events = await eventsOf(organisation.id);
    const created = EVENTS_OF_A_NEW_ORGANISATION.length;
    expect(events).toHaveLength(created + 1);
    const [second, third] = events.slice(-2);
    expect(third).toMatchObject({
      id: created + 1,
      actorUserId: user.id,
      actorLabel: user.email,
      action: "thing.changed",
      entityType: "thing",
      entityId: "t-1",
      ip: "203.0.113.7",
      userAgent: "Vitest/1",
      prevHash: second.hash,
      before: { a: "x", b: 1, at: when.toISOString() },
      after: { amount: "123456789012345678", nested: { a: true, z: [1, { y: null }] } },
    });
    expect(third.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(third.hash).toBe(auditHash({ ...third }));

    const [head] = await db().select().from(auditHeads).where(eq(auditHeads.tenantId, organisation.id));
    expect(head).toEqual({ tenantId: organisation.id, lastId: created + 1, lastHash: third.hash });

    expect(await withTenant(actor, verifyAuditChain)).toEqual({ ok: true, checked: created + 1 });
  });

  it("labels work done by Folio itself as system, or with the label given", async () => {
    const actor = await createBareTenant();
    await withTenant(actor, async (tx) => {
      await recordAudit(tx, { action: "job.ran", entityType: "job" });
      await recordAudit(tx, { action: "form.sent", entityType: "form", actorLabel: "public form" });
    });
    const events = await eventsOf(actor.tenantId);
    expect(events.map((e) => [e.id, e.actorUserId, e.actorLabel, e.prevHash === "" ? "genesis" : "linked"])).toEqual([
      [1, null, "system", "genesis"],
      [2, null, "public form", "linked"],
    ]);
  });

  it("leaves no event and no moved head when the transaction that recorded it rolls back", async () => {
    const { actor, organisation } = await createOrganisationWithOwner();
    const [headBefore] = await db().select().from(auditHeads).where(eq(auditHeads.tenantId, organisation.id));

    await expect(
      withTenant(actor, async (tx) => {
        await recordAudit(tx, { action: "doomed.change", entityType: "thing" });
        const seen = await tx.select().from(auditEvents).where(eq(auditEvents.action, "doomed.change"));
        expect(seen).toHaveLength(1);
        throw new Error("the change failed after its audit event was written");
      }),
    ).rejects.toThrow("the change failed");

    const events = await eventsOf(organisation.id);
    expect(events.some((e) => e.action === "doomed.change")).toBe(false);
    expect(events).toHaveLength(EVENTS_OF_A_NEW_ORGANISATION.length);
    const [headAfter] = await db().select().from(auditHeads).where(eq(auditHeads.tenantId, organisation.id));
    expect(headAfter).toEqual(headBefore);

    await withTenant(actor, (tx) => recordAudit(tx, { action: "kept.change", entityType: "thing" }));
    const created = EVENTS_OF_A_NEW_ORGANISATION.length;
    expect((await eventsOf(organisation.id)).map((e) => e.id)).toEqual(Array.from({ length: created + 1 }, (_, i) => i + 1));
    expect(await withTenant(actor, verifyAuditChain)).toEqual({ ok: true, checked: created + 1 });
  });

  it("refuses to record outside a tenant transaction", async () => {
    await expect(db().transaction((tx) => recordAudit(tx, { action: "x", entityType: "y" }))).rejects.toThrow(/needs a tenant transaction/);
  });

  it("keeps one gapless chain when ten transactions of one organisation append at once", async () => {
    const actor = await createBareTenant();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        withTenant(actor, async (tx) => {
          await tx.execute(sql`select pg_sleep(0.01)`);
          await recordAudit(tx, { action: "parallel.append", entityType: "thing", entityId: String(i), after: { i } });
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);

    const events = await eventsOf(actor.tenantId);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(events.map((e) => e.entityId)).size).toBe(10);
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
    expect(await withTenant(actor, verifyAuditChain)).toEqual({ ok: true, checked: 10 });
  });

  it("keeps each organisation's chain separate, and an organisation sees only its own", async () => {
    const a = await createOrganisationWithOwner();
    const b = await createOrganisationWithOwner();
    await withTenant(a.actor, (tx) => recordAudit(tx, { action: "a.only", entityType: "thing" }));
    const seenByB = await withTenant(b.actor, (tx) => listAuditEvents(tx, {}));
    expect(seenByB.events.every((e) => e.tenantId === b.organisation.id)).toBe(true);
    const created = EVENTS_OF_A_NEW_ORGANISATION.length;
    expect(seenByB.events.map((e) => e.id)).toEqual(Array.from({ length: created }, (_, i) => created - i));
    expect(await withTenant(a.actor, verifyAuditChain)).toEqual({ ok: true, checked: created + 1 });
    expect(await withTenant(b.actor, verifyAuditChain)).toEqual({ ok: true, checked: created });
  });
});

describe("verifyAuditChain", () => {
  async function tenantWithEvents(count: number) {
    const org = await createOrganisationWithOwner();
    await withTenant(org.actor, async (tx) => {
      for (let i = 0; i < count; i++) await recordAudit(tx, { action: "item.created", entityType: "item", entityId: String(i), after: { price: 100 + i } });
    });
    return org;
  }

  it("reports a changed event at its id", async () => {
    const { actor, organisation } = await tenantWithEvents(3);
    expect(await withTenant(actor, verifyAuditChain)).toEqual({ ok: true, checked: 3 + EVENTS_OF_A_NEW_ORGANISATION.length });

    await withTriggerDisabled((tx) =>
      tx.execute(sql`update audit_events set after = '{"price": 1}'::jsonb where tenant_id = ${organisation.id} and id = 4`),
    );

    expect(await withTenant(actor, verifyAuditChain)).toEqual({
      ok: false,
      checked: 3,
      brokenAtId: 4,
      reason: "event content does not match its hash",
    });
  });

  it("reports a changed event even when the tamperer rewrote its hash, at the next event", async () => {
    const { actor, organisation } = await tenantWithEvents(3);
    const [event] = (await eventsOf(organisation.id)).filter((e) => e.id === 3);
    const forgedAfter = { price: 1 };
    const forgedHash = auditHash({ ...event, after: forgedAfter });
    await withTriggerDisabled((tx) =>
      tx.execute(sql`update audit_events set after = ${JSON.stringify(forgedAfter)}::jsonb, hash = ${forgedHash}
        where tenant_id = ${organisation.id} and id = 3`),
    );
    const result = await withTenant(actor, verifyAuditChain);
    expect(result).toEqual({ ok: false, checked: 3, brokenAtId: 4, reason: "link to the previous event does not match" });
  });

  it("reports a removed event at the id after the gap", async () => {
    const { actor, organisation } = await tenantWithEvents(3);
    await withTriggerDisabled((tx) => tx.execute(sql`delete from audit_events where tenant_id = ${organisation.id} and id = 3`));
    expect(await withTenant(actor, verifyAuditChain)).toMatchObject({ ok: false, brokenAtId: 4, reason: "link to the previous event does not match" });
  });
});

describe("audit events are append-only in the database", () => {
  it("refuses UPDATE and DELETE even to the tables' owner", async () => {
    const { organisation } = await createOrganisationWithOwner();
    const update = await databaseRefusal(db().execute(sql`update audit_events set action = 'forged' where tenant_id = ${organisation.id}`));
    expect(update).toMatch(/append-only \(UPDATE refused\)/);
    const remove = await databaseRefusal(db().execute(sql`delete from audit_events where tenant_id = ${organisation.id} and id = 1`));
    expect(remove).toMatch(/append-only \(DELETE refused\)/);
    const cascade = await databaseRefusal(db().execute(sql`delete from tenants where id = ${organisation.id}`));
    expect(cascade).toMatch(/append-only \(DELETE refused\)/);

    const events = await eventsOf(organisation.id);
    expect(events.map((e) => e.action)).toEqual(EVENTS_OF_A_NEW_ORGANISATION);
    expect(await db().select().from(tenants).where(eq(tenants.id, organisation.id))).toHaveLength(1);
  });

  it("refuses TRUNCATE to the owner", async () => {
    const { organisation } = await createOrganisationWithOwner();
    const refusal = await databaseRefusal(db().execute(sql`truncate audit_events`));
    expect(refusal).toMatch(/audit_events is append-only: TRUNCATE refused/);
    expect(await eventsOf(organisation.id)).toHaveLength(EVENTS_OF_A_NEW_ORGANISATION.length);
  });

  it("gives the application role no UPDATE, DELETE or TRUNCATE privilege", async () => {
    const { actor, organisation } = await createOrganisationWithOwner();
    const privileges = await queryRow<{ sel: boolean; ins: boolean; upd: boolean; del: boolean; trunc: boolean }>(
      db(),
      sql`select has_table_privilege('folio_app', 'audit_events', 'SELECT') as sel,
          has_table_privilege('folio_app', 'audit_events', 'INSERT') as ins,
          has_table_privilege('folio_app', 'audit_events', 'UPDATE') as upd,
          has_table_privilege('folio_app', 'audit_events', 'DELETE') as del,
          has_table_privilege('folio_app', 'audit_events', 'TRUNCATE') as trunc`,
    );
    expect(privileges).toEqual({ sel: true, ins: true, upd: false, del: false, trunc: false });

    const update = await databaseRefusal(withTenant(actor, (tx) => tx.update(auditEvents).set({ action: "forged" })));
    expect(update).toMatch(/permission denied/);
    const remove = await databaseRefusal(withTenant(actor, (tx) => tx.delete(auditEvents)));
    expect(remove).toMatch(/permission denied/);
    const truncate = await databaseRefusal(withTenant(actor, (tx) => tx.execute(sql`truncate audit_events`)));
    expect(truncate).toMatch(/permission denied/);

    // Even the retention switch does not help the application role: it lacks the privilege itself.
    const retention = await databaseRefusal(
      withTenant(actor, async (tx) => {
        await tx.execute(sql`select set_config('folio.audit_retention', 'on', true)`);
        await tx.delete(auditEvents).where(eq(auditEvents.tenantId, organisation.id));
      }),
    );
    expect(retention).toMatch(/permission denied/);
    expect(await eventsOf(organisation.id)).toHaveLength(EVENTS_OF_A_NEW_ORGANISATION.length);
  });

  it("lets the retention job delete only events older than 12 months, and the chain still verifies", async () => {
    const actor = await createBareTenant();
    // Two events written 13 months ago, at the start of the chain, then today's events on top of them.
    let prevHash = "";
    for (const id of [1, 2]) {
      const fields = {
        tenantId: actor.tenantId,
        id,
        occurredAt: monthsAgo(13),
        actorUserId: null,
        actorLabel: "system",
        action: "old.event",
        entityType: "thing",
        entityId: null,
        before: null,
        after: { id },
        ip: null,
        userAgent: null,
        prevHash,
      };
      const hash = auditHash(fields);
      await db().insert(auditEvents).values({ ...fields, hash });
      prevHash = hash;
    }
    await db().insert(auditHeads).values({ tenantId: actor.tenantId, lastId: 2, lastHash: prevHash });
    await withTenant(actor, async (tx) => {
      await recordAudit(tx, { action: "new.event", entityType: "thing" });
      await recordAudit(tx, { action: "new.event", entityType: "thing" });
    });
    expect(await withTenant(actor, verifyAuditChain)).toEqual({ ok: true, checked: 4 });

    // Without the switch, even an old event stays.
    const noSwitch = await databaseRefusal(db().execute(sql`delete from audit_events where tenant_id = ${actor.tenantId} and id = 1`));
    expect(noSwitch).toMatch(/append-only/);

    // With the switch, a recent event still stays, and the whole statement is refused.
    const recent = await databaseRefusal(
      db().transaction(async (tx) => {
        await tx.execute(sql`select set_config('folio.audit_retention', 'on', true)`);
        await tx.execute(sql`delete from audit_events where tenant_id = ${actor.tenantId}`);
      }),
    );
    expect(recent).toMatch(/append-only \(DELETE refused\)/);
    expect(await eventsOf(actor.tenantId)).toHaveLength(4);

    const deleted = await db().transaction(async (tx) => {
      await tx.execute(sql`select set_config('folio.audit_retention', 'on', true)`);
      return queryRows<{ id: number }>(
        tx,
        sql`delete from audit_events where tenant_id = ${actor.tenantId} and occurred_at < now() - interval '12 months' returning id`,
      );
    });
    expect(deleted.map((r) => Number(r.id)).sort()).toEqual([1, 2]);

    // The switch was transaction-local: it does not outlive the retention transaction.
    const afterwards = await databaseRefusal(db().execute(sql`delete from audit_events where tenant_id = ${actor.tenantId}`));
    expect(afterwards).toMatch(/append-only/);

    expect((await eventsOf(actor.tenantId)).map((e) => [e.id, e.action])).toEqual([
      [3, "new.event"],
      [4, "new.event"],
    ]);
    expect(await withTenant(actor, verifyAuditChain)).toEqual({ ok: true, checked: 2 });
  });

  it("lets the purge of an organisation delete that organisation's events, and only that organisation's", async () => {
    const doomed = await createOrganisationWithOwner();
    const other = await createOrganisationWithOwner();

    const wrongTenant = await databaseRefusal(
      db().transaction(async (tx) => {
        await tx.execute(sql`select set_config('folio.purge_tenant', ${doomed.organisation.id}, true)`);
        await tx.execute(sql`delete from audit_events where tenant_id = ${other.organisation.id}`);
      }),
    );
    expect(wrongTenant).toMatch(/append-only/);

    await db().transaction(async (tx) => {
      await tx.execute(sql`select set_config('folio.purge_tenant', ${doomed.organisation.id}, true)`);
      await tx.delete(tenants).where(eq(tenants.id, doomed.organisation.id));
    });

    expect(await eventsOf(doomed.organisation.id)).toEqual([]);
    expect(await db().select().from(auditHeads).where(eq(auditHeads.tenantId, doomed.organisation.id))).toEqual([]);
    expect(await eventsOf(other.organisation.id)).toHaveLength(EVENTS_OF_A_NEW_ORGANISATION.length);
    expect(await withTenant(other.actor, verifyAuditChain)).toEqual({ ok: true, checked: EVENTS_OF_A_NEW_ORGANISATION.length });
  });
});

describe("listAuditEvents", () => {
  it("filters by action, entity type and actor, newest first, and pages with beforeId", async () => {
    const { actor, user } = await createOrganisationWithOwner();
    await withTenant(actor, async (tx) => {
      for (let i = 0; i < 5; i++) await recordAudit(tx, { action: "invoice.posted", entityType: "invoice", entityId: String(i) });
      await recordAudit(tx, { action: "job.ran", entityType: "job", actorLabel: "system" });
    });
    await withTenant(actor, async (tx) => {
      const invoices = await listAuditEvents(tx, { action: "posted", limit: 3 });
      expect(invoices.events.map((e) => e.entityId)).toEqual(["4", "3", "2"]);
      expect(invoices.hasMore).toBe(true);
      const rest = await listAuditEvents(tx, { action: "posted", limit: 3, beforeId: invoices.events.at(-1)!.id });
      expect(rest.events.map((e) => e.entityId)).toEqual(["1", "0"]);
      expect(rest.hasMore).toBe(false);

      const byType = await listAuditEvents(tx, { entityType: "job" });
      expect(byType.events.map((e) => e.action)).toEqual(["job.ran"]);
      const byActor = await listAuditEvents(tx, { actor: user.email.slice(0, 12) });
      expect(byActor.events.every((e) => e.actorLabel === user.email)).toBe(true);
      expect(byActor.events).toHaveLength(5 + EVENTS_OF_A_NEW_ORGANISATION.length);
      const none = await listAuditEvents(tx, { from: new Date(Date.now() + 60_000) });
      expect(none.events).toEqual([]);
    });
    const own = await db().select().from(auditEvents).where(and(eq(auditEvents.tenantId, actor.tenantId), eq(auditEvents.action, "job.ran")));
    expect(own).toHaveLength(1);
  });
});
