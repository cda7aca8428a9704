import { PassThrough, type Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { CellValue, ExportColumn, ExportTable } from "./export";

/*
 * An export table as an Excel workbook (.xlsx), written as its rows are read by exceljs's streaming
 * WorkbookWriter (docs/decisions/0021-spreadsheet-imports-and-xlsx-exports.md): one sheet, a bold header row,
 * inline strings (no shared-string table growing with the file), each row committed as soon as it is written.
 *
 * Text cells are written as text, never as formulas: a cell starting with "=" is a string in the file, so the
 * apostrophe CSV needs against formula injection has no place here. Numeric columns are written as numbers when
 * the number survives a double exactly (what Excel itself keeps), else as text, so no digit is ever lost.
 */

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** How many rows are written between checks that the reader keeps up (the writer waits when it does not). */
const ROWS_PER_CHECK = 200;

/** "1234.50" → 1234.5 with the format "0.00"; null when the text is not a number a double keeps exactly. */
export function exactNumber(text: string): { value: number; decimals: number } | null {
  if (!PLAIN_NUMBER.test(text)) return null;
  const value = Number(text);
  if (!Number.isFinite(value)) return null;
  const [whole, fraction = ""] = text.replace(/^-/, "").split(".");
  const trimmed = fraction.replace(/0+$/, "");
  const canonical = `${text.startsWith("-") && value !== 0 ? "-" : ""}${whole.replace(/^0+(?=\d)/, "")}${trimmed ? `.${trimmed}` : ""}`;
  if (String(value) !== canonical) return null;
  return { value, decimals: fraction.length };
}

function numberFormat(decimals: number): string {
  return decimals === 0 ? "0" : `0.${"0".repeat(decimals)}`;
}

function writeCell(cell: ExcelJS.Cell, value: CellValue, numeric: boolean) {
  if (value === null || value === undefined || value === "") return;
  const text = typeof value === "string" ? value : String(value);
  if (numeric) {
    const number = exactNumber(text);
    if (number) {
      cell.value = number.value;
      if (number.decimals > 0) cell.numFmt = numberFormat(number.decimals);
      return;
    }
  }
  cell.value = text;
}

function addRow<T>(sheet: ExcelJS.Worksheet, columns: ReadonlyArray<ExportColumn<T>>, row: T) {
  const written = sheet.addRow([]);
  columns.forEach((column, index) => writeCell(written.getCell(index + 1), column.value(row), column.numeric === true));
  written.commit();
}

/** Resolves when `stream` has room again (at once when it has), or when it closes. */
function roomIn(stream: PassThrough): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}

/**
 * The table as a stream of .xlsx bytes (sheet `sheetName`), reading its rows only as fast as the stream is
 * consumed. When the reader stops early (a download cancelled), the rows stop being read; an error reading them
 * fails the stream.
 */
export function xlsxStream<T>(table: ExportTable<T>, options: { sheetName?: string } = {}): ReadableStream<Uint8Array> {
  const output = new PassThrough({ highWaterMark: 64 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 6 } } });
  workbook.creator = "Folio";
  const sheet = workbook.addWorksheet(sheetTitle(options.sheetName ?? "Export"), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = table.columns.map((column) => ({ header: column.header, width: Math.min(60, Math.max(10, column.header.length + 2)) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();

  let cancelled = false;
  output.on("close", () => {
    cancelled = true;
  });
  const write = async () => {
    let sinceCheck = 0;
    for await (const row of table.rows) {
      if (cancelled) return;
      addRow(sheet, table.columns, row);
      if (++sinceCheck >= ROWS_PER_CHECK) {
        sinceCheck = 0;
        // exceljs's sheet buffer ignores backpressure: let the zip take what was written, then wait for the reader.
        await new Promise((resolve) => setImmediate(resolve));
        await roomIn(output);
      }
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return pulledStream(output);
}

/**
 * A web stream that reads `source` only when its reader asks (Readable.toWeb in Node 20 counts chunks against
 * the Node stream's byte high-water mark, so it would keep reading a stalled download into memory).
 */
function pulledStream(source: Readable): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        return new Promise<void>((resolve) => {
          const attempt = () => {
            const chunk = source.read() as Buffer | null;
            if (chunk !== null) {
              cleanup();
              controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
              resolve();
            } else if (source.readableEnded) {
              cleanup();
              controller.close();
              resolve();
            }
          };
          const onEnd = () => {
            cleanup();
            controller.close();
            resolve();
          };
          const onError = (error: Error) => {
            cleanup();
            controller.error(error);
            resolve();
          };
          const cleanup = () => {
            source.off("readable", attempt);
            source.off("end", onEnd);
            source.off("error", onError);
          };
          if (source.errored) return onError(source.errored as Error);
          source.on("readable", attempt);
          source.on("end", onEnd);
          source.on("error", onError);
          attempt();
        });
      },
      cancel() {
        source.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/** A sheet's name: at most 31 characters, none of : \ / ? * [ ]. */
function sheetTitle(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, " ").slice(0, 31) || "Export";
}

/** The whole workbook as bytes, read through the stream: for tests and small consumers. */
export async function xlsxBytes<T>(table: ExportTable<T>, options: { sheetName?: string } = {}): Promise<Buffer> {
  return Buffer.from(await new Response(xlsxStream(table, options)).arrayBuffer());
}
