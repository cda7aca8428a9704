import { createHash } from "node:crypto";
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { queryRow, queryRows, type Tx } from "~/db.server";
import { APP_ROLE, enterTenant } from "~/modules/tenancy/context.server";
import { auditEvents, auditHeads } from "./schema";

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Overrides the label derived from the acting user, e.g. "system" or "public form". */
  actorLabel?: string;
}

/** JSON with object keys sorted, so a hash computed now can be recomputed from what jsonb gives back. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Values as jsonb will store them: dates as ISO strings, bigints as strings, undefined dropped. */
function toStoredJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(canonicalJson(value));
}

interface HashedFields {
  tenantId: string;
  id: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  prevHash: string;
}

export function auditHash(fields: HashedFields): string {
  const material = canonicalJson([
    fields.prevHash,
    fields.tenantId,
    fields.id,
    fields.occurredAt.toISOString(),
    fields.actorUserId,
    fields.actorLabel,
    fields.action,
    fields.entityType,
    fields.entityId,
    fields.before,
    fields.after,
    fields.ip,
    fields.userAgent,
  ]);
  return createHash("sha256").update(material).digest("hex");
}

/**
 * Appends an event to the tenant's chain inside the caller's transaction. The head row lock serialises
 * appends per tenant, so call this last in a transaction to hold the lock briefly.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  const context = await queryRow<{ tenant_id: string; user_id: string | null; ip: string | null; user_agent: string | null; label: string | null }>(
    tx,
    sql`select app_tenant_id()::text as tenant_id, app_user_id()::text as user_id,
      nullif(current_setting('app.ip', true), '') as ip, nullif(current_setting('app.user_agent', true), '') as user_agent,
      (select u.email from users u where u.id = app_user_id()) as label`,
  );
  if (!context?.tenant_id) throw new Error("recordAudit needs a tenant transaction (withTenant)");
  await tx
    .insert(auditHeads)
    .values({ tenantId: context.tenant_id })
    .onConflictDoNothing();
  const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.tenantId, context.tenant_id)).for("update");
  const fields: HashedFields = {
    tenantId: context.tenant_id,
    id: head.lastId + 1,
    occurredAt: new Date(),
    actorUserId: context.user_id,
    actorLabel: input.actorLabel ?? context.label ?? "system",
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    before: toStoredJson(input.before),
    after: toStoredJson(input.after),
    ip: context.ip,
    userAgent: context.user_agent,
    prevHash: head.lastHash,
  };
  const hash = auditHash(fields);
  await tx.insert(auditEvents).values({ ...fields, hash });
  await tx
    .update(auditHeads)
    .set({ lastId: fields.id, lastHash: hash })
    .where(eq(auditHeads.tenantId, context.tenant_id));
}

export interface AuditFilter {
  action?: string;
  entityType?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit?: number;
}

export async function listAuditEvents(tx: Tx, filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(sql`${auditEvents.action} ilike ${`%${filter.action}%`}`);
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.actor) conditions.push(sql`${auditEvents.actorLabel} ilike ${`%${filter.actor}%`}`);
  if (filter.from) conditions.push(gte(auditEvents.occurredAt, filter.from));
  if (filter.to) conditions.push(lt(auditEvents.occurredAt, filter.to));
  if (filter.beforeId) conditions.push(lt(auditEvents.id, filter.beforeId));
  const limit = Math.min(filter.limit ?? 50, 200);
  const rows = await tx
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  return { events: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function listAuditEntityTypes(tx: Tx): Promise<string[]> {
  const rows = await tx.selectDistinct({ entityType: auditEvents.entityType }).from(auditEvents).orderBy(auditEvents.entityType);
  return rows.map((row) => row.entityType);
}

export type ChainVerification = { ok: true; checked: number } | { ok: false; checked: number; brokenAtId: number; reason: string };

/** Recomputes the chain from the oldest kept event; retention may have removed older ones. */
export async function verifyAuditChain(tx: Tx): Promise<ChainVerification> {
  const rows = await tx.select().from(auditEvents).orderBy(auditEvents.id);
  let previous: (typeof rows)[number] | undefined;
  for (const row of rows) {
    if (previous && (row.id !== previous.id + 1 || row.prevHash !== previous.hash)) {
      return { ok: false, checked: rows.indexOf(row), brokenAtId: row.id, reason: "link to the previous event does not match" };
    }
    const recomputed = auditHash({ ...row, before: row.before, after: row.after });
    if (recomputed !== row.hash) {
      return { ok: false, checked: rows.indexOf(row), brokenAtId: row.id, reason: "event content does not match its hash" };
    }
    previous = row;
  }
  // The head records the newest event: events cut from the end of the chain would otherwise go unnoticed.
  const [head] = await tx.select().from(auditHeads);
  if (head && (head.lastId !== (previous?.id ?? head.lastId) || head.lastHash !== (previous?.hash ?? head.lastHash))) {
    return { ok: false, checked: rows.length, brokenAtId: head.lastId, reason: "the newest events are missing" };
  }
  return { ok: true, checked: rows.length };
}

/**
 * Records an event about a person's own account (sign-in, password, lock) in the audit trail of every
 * organisation they belong to. The transaction continues as the application role: write global rows first.
 */
export async function recordAccountEvent(
  tx: Tx,
  user: { id: string },
  input: Omit<AuditInput, "entityType" | "entityId">,
  meta: { ip?: string | null; userAgent?: string | null } = {},
): Promise<void> {
  await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', '', true), set_config('app.user_id', ${user.id}, true)`);
  const tenants = await queryRows<{ tenant_id: string }>(tx, sql`select tenant_id from memberships where user_id = ${user.id} order by tenant_id`);
  for (const { tenant_id: tenantId } of tenants) {
    await enterTenant(tx, { tenantId, userId: user.id, dataScope: "all", ...meta });
    await recordAudit(tx, { ...input, entityType: "account", entityId: user.id });
  }
}
