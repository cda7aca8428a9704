import { Readable } from "node:stream";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { AppError, isAppError } from "~/modules/platform/errors";

/*
 * An uploaded CSV or Excel (.xlsx) file read as a table of text cells, every row with the line a person finds it
 * on (docs/decisions/0021-spreadsheet-imports-and-xlsx-exports.md): the spreadsheet's row number for .xlsx, the
 * line the record starts on for CSV (the header is line 1). What the cells mean is the importer's business; this
 * only reads them, refusing a file that cannot be read at all (not CSV or .xlsx, broken, empty, too many rows).
 */

export type UploadFormat = "csv" | "xlsx";

export interface UploadedRow {
  /** The line (CSV) or row number (.xlsx) the row starts on; the header is line 1. */
  line: number;
  /** The row's cells in the order of the header, each trimmed; "" when empty. */
  cells: string[];
}

export interface UploadedTable {
  format: UploadFormat;
  /** The header row's cells, trimmed, as written. */
  headers: string[];
  rows: UploadedRow[];
}

export interface ReadTableOptions {
  /** More data rows than this refuse the file (reading stops there, so a huge file costs no more). */
  maxRows: number;
  /** A longer cell refuses the file with its line: no field of an import needs more. */
  maxCellLength?: number;
}

const DEFAULT_MAX_CELL_LENGTH = 4000;

const XLSX_TYPES = new Set(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]);
const CSV_TYPES = new Set(["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", "text/comma-separated-values"]);

/**
 * The format of an uploaded file, by its name's extension (what the person chose), checked against the type the
 * browser gave (empty or application/octet-stream say nothing); null when it is neither CSV nor .xlsx.
 */
export function uploadFormat(filename: string, contentType: string): UploadFormat | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  const type = contentType.split(";")[0].trim().toLowerCase();
  const vague = type === "" || type === "application/octet-stream";
  if (extension === "xlsx" && (vague || XLSX_TYPES.has(type))) return "xlsx";
  if (extension === "csv" && (vague || CSV_TYPES.has(type))) return "csv";
  return null;
}

/** The bytes of a zip archive start with "PK\x03\x04": an .xlsx that does not is not one. */
function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function tooManyRows(maxRows: number): AppError {
  return new AppError("invalid", `The file has more than ${maxRows.toLocaleString("en")} rows. Split it into files of at most ${maxRows.toLocaleString("en")} rows.`, {
    field: "file",
    reason: "too_many_rows",
  });
}

function cellTooLong(line: number, maxCellLength: number): AppError {
  return new AppError("invalid", `Line ${line} has a cell longer than ${maxCellLength} characters; no column takes that much.`, { field: "file", reason: "cell_too_long" });
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell === "");
}

/** Reads an uploaded file as a table; throws AppError "invalid" (field "file") when it cannot be read. */
export async function readUploadedTable(bytes: Uint8Array, format: UploadFormat, options: ReadTableOptions): Promise<UploadedTable> {
  const table = format === "csv" ? await readCsv(bytes, options) : await readXlsx(bytes, options);
  if (table.headers.length === 0 || isBlank(table.headers)) {
    throw new AppError("invalid", "The file is empty: its first line must name the columns.", { field: "file", reason: "empty" });
  }
  return table;
}

async function readCsv(bytes: Uint8Array, options: ReadTableOptions): Promise<UploadedTable> {
  const maxCellLength = options.maxCellLength ?? DEFAULT_MAX_CELL_LENGTH;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("invalid", "The file is not UTF-8 text. Save the CSV as \"CSV UTF-8\" (or export it as .xlsx) and upload it again.", {
      field: "file",
      reason: "not_utf8",
    });
  }
  const parser = Readable.from([text.replace(/^\uFEFF/, "")]).pipe(
    parse({ info: true, relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: maxCellLength * 64 }),
  );
  let headers: string[] | null = null;
  const rows: UploadedRow[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is the line the record ends on; a quoted field spanning lines moves its start back.
      const breaks = record.reduce((count, cell) => count + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
      const line = info.lines - breaks;
      if (record.some((cell) => cell.length > maxCellLength)) throw cellTooLong(line, maxCellLength);
      if (headers === null) {
        headers = record;
        continue;
      }
      if (isBlank(record)) continue;
      if (rows.length >= options.maxRows) throw tooManyRows(options.maxRows);
      rows.push({ line, cells: record });
    }
  } catch (error) {
    parser.destroy();
    if (isAppError(error)) throw error;
    const where = (error as { lines?: number }).lines;
    throw new AppError("invalid", `The file is not readable as CSV${where ? ` (line ${where})` : ""}: ${(error as Error).message.replace(/^Invalid [^:]*: /, "")}`, {
      field: "file",
      reason: "unreadable",
    });
  }
  return { format: "csv", headers: headers ?? [], rows };
}

/** A cell of exceljs as text: numbers in their shortest exact form, dates as YYYY-MM-DD, formulas by their result. */
export function xlsxCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return "";
    const iso = value.toISOString();
    // Excel stores a date without a time as midnight UTC; a time of day is kept.
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("").trim();
    if ("error" in value) return String(value.error);
    if ("result" in value) return xlsxCellText((value.result ?? null) as ExcelJS.CellValue);
    if ("formula" in value || "sharedFormula" in value) return "";
    if ("text" in value) return xlsxCellText((value as { text: ExcelJS.CellValue }).text);
  }
  return String(value).trim();
}

async function readXlsx(bytes: Uint8Array, options: ReadTableOptions): Promise<UploadedTable> {
  const maxCellLength = options.maxCellLength ?? DEFAULT_MAX_CELL_LENGTH;
  const unreadable = () =>
    new AppError("invalid", "The file is not a readable Excel workbook (.xlsx). Open it in a spreadsheet program, save it as .xlsx or CSV and upload it again.", {
      field: "file",
      reason: "unreadable",
    });
  if (!looksLikeZip(bytes)) throw unreadable();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  let headers: string[] | null = null;
  let width = 0;
  const rows: UploadedRow[] = [];
  try {
    for await (const worksheet of reader) {
      // The first sheet is the table; any others (notes, lookups) are not read.
      for await (const row of worksheet) {
        const values = (row.values as ExcelJS.CellValue[]) ?? [];
        if (headers === null) {
          const cells = values.slice(1).map(xlsxCellText);
          while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
          if (cells.length === 0) continue;
          headers = cells;
          width = cells.length;
          continue;
        }
        const cells = Array.from({ length: Math.max(width, values.length - 1) }, (_, index) => xlsxCellText(values[index + 1]));
        while (cells.length > width && cells[cells.length - 1] === "") cells.pop();
        if (cells.some((cell) => cell.length > maxCellLength)) throw cellTooLong(row.number, maxCellLength);
        if (isBlank(cells)) continue;
        if (rows.length >= options.maxRows) throw tooManyRows(options.maxRows);
        rows.push({ line: row.number, cells });
      }
      break;
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    throw unreadable();
  }
  return { format: "xlsx", headers: headers ?? [], rows };
}
