import { and, asc, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { AppError } from "~/modules/platform/errors";
import { isUuid, type CustomerInput, type SupplierInput } from "./forms";
import { assigneeNames, resolveAssignee } from "./salesmen.server";
import { customers, suppliers, type PartyKind } from "./schema";

/*
 * The operations on customers and suppliers, one set for both kinds. A customer also has a salesman (see
 * salesmen.server.ts); a salesman sees only his own customers (row-level security), so another salesman's
 * customer answers like a missing one.
 */

interface Kinds {
  customer: { record: typeof customers.$inferSelect; input: CustomerInput; shown: { assignedUserName: string | null } };
  supplier: { record: typeof suppliers.$inferSelect; input: SupplierInput; shown: object };
}

/** A customer or supplier as stored. */
export type PartyRecord<K extends PartyKind> = Kinds[K]["record"];
/** A customer or supplier as the pages show it: a customer with the name of its salesman. */
export type Party<K extends PartyKind> = PartyRecord<K> & Kinds[K]["shown"];
export type PartyInput<K extends PartyKind> = Kinds[K]["input"];
export type Customer = Party<"customer">;
export type Supplier = Party<"supplier">;

/** The table of a kind, typed as the customers' (the columns both share are what the generic code reads). */
function tableOf(kind: PartyKind): typeof customers {
  return kind === "customer" ? customers : (suppliers as unknown as typeof customers);
}

/** The details a person edits, by kind; a customer's salesman is changed (and audited) on its own. */
const DETAILS: Record<PartyKind, readonly string[]> = {
  customer: ["name", "email", "phone", "taxId", "billingAddress", "paymentTermsDays"],
  supplier: ["name", "email", "phone", "taxId", "address", "paymentTermsDays"],
};

const NOT_FOUND: Record<PartyKind, string> = {
  customer: "This customer does not exist in this organisation, or is not assigned to you.",
  supplier: "This supplier does not exist in this organisation.",
};

export type PartyOption = {
  id: string;
  name: string;
  kind: PartyKind;
};

/**
 * Not restricted by the privacy centre (erasure kept the row for the books, or the person asked for restriction):
 * such a party is still counted in the books but offered in no list, dropdown or search until the date passes.
 */
function notRestricted(table: typeof customers | typeof suppliers): SQL {
  return sql`(${table.restrictedUntil} is null or ${table.restrictedUntil} < current_date)`;
}

/** Active customers and suppliers the current member may see and that are not restricted, for choosing a party on a form. */
export async function listPartyOptions(tx: Tx): Promise<PartyOption[]> {
  const [customerRows, supplierRows] = await Promise.all([
    tx.select({ id: customers.id, name: customers.name }).from(customers).where(and(eq(customers.isActive, true), notRestricted(customers))).orderBy(asc(customers.name)),
    tx.select({ id: suppliers.id, name: suppliers.name }).from(suppliers).where(and(eq(suppliers.isActive, true), notRestricted(suppliers))).orderBy(asc(suppliers.name)),
  ]);
  return [...customerRows.map((c) => ({ ...c, kind: "customer" as const })), ...supplierRows.map((s) => ({ ...s, kind: "supplier" as const }))];
}

export const PARTY_SEARCH_LIMIT = 10;

/**
 * Active customers or suppliers whose name begins with `query` (any case), then those whose name contains it,
 * each by name, at most `limit`: what a party picker offers as one types. Row-level security applies (a salesman
 * finds only his own customers); a party the privacy centre restricted is not found. The prefix uses the
 * search_name index (lower(name) in C order) through starts_with(), which stays an index condition under the
 * policies because it is leakproof; the contains part filters the organisation's rows in that order and runs
 * only when the prefix left room (docs/decisions/0025-price-lists-and-customer-search.md).
 */
export async function searchParties(tx: Tx, options: { query?: string; kind?: PartyKind; limit?: number }): Promise<PartyOption[]> {
  const limit = Math.min(Math.max(options.limit ?? PARTY_SEARCH_LIMIT, 1), 50);
  const needle = (options.query ?? "").trim().slice(0, 100);
  const kinds: PartyKind[] = options.kind ? [options.kind] : ["customer", "supplier"];
  const found = (await Promise.all(kinds.map((kind) => searchKind(tx, kind, needle, limit)))).flat();
  // Of both kinds: the prefix matches of either first, each part by name.
  found.sort((a, b) => Number(b.prefix) - Number(a.prefix) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return found.slice(0, limit).map(({ id, name, kind }) => ({ id, name, kind }));
}

export type PartyPick = { ok: true; party: PartyOption | null } | { ok: false; message: string };

/**
 * What a party picker's text names, for a form posted without JavaScript (or edited after a party was chosen):
 * the chosen party when the text is still its name, nobody when the text is blank, else the one party of that
 * exact name (any case). No party of that name, or several, is refused with the nearest names to choose from.
 */
export async function resolvePartyPick(tx: Tx, pick: { partyId: string; partyName: string }, kind?: PartyKind): Promise<PartyPick> {
  const text = pick.partyName.trim();
  if (!text) return { ok: true, party: null };
  const same = (name: string) => name.trim().toLowerCase() === text.toLowerCase();
  if (pick.partyId) {
    const [chosen] = await findParties(tx, [pick.partyId]);
    if (chosen && same(chosen.name)) return { ok: true, party: chosen };
  }
  const found = await searchParties(tx, { query: text, kind, limit: 50 });
  const exact = found.filter((party) => same(party.name));
  if (exact.length === 1) return { ok: true, party: exact[0] };
  const nearest = found
    .slice(0, 5)
    .map((party) => party.name)
    .join("; ");
  if (exact.length > 1) return { ok: false, message: `Several customers or suppliers are called ${text}; choose one from the list.` };
  return { ok: false, message: nearest ? `No customer or supplier is called ${text}. Did you mean: ${nearest}?` : `No customer or supplier is called ${text}.` };
}

async function searchKind(tx: Tx, kind: PartyKind, needle: string, limit: number) {
  const table = tableOf(kind);
  const visible = and(eq(table.isActive, true), sql`(${table.restrictedUntil} is null or ${table.restrictedUntil} < current_date)`);
  const columns = { id: table.id, name: table.name, key: table.searchName };
  const inOrder = [sql`${table.searchName} collate "C"`, asc(table.id)];
  const prefix = await tx
    .select(columns)
    .from(table)
    .where(and(visible, sql`starts_with(${table.searchName}, lower(${needle}))`))
    .orderBy(...inOrder)
    .limit(limit);
  const rows = prefix.map((row) => ({ ...row, kind, prefix: true }));
  if (rows.length >= limit || needle.length < 2) return rows;
  const containing = await tx
    .select(columns)
    .from(table)
    .where(and(visible, sql`strpos(${table.searchName}, lower(${needle})) > 1`))
    .orderBy(...inOrder)
    .limit(limit - rows.length);
  return [...rows, ...containing.map((row) => ({ ...row, kind, prefix: false }))];
}

/**
 * The customers and suppliers the member may see (or those of one kind), as one relation (tenant_id, kind, id,
 * name, is_active) for a statement of another area that must stay one round trip (posting, the ledger reports).
 * Row-level security applies to it as to the tables. Of one kind it is a plain subquery, which the planner
 * flattens into a per-line lookup (a ledger export reads a name for each of its lines).
 */
export function partyDirectory(kind?: PartyKind): SQL {
  const customerRows = sql`select tenant_id, 'customer'::text as kind, id, name, is_active from customers`;
  const supplierRows = sql`select tenant_id, 'supplier'::text as kind, id, name, is_active from suppliers`;
  if (kind) return sql`(${kind === "customer" ? customerRows : supplierRows})`;
  return sql`(${customerRows} union all ${supplierRows})`;
}

/**
 * The name of the `kind` party whose id is `id` (a column of the outer statement), as the member may see it: a
 * correlated subquery for a statement of another area that names a party on each of many rows (a ledger export).
 */
export function partyNameOf(kind: PartyKind, id: SQL): SQL {
  return kind === "customer" ? sql`(select c.name from customers c where c.id = ${id})` : sql`(select s.name from suppliers s where s.id = ${id})`;
}

/** The customers and suppliers among `ids` that the member may see (an id that is not a uuid cannot exist). */
export async function findParties(tx: Tx, ids: Iterable<string | null | undefined>): Promise<PartyOption[]> {
  const wanted = [...new Set([...ids].filter(isUuid))];
  if (!wanted.length) return [];
  return queryRows<PartyOption>(tx, sql`select p.id, p.name, p.kind from ${partyDirectory()} p where p.id = any(${`{${wanted.join(",")}}`}::uuid[])`);
}

export const PARTY_PAGE_SIZE = 25;

export interface PartyListFilter {
  /** Part of the name or email, any case. */
  search?: string;
  status?: "active" | "inactive" | "all";
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface PartyPage<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

/** A LIKE pattern matching `text` anywhere, with the pattern's own wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE of a party list: status (active by default) and a search in name and email. */
function partyListWhere(table: typeof customers, filter: PartyListFilter): SQL | undefined {
  // A party the privacy centre restricted is kept (the books still count it) but not listed or searched until the date passes.
  const conditions: SQL[] = [notRestricted(table)];
  const status = filter.status ?? "active";
  if (status !== "all") conditions.push(eq(table.isActive, status === "active"));
  const search = filter.search?.trim();
  if (search) {
    const pattern = containsPattern(search);
    conditions.push(or(ilike(table.name, pattern), ilike(table.email, pattern))!);
  }
  return and(...conditions);
}

function pageOf(filter: PartyListFilter) {
  const pageSize = Math.min(Math.max(filter.pageSize ?? PARTY_PAGE_SIZE, 1), 200);
  const page = Math.max(filter.page ?? 1, 1);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Records as the pages show them: customers with their salesman's name. */
async function shown<K extends PartyKind>(tx: Tx, kind: K, records: PartyRecord<K>[]): Promise<Party<K>[]> {
  if (kind === "supplier") return records as Party<K>[];
  const customerRecords = records as PartyRecord<"customer">[];
  const names = await assigneeNames(
    tx,
    customerRecords.map((c) => c.assignedUserId),
  );
  return customerRecords.map((c) => ({ ...c, assignedUserName: c.assignedUserId ? (names.get(c.assignedUserId) ?? null) : null })) as Party<K>[];
}

/** The customers or suppliers the member may see (a salesman: only his own customers), by name, a page at a time. */
export async function listParties<K extends PartyKind>(tx: Tx, kind: K, filter: PartyListFilter = {}): Promise<PartyPage<Party<K>>> {
  const table = tableOf(kind);
  const { page, pageSize, offset } = pageOf(filter);
  const where = partyListWhere(table, filter);
  const records = await tx.select().from(table).where(where).orderBy(asc(table.name), asc(table.id)).limit(pageSize).offset(offset);
  const [{ total }] = await tx.select({ total: count() }).from(table).where(where);
  return { rows: await shown(tx, kind, records as PartyRecord<K>[]), total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

async function findParty<K extends PartyKind>(tx: Tx, kind: K, id: string, lock: boolean): Promise<PartyRecord<K>> {
  if (!isUuid(id)) throw new AppError("not_found", NOT_FOUND[kind], { reason: `unknown_${kind}` });
  const query = tx.select().from(tableOf(kind)).where(eq(tableOf(kind).id, id));
  const [record] = lock ? await query.for("update") : await query;
  if (!record) throw new AppError("not_found", NOT_FOUND[kind], { reason: `unknown_${kind}` });
  return record as PartyRecord<K>;
}

/** One customer or supplier; another organisation's, or (for a salesman) another salesman's customer, is not found. */
export async function getParty<K extends PartyKind>(tx: Tx, kind: K, id: string): Promise<Party<K>> {
  const [party] = await shown(tx, kind, [await findParty(tx, kind, id, false)]);
  return party;
}

function detailsOf(kind: PartyKind, input: object): Record<string, unknown> {
  return Object.fromEntries(DETAILS[kind].map((field) => [field, (input as Record<string, unknown>)[field]]));
}

export async function createParty<K extends PartyKind>(tx: Tx, kind: K, input: PartyInput<K>): Promise<PartyRecord<K>> {
  const values: Record<string, unknown> = { tenantId: sql`app_tenant_id()`, ...detailsOf(kind, input) };
  if (kind === "customer") values.assignedUserId = await resolveAssignee(tx, (input as CustomerInput).assignedUserId ?? null, null);
  const [party] = await tx
    .insert(tableOf(kind))
    .values(values as typeof customers.$inferInsert)
    .returning();
  await recordAudit(tx, { action: `${kind}.created`, entityType: kind, entityId: party.id, after: party });
  return party as PartyRecord<K>;
}

/**
 * Changes a party's details and, for a customer and an owner or admin, its salesman. Audited as `<kind>.updated`
 * and, when the salesman changes, customer.assigned; nothing is written when nothing changes.
 */
export async function updateParty<K extends PartyKind>(tx: Tx, kind: K, id: string, input: PartyInput<K>): Promise<PartyRecord<K>> {
  const before = (await findParty(tx, kind, id, true)) as Record<string, unknown> & PartyRecord<K>;
  const details = detailsOf(kind, input);
  const detailsChanged = Object.entries(details).some(([field, value]) => before[field] !== value);
  const assignment: { assignedUserId?: string | null } = {};
  if (kind === "customer") {
    const current = before.assignedUserId as string | null;
    assignment.assignedUserId = await resolveAssignee(tx, (input as CustomerInput).assignedUserId, current);
  }
  const assignmentChanged = kind === "customer" && assignment.assignedUserId !== before.assignedUserId;
  if (!detailsChanged && !assignmentChanged) return before;
  const [after] = await tx
    .update(tableOf(kind))
    .set({ ...details, ...assignment, updatedAt: new Date() })
    .where(eq(tableOf(kind).id, id))
    .returning();
  if (detailsChanged) await recordAudit(tx, { action: `${kind}.updated`, entityType: kind, entityId: id, before, after });
  if (assignmentChanged) {
    await recordAudit(tx, {
      action: "customer.assigned",
      entityType: kind,
      entityId: id,
      before: { assignedUserId: before.assignedUserId },
      after: { assignedUserId: assignment.assignedUserId },
    });
  }
  return after as PartyRecord<K>;
}

/** Deactivates (or reactivates) a party; parties are never deleted, since ledger lines may name them. */
export async function setPartyActive<K extends PartyKind>(tx: Tx, kind: K, id: string, active: boolean): Promise<PartyRecord<K>> {
  const before = await findParty(tx, kind, id, true);
  if (before.isActive === active) return before;
  const [after] = await tx.update(tableOf(kind)).set({ isActive: active, updatedAt: new Date() }).where(eq(tableOf(kind).id, id)).returning();
  await recordAudit(tx, { action: `${kind}.${active ? "reactivated" : "deactivated"}`, entityType: kind, entityId: id, before, after });
  return after as PartyRecord<K>;
}

/** Whether the organisation has any customer (or supplier) that this member may see. */
export async function hasParties(tx: Tx, kind: PartyKind): Promise<boolean> {
  const table = kind === "customer" ? customers : suppliers;
  const [row] = await tx.select({ any: sql<boolean>`exists (select 1 from ${table})` }).from(sql`(select 1) as one`);
  return Boolean(row?.any);
}
