/*
 * What the inventory's list reads share: a keyset page (the rows asked for plus one, which says there is a next
 * page), the page size bounds, a WHERE of the conditions a filter set, and the item columns every stock list shows.
 */
import { sql, type SQL } from "drizzle-orm";
import { encodeCursor, type CursorValue } from "./cursor";

export interface Page<T> {
  rows: T[];
  next: string | null;
}

/** The rows to read: what was asked for, a whole number between 1 and 500, `fallback` when nothing (or no number) was. */
export const limitOf = (limit: number | undefined, fallback = 50) => Math.min(Math.max(Math.floor(Number.isFinite(limit) ? limit! : fallback), 1), 500);

/**
 * `limit n` with the number written into the statement rather than bound. A prepared statement's generic plan takes
 * a bound limit for a tenth of the rows; for a page with lateral reads per row that estimate is costly enough to
 * switch on JIT compilation, which took 470 ms of a 1 ms query (stock as at a date, 500,000 balances).
 */
export const literalLimit = (rows: number): SQL => {
  if (!Number.isInteger(rows) || rows < 1 || rows > 1000) throw new Error(`not a page size: ${rows}`);
  return sql.raw(`limit ${rows}`);
};

/**
 * A page from `limit + 1` rows read in the list's order: the first `limit` made into what the list returns, and a
 * `next` token of the last one's sort values when the extra row says there are more.
 */
export function keysetPage<R, T>(rows: R[], limit: number, toRow: (row: R) => T, cursorOf: (last: R) => CursorValue[]): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(toRow),
    next: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}

/** `where a and b ...`, or nothing when no condition is set. */
export const whereAll = (conditions: SQL[]): SQL => (conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``);

/** The item columns of a stock row as read (`item_id, sku, name, unit, unit_decimals`). */
export type RawItemHead = {
  item_id: string;
  sku: string;
  name: string;
  unit: string;
  unit_decimals: number;
};

export interface ItemHead {
  itemId: string;
  sku: string;
  name: string;
  unit: string;
  unitDecimals: number;
}

export const itemHead = (r: RawItemHead): ItemHead => ({
  itemId: r.item_id,
  sku: r.sku,
  name: r.name,
  unit: r.unit,
  unitDecimals: r.unit_decimals,
});
