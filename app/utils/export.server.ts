import { csvStream } from "./csv";
import type { ExportTable } from "./export";

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

export function safeFilename(filename: string): string {
  return filename.replace(/[^A-Za-z0-9._-]+/g, "-");
}
