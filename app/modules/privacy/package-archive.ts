import type { Row } from "./personal-data.server";
import { toCsv } from "~/utils/csv";
import { zipFiles } from "~/utils/zip";

/** The access package as a zip: the whole package as one JSON file (by entity), and a CSV file per table. */
export function packageArchive(pkg: { reference: string; json: unknown; tables: Record<string, Row[]> }): Buffer {
  const files = [{ name: "my-data.json", content: JSON.stringify(pkg.json, null, 2) }];
  for (const [table, rows] of Object.entries(pkg.tables)) {
    const columns = Object.keys(rows[0] ?? {}).map((column) => ({ header: column, value: (row: Row) => cellOf(row[column]) }));
    files.push({ name: `csv/${table}.csv`, content: toCsv({ columns, rows }) });
  }
  return zipFiles(files);
}

function cellOf(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
