import { createHash } from "node:crypto";
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { queryRow, queryRowPrepared, type Tx } from "~/db.server";
import { userEmailSql } from "~/modules/identity/users.server";
import { enterOrganisation, enterUser } from "~/modules/tenancy/context.server";
import { listOrganisationIdsOfUser } from "~/modules/tenancy/organisations.server";
import { canonicalJson } from "~/utils/canonical-json";
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

/** The part of an event the application supplies, as the canonical JSON that goes into its hash. */
function eventPayload(fields: Pick<HashedFields, "occurredAt" | "action" | "entityType" | "entityId" | "before" | "after">): string {
  return canonicalJson([fields.occurredAt.toISOString(), fields.action, fields.entityType, fields.entityId, fields.before, fields.after]);
}

/**
 * sha256 over the previous hash, the event's position, who acted from where, and the payload, one per line
 * (only the payload, last, can contain a newline). recordAudit computes the same in SQL.
 */
export function auditHash(fields: HashedFields): string {
  const material = [
    fields.prevHash,
    String(fields.id),
    fields.tenantId,
    fields.actorUserId ?? "",
    fields.actorLabel,
    fields.ip ?? "",
    fields.userAgent ?? "",
    eventPayload(fields),
  ].join("\n");
  return createHash("sha256").update(material, "utf8").digest("hex");
}

/**
 * The audit append as SQL common table expressions (audit_context, audit_head, audit_event, audit_moved), for
 * statements that record their change and its event in one round trip. audit_event yields the new event's id,
 * or no row when the tenant's chain has no head yet (see ensureAuditHead). `after` names a CTE of the same
 * statement whose rows must all be produced first, so that the head is locked after that CTE's locks: counted,
 * because a data-modifying CTE is run only as far as it is read (a `limit 1` let a two-warehouse write lock the
 * head between its first and its second row, and deadlock against a posting holding the second).
 */
export function auditAppendCtes(input: AuditInput, options: { after?: SQL } = {}): SQL {
  const occurredAt = new Date();
  const before = toStoredJson(input.before);
  const after = toStoredJson(input.after);
  const payload = eventPayload({ occurredAt, action: input.action, entityType: input.entityType, entityId: input.entityId ?? null, before, after });
  return sql`audit_context as (
      select app_tenant_id() as tenant_id, app_user_id() as user_id,
        nullif(current_setting('app.ip', true), '') as ip,
        nullif(current_setting('app.user_agent', true), '') as user_agent,
        coalesce(${input.actorLabel ?? null}::text, ${userEmailSql(sql`app_user_id()`)}, 'system') as label
      ${options.after ? sql`from (select count(*) from ${options.after}) as first_done` : sql``}
    ),
    audit_head as (
      select h.last_id, h.last_hash from audit_heads h join audit_context c on h.tenant_id = c.tenant_id for update of h
    ),
    audit_event as (
      insert into audit_events (tenant_id, id, occurred_at, actor_user_id, actor_label, action, entity_type, entity_id,
        before, after, ip, user_agent, prev_hash, hash)
      select c.tenant_id, h.last_id + 1, ${occurredAt.toISOString()}::timestamptz, c.user_id, c.label, ${input.action},
        ${input.entityType}, ${input.entityId ?? null}::text, ${JSON.stringify(before)}::jsonb, ${JSON.stringify(after)}::jsonb,
        c.ip, c.user_agent, h.last_hash,
        encode(sha256(convert_to(concat_ws(E'\n', h.last_hash, (h.last_id + 1)::text, c.tenant_id::text,
          coalesce(c.user_id::text, ''), c.label, coalesce(c.ip, ''), coalesce(c.user_agent, ''), ${payload}::text), 'UTF8')), 'hex')
      from audit_context c cross join audit_head h
      returning tenant_id, id, hash
    ),
    audit_moved as (
      update audit_heads set last_id = audit_event.id, last_hash = audit_event.hash
      from audit_event where audit_heads.tenant_id = audit_event.tenant_id
      returning audit_event.id
    )`;
}

/** Starts the current tenant's audit chain if it has none. */
export async function ensureAuditHead(tx: Tx): Promise<void> {
  await tx.execute(sql`insert into audit_heads (tenant_id) select app_tenant_id() where app_tenant_id() is not null on conflict do nothing`);
  const tenant = await queryRow<{ tenant_id: string | null }>(tx, sql`select app_tenant_id()::text as tenant_id`);
  if (!tenant?.tenant_id) throw new Error("recordAudit needs a tenant transaction (withTenant)");
}

/**
 * Appends an event to the tenant's chain inside the caller's transaction, in one statement: it locks the chain
 * head, links and hashes the event, and moves the head. The head lock serialises appends per tenant until the
 * transaction ends, so call this late in a transaction.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  const append = () => queryRowPrepared<{ id: number }>(tx, sql`with ${auditAppendCtes(input)} select id from audit_moved`);
  if (await append()) return;
  await ensureAuditHead(tx);
  if (!(await append())) throw new Error("the audit chain head could not be created");
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
  await enterUser(tx, user.id);
  for (const tenantId of await listOrganisationIdsOfUser(tx, user.id)) {
    await enterOrganisation(tx, { tenantId, userId: user.id, dataScope: "all", ...meta });
    await recordAudit(tx, { ...input, entityType: "account", entityId: user.id });
  }
}

/**
 * The ids of the entities of one type that the audit trail shows changed within a window, as a subquery of one
 * `id` column: what the breach register counts the people affected from.
 */
export function auditedEntityIdsSql(entityType: string, window: { start: Date; end: Date }): SQL {
  return sql`select entity_id as id from audit_events where entity_type = ${entityType} and occurred_at between ${window.start.toISOString()}::timestamptz and ${window.end.toISOString()}::timestamptz and entity_id is not null`;
}
