import { redirect, type TypedResponse } from "@remix-run/node";

/**
 * CSV as RFC 4180 describes it: fields separated by commas, records ended by CRLF, a field quoted with double
 * quotes when it holds a comma, a quote, CR or LF, and a quote inside doubled.
 *
 * The text starts with a UTF-8 byte order mark by default, because spreadsheet programs (Excel above all) read a
 * file without one in the machine's legacy code page and garble names like "Müller"; tools that mind it can ask
 * for `bom: false`.
 *
 * Spreadsheet formula injection: a text cell starting with = + - @, a tab or a carriage return would be run as
 * a formula when the file is opened, so such text gets a leading apostrophe. Numeric columns are exempt so that
 * negative amounts stay numbers, but only for values that are plain decimal numbers; anything else in a numeric
 * column is treated as text.
 */

export type CsvValue = string | number | bigint | null | undefined;

export interface CsvColumn<T> {
  header: string;
  /** Plain decimal numbers ("-1234.50"): written as they are, never prefixed. */
  numeric?: boolean;
  value: (row: T) => CsvValue;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

export const CSV_BOM = "\uFEFF";

/** One field, neutralised and quoted as needed. */
export function csvField(value: CsvValue, numeric = false): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : String(value);
  if (!(numeric && PLAIN_NUMBER.test(text)) && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header record and one record per row, each ended by CRLF. */
export function toCsv<T>(columns: ReadonlyArray<CsvColumn<T>>, rows: Iterable<T>, options: { bom?: boolean } = {}): string {
  const records = [columns.map((c) => csvField(c.header)).join(",")];
  for (const row of rows) records.push(columns.map((c) => csvField(c.value(row), c.numeric)).join(","));
  return `${options.bom === false ? "" : CSV_BOM}${records.join("\r\n")}\r\n`;
}

/**
 * A download: text/csv in UTF-8, as an attachment named `filename` (letters, digits, dots and dashes kept).
 * Typed as a response without JSON data so that a loader can return it beside its json().
 */
export function csvResponse(body: string, filename: string): TypedResponse<never> {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, "-");
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${safe}"`,
      "Cache-Control": "private, no-store",
    },
  }) as TypedResponse<never>;
}

/**
 * Where `?format=csv` is answered. Remix (classic, without single fetch) renders a document request of a page
 * route with its component whatever its loader returns, so the loader cannot answer the page's own URL with a
 * file. A document request for the CSV is therefore redirected to the same URL as a data request of the same
 * route (`_data`, marked with `download=1`), whose response Remix passes through untouched: the text/csv
 * attachment. Returns the redirect, or null when this request is that data request.
 */
export function csvDownloadRedirect(url: URL, routeId: string): TypedResponse<never> | null {
  if (url.searchParams.get("download") === "1") return null;
  const target = new URL(url);
  target.searchParams.set("download", "1");
  target.searchParams.set("_data", routeId);
  return redirect(`${target.pathname}${target.search}`);
}
