import { pipeline, Readable } from "node:stream";
import { stringify, type Options } from "csv-stringify";
import { stringify as stringifySync } from "csv-stringify/sync";
import type { CellValue, ExportColumn, ExportTable } from "./export";

/*
 * CSV as RFC 4180 describes it, written by csv-stringify (docs/decisions/0010-streamed-exports.md): fields
 * separated by commas, records ended by CRLF, a field quoted when it holds a comma, a quote, CR or LF, and a
 * quote inside doubled.
 *
 * The text starts with a UTF-8 byte order mark by default, because spreadsheet programs (Excel above all) read a
 * file without one in the machine's legacy code page and garble names like "Müller"; tools that mind it can ask
 * for `bom: false`.
 *
 * Spreadsheet formula injection: a text cell starting with = + - @, a tab or a carriage return (or the full-width
 * = + - @) would be run as a formula when the file is opened, so such text gets a leading apostrophe. Numeric
 * columns are exempt so that negative amounts stay numbers, but only for values that are plain decimal numbers;
 * anything else in a numeric column is treated as text. (csv-stringify's own escape_formulas knows no numeric
 * columns: exempting a cell costs it a fresh set of options per cell, three times slower over a large export.)
 */

export const CSV_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

type CsvRecord = Array<string | null>;

function options(settings: { bom?: boolean }): Options {
  return {
    bom: settings.bom !== false,
    record_delimiter: "\r\n",
    // Given a record delimiter, csv-stringify would quote only fields holding that exact sequence; a lone CR or
    // LF must be quoted as well.
    quote_record_delimiter: true,
  };
}

/** A cell's text, neutralised when a spreadsheet would read it as a formula. */
function cell(value: CellValue, numeric = false): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === "string" ? value : String(value);
  return FORMULA_START.test(text) && !(numeric && PLAIN_NUMBER.test(text)) ? `'${text}` : text;
}

function record<T>(columns: ReadonlyArray<ExportColumn<T>>, row: T): CsvRecord {
  return columns.map((column) => cell(column.value(row), column.numeric));
}

function headerRecord<T>(columns: ReadonlyArray<ExportColumn<T>>): CsvRecord {
  return columns.map((column) => cell(column.header));
}

/** A small table held in memory as CSV text: a header record and one record per row, each ended by CRLF. */
export function toCsv<T>(table: { columns: ReadonlyArray<ExportColumn<T>>; rows: Iterable<T> }, settings: { bom?: boolean } = {}): string {
  const records: CsvRecord[] = [headerRecord(table.columns)];
  for (const row of table.rows) records.push(record(table.columns, row));
  return stringifySync(records, options(settings));
}

/** One field as the CSV writer writes it (neutralised and quoted as needed), without the record's end. */
export function csvField(value: CellValue, numeric = false): string {
  return stringifySync([[cell(value, numeric)]], { ...options({ bom: false }), eof: false });
}

async function* records<T>(table: ExportTable<T>): AsyncGenerator<CsvRecord> {
  yield headerRecord(table.columns);
  for await (const row of table.rows) yield record(table.columns, row);
}

/**
 * The table as a stream of CSV bytes that reads its rows only as fast as the stream is consumed, so a large
 * export never sits in memory. When the reader stops early (a download cancelled), the rows stop being read.
 */
export function csvStream<T>(table: ExportTable<T>, settings: { bom?: boolean } = {}): ReadableStream<Uint8Array> {
  const writer = stringify(options(settings));
  // pipeline tears both down together: an error reading rows fails the stream, a cancelled stream ends the rows.
  pipeline(Readable.from(records(table), { objectMode: true, highWaterMark: 64 }), writer, () => {});
  return Readable.toWeb(writer) as unknown as ReadableStream<Uint8Array>;
}

/** The whole of a table's CSV as text, read through the stream (byte order mark kept): for tests and small consumers. */
export async function csvText<T>(table: ExportTable<T>, settings: { bom?: boolean } = {}): Promise<string> {
  // Not Response.text(): a UTF-8 decoder drops the byte order mark.
  return Buffer.from(await new Response(csvStream(table, settings)).arrayBuffer()).toString("utf8");
}
