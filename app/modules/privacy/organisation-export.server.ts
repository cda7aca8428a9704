import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { TableDataMap } from "~/modules/platform/data-map";
import { csvStream } from "~/utils/csv";
import { pagedRows, type CellValue, type InTransaction } from "~/utils/export";
import type { StreamedZipEntry } from "~/utils/zip";

/*
 * An owner's export of everything the organisation holds: every tenant table the data map knows, as CSV and as
 * JSON, one file each, streamed into a zip (app/utils/zip.ts) a keyset page at a time, each page in a transaction
 * of its own (app/utils/export.ts), so memory stays flat however large the books are. The SQL is built from the
 * data map's entries, the one sanctioned way the privacy centre reaches other areas' tables (DR 0022); row-level
 * security keeps it to the organisation.
 */

type Row = Record<string, unknown>;

/** The organisation's own tables: those whose key starts with tenant_id, by name. */
export function organisationTables(maps: readonly TableDataMap[]): TableDataMap[] {
  return maps.filter((map) => map.key[0] === "tenant_id").sort((a, b) => a.table.localeCompare(b.table));
}

const ident = (name: string) => sql.identifier(name);

/** One keyset page of a table in its key's order: the rows after `after` (the key's values), at most `limit`. */
export async function readTablePage(tx: Tx, map: TableDataMap, after: unknown[] | null, limit: number): Promise<Row[]> {
  const key = sql.join(
    map.key.map((column) => ident(column)),
    sql`, `,
  );
  const where: SQL = after
    ? sql`where (${key}) > (${sql.join(
        after.map((value) => sql`${value}`),
        sql`, `,
      )})`
    : sql``;
  return queryRows<Row>(tx, sql`select * from ${ident(map.table)} ${where} order by ${key} limit ${limit}`);
}

function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  return value;
}

function cell(value: unknown): CellValue {
  const v = plain(value);
  if (v === null) return null;
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  return JSON.stringify(v);
}

function keyOf(map: TableDataMap) {
  return (row: Row) => map.key.map((column) => {
    const value = row[column];
    return value instanceof Date ? value.toISOString() : value;
  });
}

async function* jsonArray(rows: AsyncIterable<Row>, columns: readonly string[]): AsyncGenerator<string> {
  yield "[";
  let first = true;
  for await (const row of rows) {
    yield `${first ? "\n" : ",\n"}${JSON.stringify(Object.fromEntries(columns.map((column) => [column, plain(row[column])])))}`;
    first = false;
  }
  yield first ? "]\n" : "\n]\n";
}

/** The files of the export: a manifest, then csv/<table>.csv and json/<table>.json for each of the organisation's tables. */
export function* organisationExportEntries(
  maps: readonly TableDataMap[],
  inTransaction: InTransaction,
  organisation: { name: string; slug: string },
  now: Date = new Date(),
  pageSize?: number,
): Generator<StreamedZipEntry> {
  const tables = organisationTables(maps);
  yield {
    name: "organisation.json",
    content: [
      JSON.stringify(
        {
          organisation: organisation.name,
          slug: organisation.slug,
          exportedAt: now.toISOString(),
          tables: tables.map((map) => ({ table: map.table, area: map.area, purpose: map.purpose, key: map.key, columns: Object.keys(map.columns) })),
        },
        null,
        2,
      ),
    ],
  };
  for (const map of tables) {
    const columns = Object.keys(map.columns);
    const rows = () => pagedRows<Row, unknown[]>(inTransaction, (tx, after, limit) => readTablePage(tx, map, after, limit), keyOf(map), pageSize);
    yield { name: `csv/${map.table}.csv`, content: csvStream({ columns: columns.map((column) => ({ header: column, value: (row: Row) => cell(row[column]) })), rows: rows() }) as unknown as AsyncIterable<Uint8Array> };
    yield { name: `json/${map.table}.json`, content: jsonArray(rows(), columns) };
  }
}

/** The audit event of an export, written before it streams (who took the organisation's data, and when). */
export async function recordOrganisationExport(tx: Tx, maps: readonly TableDataMap[]) {
  await recordAudit(tx, { action: "organisation.exported", entityType: "organisation", entityId: null, after: { tables: organisationTables(maps).map((m) => m.table) } });
}
