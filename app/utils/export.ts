import type { Tx } from "~/db.server";

/*
 * What every export shares, whatever it writes (CSV now, .xlsx later): columns that turn a row into cells, and
 * rows that are either a report's few lines in memory or read from the database a page at a time as the
 * download proceeds.
 */

export type CellValue = string | number | bigint | null | undefined;

/** One column of an export: its header and how a row gives its cell. */
export interface ExportColumn<T> {
  header: string;
  /** Plain decimal numbers ("-1234.50"): written as numbers, never neutralised as formulas. */
  numeric?: boolean;
  value: (row: T) => CellValue;
}

export interface ExportTable<T> {
  columns: ReadonlyArray<ExportColumn<T>>;
  rows: Iterable<T> | AsyncIterable<T>;
}

/** Runs `work` in a transaction of its own (for a tenant's data: withTenant as the member). */
export type InTransaction = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/** How many rows an export reads per page, each page in a short transaction of its own. */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * Every row of a keyset-paged query, read a page at a time as the consumer asks for them. Each page runs in a
 * transaction of its own, so a slow download holds no connection (and on embedded PGlite, whose one connection
 * every request shares, blocks nobody) between pages. `readPage` returns the rows after `after` (the whole
 * start when null) in the export's order, at most `limit`; a short page is the last.
 */
export async function* pagedRows<Row, Key>(
  inTransaction: InTransaction,
  readPage: (tx: Tx, after: Key | null, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<Row> {
  let after: Key | null = null;
  while (true) {
    const key = after;
    const rows = await inTransaction((tx) => readPage(tx, key, pageSize));
    yield* rows;
    if (rows.length < pageSize) return;
    after = keyOf(rows[rows.length - 1]);
  }
}

/**
 * Every row of a list read with an opaque cursor (`{ rows, next }`, next null on the last page), a page at a time
 * as the consumer asks for them, each page in a transaction of its own (like pagedRows).
 */
export async function* cursorRows<Row>(
  inTransaction: InTransaction,
  readPage: (tx: Tx, after: string | null, limit: number) => Promise<{ rows: Row[]; next: string | null }>,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<Row> {
  let after: string | null = null;
  while (true) {
    const cursor: string | null = after;
    const page: { rows: Row[]; next: string | null } = await inTransaction((tx) => readPage(tx, cursor, pageSize));
    yield* page.rows;
    if (!page.next || page.rows.length === 0) return;
    after = page.next;
  }
}
