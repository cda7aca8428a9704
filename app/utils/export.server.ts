import { csvStream } from "./csv";
import type { ExportTable } from "./export";
import { xlsxStream } from "./xlsx.server";

/**
 * A download, answered by a resource route (`...[.csv].tsx`): the table streamed as text/csv in UTF-8, as an
 * attachment named `filename` (letters, digits, dots and dashes kept). Rows are read while the body is sent,
 * so whatever must refuse the request (a bad filter, another organisation's id) has to run before this.
 */
export function csvDownload<T>(filename: string, table: ExportTable<T>): Response {
  return new Response(csvStream(table), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${safeFilename(filename)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The same download as an Excel workbook (`...[.xlsx].tsx`): one sheet named `sheetName`, streamed as the rows
 * are read (app/utils/xlsx.server.ts). What must refuse the request has to run before this, as for CSV.
 */
export function xlsxDownload<T>(filename: string, table: ExportTable<T>, options: { sheetName?: string } = {}): Response {
  return new Response(xlsxStream(table, options), {
    status: 200,
    headers: {
      "Content-Type": XLSX_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${safeFilename(filename)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

export function safeFilename(filename: string): string {
  return filename.replace(/[^A-Za-z0-9._-]+/g, "-");
}

/**
 * A file answered whole (an invoice's PDF, a mail's attachment), named `filename` (letters, digits, dots and
 * dashes kept); `inline` lets the browser show it instead of saving it.
 */
export function fileResponse(content: Buffer, options: { filename: string; contentType: string; inline?: boolean }): Response {
  return new Response(new Uint8Array(content), {
    status: 200,
    headers: {
      "Content-Type": options.contentType,
      "Content-Disposition": `${options.inline ? "inline" : "attachment"}; filename="${safeFilename(options.filename)}"`,
      "Content-Length": String(content.length),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
