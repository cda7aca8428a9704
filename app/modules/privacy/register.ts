import { DATA_CATEGORIES, DATA_SUBJECTS, describeErasure, personalColumns, type TableDataMap } from "~/modules/platform/data-map";
import type { ExportColumn } from "~/utils/export";

/** One line of the records of processing (Art. 30 GDPR): a table that holds personal data, as the map describes it. */
export interface RegisterRow {
  table: string;
  area: string;
  controller: "tenant" | "folio";
  purpose: string;
  legalBasis: string;
  categories: string[];
  subjects: string[];
  retention: string;
  recipients: string;
  source: string;
  columns: Array<{ column: string; category: string; subject: string; erasure: string }>;
}

/** The register built from the data map: every table with a personal column, for the given controller. */
export function processingRegister(maps: readonly TableDataMap[], controller: "tenant" | "folio", statutoryYears: number): RegisterRow[] {
  return maps
    .filter((map) => map.controller === controller)
    .map((map) => ({ map, columns: personalColumns(map) }))
    .filter(({ columns }) => columns.length > 0)
    .map(({ map, columns }) => ({
      table: map.table,
      area: map.area,
      controller: map.controller,
      purpose: map.purpose,
      legalBasis: map.legalBasis,
      categories: [...new Set(columns.map(([, c]) => DATA_CATEGORIES[c.category]))],
      subjects: [...new Set(columns.map(([, c]) => DATA_SUBJECTS[c.subject]))],
      retention: map.retention,
      recipients: map.recipients ?? "none besides the host (Folio's hosting provider)",
      source: map.source ?? "the organisation's own records",
      columns: columns.map(([column, c]) => ({ column, category: DATA_CATEGORIES[c.category], subject: DATA_SUBJECTS[c.subject], erasure: describeErasure(c.erasure, statutoryYears) })),
    }));
}

/** The register as CSV: one line per personal column, with its table's purpose, basis and retention. */
export type RegisterCsvRow = Omit<RegisterRow, "columns" | "categories" | "subjects"> & RegisterRow["columns"][number];

export function registerCsvRows(register: readonly RegisterRow[]): RegisterCsvRow[] {
  return register.flatMap(({ columns, categories: _c, subjects: _s, ...table }) => columns.map((column) => ({ ...table, ...column })));
}

export const REGISTER_COLUMNS: ReadonlyArray<ExportColumn<RegisterCsvRow>> = [
  { header: "Table", value: (r) => r.table },
  { header: "Column", value: (r) => r.column },
  { header: "Data category", value: (r) => r.category },
  { header: "Data subject", value: (r) => r.subject },
  { header: "Purpose", value: (r) => r.purpose },
  { header: "Legal basis", value: (r) => r.legalBasis },
  { header: "Retention", value: (r) => r.retention },
  { header: "On erasure", value: (r) => r.erasure },
  { header: "Recipients", value: (r) => r.recipients },
  { header: "Source", value: (r) => r.source },
];
