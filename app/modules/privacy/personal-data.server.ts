import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { type ColumnClass, DATA_SUBJECTS, personalColumns, type RetentionRule, type TableDataMap } from "~/modules/platform/data-map";
import { findUserById, findUserIdByEmail } from "~/modules/identity/users.server";
import { erasureLog, privacyRestrictions } from "./schema";

/*
 * What the data map finds for a person, what erasure will do to each row (the plan), and its execution in the
 * caller's transaction. The SQL is built from the map's entries alone: the data map, which each area defines
 * beside its own tables, is the one sanctioned way the privacy centre reaches another area's rows
 * (docs/decisions/0022-personal-data-map.md).
 */

export type Row = Record<string, unknown>;

export interface FoundTable {
  table: string;
  map: TableDataMap;
  rows: Row[];
}

export interface Subject {
  email: string;
  /** The signed-in user's id, or the user found by the email. */
  userId?: string | null;
}

export function emailHash(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

const ident = (name: string) => sql.identifier(name);

function inList(values: readonly unknown[]): SQL {
  return sql`(${sql.join(
    values.map((value) => sql`${String(value)}`),
    sql`, `,
  )})`;
}

/** The tables that may be read and changed for a request of this controller (an organisation's or Folio's). */
function inScope(map: TableDataMap, controller: TableDataMap["controller"]) {
  return map.controller === controller;
}

/**
 * Every row the map's locators find for the person, table by table, in the caller's transaction (withTenant for
 * an organisation's request: row-level security keeps it to the organisation). A table found only by reference
 * is read after the tables it references. For an organisation's request the user account (Folio's data) is read
 * for its id only, to find the member's rows; it is not part of the result.
 */
export async function findPersonalData(tx: Tx, maps: readonly TableDataMap[], subject: Subject, controller: TableDataMap["controller"]): Promise<FoundTable[]> {
  const email = subject.email.trim().toLowerCase();
  const found = new Map<string, Row[]>();
  const keysOf = new Map<string, string[]>();
  const users = maps.find((m) => m.table === "users");
  if (users) {
    // The account is identity's: its id (and, for Folio's own requests, the row) through identity's operations.
    const id = await findUserIdByEmail(tx, email);
    const account = controller === "folio" && id ? await findUserById(tx, id) : undefined;
    const snake = (row: object): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
    const rows: Row[] = account ? [snake(account)] : id ? [{ id }] : [];
    const ids = rows.map((r) => String(r.id));
    if (subject.userId && !ids.includes(subject.userId)) ids.push(subject.userId);
    keysOf.set("users", ids);
    if (controller === "folio") found.set("users", rows);
  }
  const pending = maps.filter((m) => m.table !== "users" && inScope(m, controller) && (m.locate?.length ?? 0) > 0);
  let progress = true;
  while (pending.length > 0 && progress) {
    progress = false;
    for (let index = 0; index < pending.length; index++) {
      const map = pending[index];
      const references = (map.locate ?? []).filter((l) => l.by === "reference").map((l) => (l as { table: string }).table);
      if (references.some((table) => !keysOf.has(table) && pending.some((p) => p.table === table))) continue;
      pending.splice(index--, 1);
      progress = true;
      const conditions: SQL[] = [];
      for (const locator of map.locate ?? []) {
        if (locator.by === "email") conditions.push(sql`lower(${ident(locator.column)}) = ${email}`);
        else if (locator.by === "user") {
          if (subject.userId) conditions.push(sql`${ident(locator.column)}::text = ${subject.userId}`);
        } else {
          const keys = keysOf.get(locator.table) ?? [];
          if (keys.length > 0) conditions.push(sql`${ident(locator.column)}::text in ${inList(keys)}`);
        }
      }
      const rows = conditions.length === 0 ? [] : await queryRows<Row>(tx, sql`select * from ${ident(map.table)} where ${sql.join(conditions, sql` or `)}`);
      found.set(map.table, rows);
      keysOf.set(map.table, map.key.includes("id") ? rows.map((r) => String(r.id)) : []);
    }
  }
  return maps.filter((m) => (found.get(m.table)?.length ?? 0) > 0).map((map) => ({ table: map.table, map, rows: found.get(map.table)! }));
}

export type RowAction = "delete" | "anonymise" | "keep";

export interface PlannedRow {
  table: string;
  key: Record<string, unknown>;
  action: RowAction;
  /** Columns overwritten (anonymise) */
  anonymise: string[];
  /** Why and until when the row is kept (keep), as an ISO date or null (while a condition holds). */
  keptFor?: string;
  keptUntil?: string | null;
  label: string;
}

function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

export function retentionEnd(rule: RetentionRule, row: Row, statutoryYears: number): Date | null {
  if (rule.kind === "while") return null;
  const from = row[rule.from];
  if (from === null || from === undefined) return null;
  const start = new Date(from as string);
  return addMonths(start, rule.kind === "statutory" ? statutoryYears * 12 : rule.months);
}

function keyOf(map: TableDataMap, row: Row): Record<string, unknown> {
  return Object.fromEntries(map.key.map((column) => [column, row[column] instanceof Date ? (row[column] as Date).toISOString() : row[column]]));
}

/** What erasure does to each row found: delete it, anonymise its personal columns, or keep it (restricted) until a date. */
export function erasurePlan(found: readonly FoundTable[], statutoryYears: number, now: Date): PlannedRow[] {
  return found.flatMap(({ map, rows }) =>
    rows.map((row): PlannedRow => {
      const columns = personalColumns(map);
      const kept = columns.filter(([, c]) => c.erasure.kind === "keep") as Array<[string, Extract<ColumnClass, { personal: true }> & { erasure: { kind: "keep"; reason: string; until: RetentionRule } }]>;
      const label = `${map.table} ${Object.values(keyOf(map, row)).filter((v) => v !== row.tenant_id).join("/")}`;
      const ends = kept.map(([, c]) => retentionEnd(c.erasure.until, row, statutoryYears));
      const until = ends.length === 0 ? null : ends.reduce<Date | null>((latest, end) => (end && (!latest || end > latest) ? end : latest), null);
      // A row with nothing personal of its own (a posted invoice's lines, found through the invoice) stays as it is.
      if (columns.length === 0 && !map.deleteRow) {
        return { table: map.table, key: keyOf(map, row), action: "keep", anonymise: [], keptFor: "it holds no personal data of its own; it stays with the record it belongs to", keptUntil: null, label };
      }
      const stillKept = kept.length > 0 && (until === null || until > now);
      if (stillKept && (map.immutable || kept.length === columns.length || map.deleteRow)) {
        return { table: map.table, key: keyOf(map, row), action: "keep", anonymise: [], keptFor: kept[0][1].erasure.reason, keptUntil: until ? until.toISOString().slice(0, 10) : null, label };
      }
      const deleteRow = !stillKept && (map.deleteRow || columns.every(([, c]) => c.erasure.kind === "delete"));
      if (deleteRow) return { table: map.table, key: keyOf(map, row), action: "delete", anonymise: [], label };
      const overwrite = columns.filter(([, c]) => c.erasure.kind !== "keep" || !stillKept).map(([name]) => name);
      if (stillKept) {
        return { table: map.table, key: keyOf(map, row), action: "keep", anonymise: overwrite, keptFor: kept[0][1].erasure.reason, keptUntil: until ? until.toISOString().slice(0, 10) : null, label };
      }
      return { table: map.table, key: keyOf(map, row), action: "anonymise", anonymise: overwrite, label };
    }),
  );
}

function anonymisedValue(map: TableDataMap, column: string): SQL {
  const c = map.columns[column];
  if (!c?.personal) return sql`${ident(column)}`;
  const strategy = c.erasure.kind === "anonymise" ? c.erasure.strategy : "null";
  const idText = map.key.includes("id") ? sql`left(id::text, 8)` : sql`''`;
  switch (strategy) {
    case "placeholder":
      return sql`${`Erased ${DATA_SUBJECTS[c.subject].toLowerCase()} `} || ${idText}`;
    case "erased_email":
      return sql`'erased+' || id::text || '@erased.invalid'`;
    case "random_secret":
      return sql`md5(random()::text || clock_timestamp()::text)`;
    default:
      return sql`null`;
  }
}

function whereKey(key: Record<string, unknown>): SQL {
  return sql.join(
    Object.entries(key).map(([column, value]) => sql`${ident(column)}::text = ${String(value)}`),
    sql` and `,
  );
}

export interface ErasureOutcome {
  deleted: number;
  anonymised: number;
  kept: PlannedRow[];
}

/**
 * Carries out the plan in the caller's transaction: deletes and anonymises what it may, marks rows the law keeps
 * restricted until their date (restrictable tables get `restricted_until`; immutable ones are recorded in
 * privacy_restrictions only), and writes the erasure log that a restore from backup replays.
 */
export async function executeErasure(
  tx: Tx,
  maps: readonly TableDataMap[],
  plan: readonly PlannedRow[],
  options: { requestId: string | null; emailHash: string; tenantId: string },
): Promise<ErasureOutcome> {
  const byTable = new Map(maps.map((m) => [m.table, m]));
  let deleted = 0;
  let anonymised = 0;
  // Rows that reference others go first: deletions in the map's reverse order.
  const order = [...plan].sort((a, b) => maps.findIndex((m) => m.table === b.table) - maps.findIndex((m) => m.table === a.table));
  for (const row of order) {
    const map = byTable.get(row.table)!;
    if (row.action === "delete") {
      await tx.execute(sql`delete from ${ident(map.table)} where ${whereKey(row.key)}`);
      deleted++;
      continue;
    }
    const sets: SQL[] = map.immutable ? [] : row.anonymise.map((column) => sql`${ident(column)} = ${anonymisedValue(map, column)}`);
    if (row.action === "keep" && map.restrictable && row.keptUntil) sets.push(sql`restricted_until = ${row.keptUntil}`);
    if (sets.length > 0) {
      await tx.execute(sql`update ${ident(map.table)} set ${sql.join(sets, sql`, `)} where ${whereKey(row.key)}`);
      if (row.action === "anonymise") anonymised++;
    }
  }
  const kept = plan.filter((row) => row.action === "keep");
  for (const row of kept.filter((r) => r.keptUntil)) {
    await tx.insert(privacyRestrictions).values({ tenantId: options.tenantId, requestId: options.requestId, tableName: row.table, rowKey: row.key, reason: row.keptFor ?? "kept by law", restrictedUntil: row.keptUntil! });
  }
  await tx.insert(erasureLog).values({
    tenantId: options.tenantId,
    requestId: options.requestId,
    emailHash: options.emailHash,
    entries: plan.map((row) => ({ table: row.table, key: row.key, action: row.action, columns: row.anonymise, until: row.keptUntil ?? null })),
  });
  return { deleted, anonymised, kept };
}

/** Marks the person's rows restricted (Art. 18) until the given date, in tables that can hide them. */
export async function restrictRows(tx: Tx, found: readonly FoundTable[], until: string, options: { requestId: string; tenantId: string; reason: string }): Promise<number> {
  let count = 0;
  for (const { map, rows } of found) {
    for (const row of rows) {
      const key = keyOf(map, row);
      if (map.restrictable) await tx.execute(sql`update ${ident(map.table)} set restricted_until = ${until} where ${whereKey(key)}`);
      await tx.insert(privacyRestrictions).values({ tenantId: options.tenantId, requestId: options.requestId, tableName: map.table, rowKey: key, reason: options.reason, restrictedUntil: until });
      count++;
    }
  }
  return count;
}

/**
 * The person's rows as they would be exported: the key and the personal columns of each row, by table. Secrets
 * (password and code hashes) are the person's data but never leave the database: a package in the wrong hands
 * must not help anyone sign in.
 */
export function packageData(found: readonly FoundTable[]): Record<string, Row[]> {
  return Object.fromEntries(
    found.map(({ map, rows }) => {
      const personal = personalColumns(map).filter(([, c]) => c.category !== "credentials");
      const columns = [...new Set([...map.key.filter((k) => k !== "tenant_id"), ...personal.map(([name]) => name)])];
      return [map.table, rows.map((row) => Object.fromEntries(columns.map((column) => [column, serialise(row[column])])))];
    }),
  );
}

function serialise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value ?? null;
}
