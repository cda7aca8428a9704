import { z } from "zod";
import { MoneyFormatError, parseMoney } from "~/utils/money";
import { firstControlCharacter } from "~/utils/text-input";

/*
 * What an import file's rows must hold, checked row by row before anything is written
 * (docs/decisions/0021-spreadsheet-imports-and-xlsx-exports.md). Each problem is reported with its line, the
 * column as the file names it, and what is wrong; a file with any problem imports nothing. These checks need no
 * database; what does (an SKU the organisation already has, a warehouse it does not) is checked by the importer.
 */

export const IMPORT_KINDS = ["items", "opening-stock"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = { items: "Items", "opening-stock": "Opening stock" };

export const IMPORT_STATUS_LABELS: Record<"checking" | "invalid" | "ready" | "importing" | "imported" | "failed", string> = {
  checking: "Checking",
  invalid: "Has problems",
  ready: "Ready to import",
  importing: "Importing",
  imported: "Imported",
  failed: "Failed",
};

/** The preview's columns per kind, in order (a preview row is stored as jsonb, which keeps no key order). */
export const PREVIEW_COLUMNS: Record<ImportKind, readonly string[]> = {
  items: ["sku", "name", "category", "unit", "kind", "barcode"],
  "opening-stock": ["sku", "warehouse", "quantity", "lot", "expiry"],
};

/** The most data rows one file may have. */
export const MAX_IMPORT_ROWS = 100_000;
/** The most problems kept and shown: past that, the count goes on but the list stops. */
export const MAX_REPORTED_ERRORS = 500;

export interface RowError {
  /** The line (CSV) or row (.xlsx) of the file; 1 is the header. */
  line: number;
  /** The column's header as the file has it, or null for a problem of the whole row or file. */
  column: string | null;
  message: string;
}

export interface ImportColumn {
  key: string;
  header: string;
  required: boolean;
  /** Other headers read as this column (lower case, any spaces or dashes as underscores). */
  aliases?: string[];
  help: string;
}

export const ITEM_COLUMNS: readonly ImportColumn[] = [
  { key: "sku", header: "sku", required: true, help: "Unique per organisation, 1 to 64 characters." },
  { key: "name", header: "name", required: true, help: "The item's name, up to 200 characters." },
  { key: "description", header: "description", required: false, help: "Free text." },
  { key: "category", header: "category", required: false, help: "Up to 100 characters." },
  { key: "unit", header: "unit", required: false, aliases: ["uom", "unit_of_measure"], help: 'The base unit, such as "pcs" or "kg" (default pcs).' },
  { key: "unitDecimals", header: "unit_decimals", required: false, help: "Decimals a quantity may have, 0 to 6 (default 0)." },
  { key: "barcode", header: "barcode", required: false, aliases: ["ean", "gtin"], help: "Unique per organisation when given." },
  { key: "salePrice", header: "sale_price", required: false, aliases: ["price"], help: "In the organisation's currency, like 12.50." },
  { key: "cost", header: "cost", required: false, aliases: ["unit_cost"], help: "In the organisation's currency, like 7.25." },
  { key: "taxRate", header: "tax_rate", required: false, aliases: ["vat", "tax"], help: "Percent, 0 to 100, up to 2 decimals (20 or 7.5)." },
  { key: "reorderLevel", header: "reorder_level", required: false, help: "A quantity of the base unit." },
  { key: "reorderQuantity", header: "reorder_quantity", required: false, aliases: ["reorder_qty"], help: "A quantity of the base unit." },
  { key: "kind", header: "kind", required: false, aliases: ["type"], help: '"stock" (default) or "service".' },
  { key: "lotTracked", header: "lot_tracked", required: false, aliases: ["lots"], help: "yes or no (default no)." },
  { key: "active", header: "active", required: false, help: "yes (default) or no." },
];

export const OPENING_STOCK_COLUMNS: readonly ImportColumn[] = [
  { key: "sku", header: "sku", required: true, help: "An item of the organisation, tracked in stock." },
  { key: "warehouse", header: "warehouse", required: true, aliases: ["warehouse_code"], help: "A warehouse's code." },
  { key: "quantity", header: "quantity", required: true, aliases: ["qty"], help: "More than zero, with at most the item unit's decimals." },
  { key: "unitCost", header: "unit_cost", required: true, aliases: ["cost"], help: "Per base unit, in the organisation's currency." },
  { key: "lot", header: "lot", required: false, aliases: ["lot_number"], help: "Required for lot-tracked items." },
  { key: "expiry", header: "expiry", required: false, aliases: ["expiry_date"], help: "YYYY-MM-DD, for a lot." },
];

export const IMPORT_COLUMNS: Record<ImportKind, readonly ImportColumn[]> = { items: ITEM_COLUMNS, "opening-stock": OPENING_STOCK_COLUMNS };

/** A header as compared: lower case, runs of spaces, dashes and dots as one underscore. */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, "_");
}

export type HeaderMap = { ok: true; index: Record<string, number>; headers: string[] } | { ok: false; errors: RowError[] };

/** Which cell of a row holds each column; refuses unknown, repeated and missing columns (all on line 1). */
export function mapHeaders(headers: string[], columns: readonly ImportColumn[]): HeaderMap {
  const errors: RowError[] = [];
  const index: Record<string, number> = {};
  headers.forEach((header, position) => {
    if (header === "") {
      errors.push({ line: 1, column: `column ${position + 1}`, message: "This column has no name: name it or delete it." });
      return;
    }
    const name = normaliseHeader(header);
    const column = columns.find((candidate) => candidate.header === name || candidate.aliases?.includes(name));
    if (!column) {
      errors.push({ line: 1, column: header, message: `Unknown column. The columns are: ${columns.map((c) => c.header).join(", ")}.` });
      return;
    }
    if (column.key in index) {
      errors.push({ line: 1, column: header, message: `The column ${column.header} appears twice.` });
      return;
    }
    index[column.key] = position;
  });
  for (const column of columns) {
    if (column.required && !(column.key in index)) errors.push({ line: 1, column: column.header, message: `The column ${column.header} is missing; it is required.` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, index, headers };
}

const MICRO_DECIMALS = 6;

/** A non-negative decimal quantity ("12", "0.250") as millionths; null when it is not one or has more than `decimals` decimals. */
export function parseQuantityMicro(text: string, decimals = MICRO_DECIMALS): bigint | null {
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.replace(/,/g, ""));
  if (!match) return null;
  const [, whole, fraction = ""] = match;
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > decimals) return null;
  return BigInt(whole) * 10n ** BigInt(MICRO_DECIMALS) + BigInt(significant.padEnd(MICRO_DECIMALS, "0") || "0");
}

/** Decimals written ("1.50" has 1 that count; trailing zeros do not). */
export function significantDecimals(text: string): number {
  const fraction = text.split(".")[1] ?? "";
  return fraction.replace(/0+$/, "").length;
}

const YES = new Set(["yes", "y", "true", "1", "x"]);
const NO = new Set(["no", "n", "false", "0", ""]);

function flag(defaultValue: boolean) {
  return z.string().transform((text, context) => {
    const value = text.toLowerCase();
    if (value === "") return defaultValue;
    if (YES.has(value)) return true;
    if (NO.has(value)) return false;
    context.addIssue({ code: "custom", message: `Write yes or no, not "${text}".` });
    return z.NEVER;
  });
}

function singleLine(max: number, label: string) {
  return z
    .string()
    .max(max, `${label} is at most ${max} characters.`)
    .refine((text) => firstControlCharacter(text) === null, "Keep this to one line, without tabs or control characters.");
}

function money(currency: string) {
  return z.string().transform((text, context) => {
    if (text === "") return 0n;
    try {
      const minor = parseMoney(text, currency);
      if (minor < 0n) {
        context.addIssue({ code: "custom", message: "Cannot be negative." });
        return z.NEVER;
      }
      return minor;
    } catch (error) {
      context.addIssue({ code: "custom", message: error instanceof MoneyFormatError ? error.message : `"${text}" is not an amount.` });
      return z.NEVER;
    }
  });
}

function optionalQuantity() {
  return z.string().transform((text, context) => {
    if (text === "") return null;
    const micro = parseQuantityMicro(text);
    if (micro === null) {
      context.addIssue({ code: "custom", message: `"${text}" is not a quantity: use digits with at most 6 decimals, like 10 or 2.5.` });
      return z.NEVER;
    }
    return micro;
  });
}

/** The schema of one item row, its cells by column key (absent columns as ""). */
export function itemRowSchema(currency: string) {
  return z
    .object({
      sku: z
        .string()
        .min(1, "The SKU is required.")
        .max(64, "The SKU is at most 64 characters.")
        .refine((text) => firstControlCharacter(text) === null, "Keep the SKU to one line, without control characters."),
      name: singleLine(200, "The name").pipe(z.string().min(1, "The name is required.")),
      description: z.string().max(4000, "The description is at most 4000 characters."),
      category: singleLine(100, "The category"),
      unit: singleLine(20, "The unit"),
      unitDecimals: z.string().transform((text, context) => {
        if (text === "") return 0;
        if (!/^[0-6]$/.test(text)) {
          context.addIssue({ code: "custom", message: "Write a whole number from 0 to 6." });
          return z.NEVER;
        }
        return Number(text);
      }),
      barcode: singleLine(64, "The barcode").refine((text) => !/\s/.test(text), "A barcode has no spaces."),
      salePrice: money(currency),
      cost: money(currency),
      taxRate: z.string().transform((text, context) => {
        if (text === "") return 0;
        const match = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(text);
        const basisPoints = match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0") || "0") : NaN;
        if (!match || basisPoints > 10000) {
          context.addIssue({ code: "custom", message: `"${text}" is not a tax rate: write a percent from 0 to 100 with at most 2 decimals, like 20 or 7.5.` });
          return z.NEVER;
        }
        return basisPoints;
      }),
      reorderLevel: optionalQuantity(),
      reorderQuantity: optionalQuantity(),
      kind: z.string().transform((text, context) => {
        const value = text.toLowerCase();
        if (value === "" || value === "stock") return "stock" as const;
        if (value === "service") return "service" as const;
        context.addIssue({ code: "custom", message: `Write stock or service, not "${text}".` });
        return z.NEVER;
      }),
      lotTracked: flag(false),
      active: flag(true),
    })
    .superRefine((row, context) => {
      if (row.kind === "service" && row.lotTracked) context.addIssue({ code: "custom", path: ["lotTracked"], message: "A service has no stock, so no lots." });
      for (const key of ["reorderLevel", "reorderQuantity"] as const) {
        const text = row[key];
        if (text !== null && text % 10n ** BigInt(MICRO_DECIMALS - row.unitDecimals) !== 0n) {
          context.addIssue({ code: "custom", path: [key], message: `The unit allows ${row.unitDecimals} decimal${row.unitDecimals === 1 ? "" : "s"}.` });
        }
      }
    });
}

export type ItemImportRow = z.output<ReturnType<typeof itemRowSchema>> & { line: number };

/** The schema of one opening stock row; the quantity's decimals are checked against its item later. */
export function openingStockRowSchema(currency: string) {
  return z.object({
    sku: z.string().min(1, "The SKU is required."),
    warehouse: z.string().min(1, "The warehouse's code is required."),
    quantity: z.string().transform((text, context) => {
      const micro = parseQuantityMicro(text);
      if (text === "") context.addIssue({ code: "custom", message: "The quantity is required." });
      else if (micro === null) context.addIssue({ code: "custom", message: `"${text}" is not a quantity: use digits with at most 6 decimals, like 10 or 2.5.` });
      else if (micro === 0n) context.addIssue({ code: "custom", message: "The quantity must be more than zero." });
      else return { micro, decimals: significantDecimals(text) };
      return z.NEVER;
    }),
    unitCost: z.string().min(1, "The unit cost is required.").pipe(money(currency)),
    lot: singleLine(64, "The lot number"),
    expiry: z.string().transform((text, context) => {
      if (text === "") return null;
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
      if (!match || !date || date.toISOString().slice(0, 10) !== text) {
        context.addIssue({ code: "custom", message: `"${text}" is not a date: write it as YYYY-MM-DD.` });
        return z.NEVER;
      }
      return text;
    }),
  });
}

export type OpeningStockImportRow = z.output<ReturnType<typeof openingStockRowSchema>> & { line: number };

export interface CheckedRows<Row> {
  rows: Row[];
  errors: RowError[];
  /** All problems found, also those past MAX_REPORTED_ERRORS. */
  errorCount: number;
}

/** Collects problems, keeping the first MAX_REPORTED_ERRORS and counting them all. */
export class RowErrors {
  readonly list: RowError[] = [];
  count = 0;
  add(error: RowError) {
    this.count++;
    if (this.list.length < MAX_REPORTED_ERRORS) this.list.push(error);
  }
}

interface TableRows {
  rows: Array<{ line: number; cells: string[] }>;
}

function checkRows<Schema extends z.ZodTypeAny>(
  table: TableRows,
  headers: HeaderMap & { ok: true },
  columns: readonly ImportColumn[],
  schema: Schema,
  errors: RowErrors,
): Array<z.output<Schema> & { line: number }> {
  const rows: Array<z.output<Schema> & { line: number }> = [];
  const headerOf = (key: string) => {
    const position = headers.index[key];
    return position === undefined ? columns.find((c) => c.key === key)?.header ?? key : headers.headers[position];
  };
  const width = headers.headers.length;
  for (const { line, cells } of table.rows) {
    if (cells.slice(width).some((cell) => cell !== "")) {
      errors.add({ line, column: null, message: `This row has more cells than the header has columns (${width}).` });
      continue;
    }
    const input: Record<string, string> = {};
    for (const column of columns) input[column.key] = headers.index[column.key] === undefined ? "" : cells[headers.index[column.key]] ?? "";
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      // One message per column, in the file's order of columns.
      const byKey = new Map<string, string>();
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "");
        if (!byKey.has(key)) byKey.set(key, issue.message);
      }
      const position = (key: string) => headers.index[key] ?? Number.MAX_SAFE_INTEGER;
      for (const [key, message] of [...byKey].sort(([a], [b]) => position(a) - position(b))) {
        errors.add({ line, column: key ? headerOf(key) : null, message });
      }
      continue;
    }
    rows.push({ ...(parsed.data as object), line } as z.output<Schema> & { line: number });
  }
  return rows;
}

/**
 * The item rows of a file, each checked alone and against the others: a SKU or barcode twice in the file is
 * refused on its later line, naming the earlier one.
 */
export function checkItemRows(table: { headers: string[] } & TableRows, currency: string): CheckedRows<ItemImportRow> {
  const headers = mapHeaders(table.headers, ITEM_COLUMNS);
  if (!headers.ok) return { rows: [], errors: headers.errors, errorCount: headers.errors.length };
  const errors = new RowErrors();
  const rows = checkRows(table, headers, ITEM_COLUMNS, itemRowSchema(currency), errors);
  const skuHeader = headers.headers[headers.index.sku];
  const bySku = new Map<string, number>();
  const byBarcode = new Map<string, number>();
  const unique: ItemImportRow[] = [];
  for (const row of rows) {
    const earlier = bySku.get(row.sku);
    if (earlier !== undefined) {
      errors.add({ line: row.line, column: skuHeader, message: `The SKU ${row.sku} is already on line ${earlier}: each SKU once.` });
      continue;
    }
    bySku.set(row.sku, row.line);
    if (row.barcode) {
      const sameBarcode = byBarcode.get(row.barcode);
      if (sameBarcode !== undefined) {
        errors.add({ line: row.line, column: headers.headers[headers.index.barcode], message: `The barcode ${row.barcode} is already on line ${sameBarcode}.` });
        continue;
      }
      byBarcode.set(row.barcode, row.line);
    }
    unique.push(row);
  }
  errors.list.sort((a, b) => a.line - b.line);
  return { rows: unique, errors: errors.list, errorCount: errors.count };
}

/** The opening stock rows of a file, each checked alone; whether items and warehouses exist is the importer's check. */
export function checkOpeningStockRows(table: { headers: string[] } & TableRows, currency: string): CheckedRows<OpeningStockImportRow> & { headers: HeaderMap } {
  const headers = mapHeaders(table.headers, OPENING_STOCK_COLUMNS);
  if (!headers.ok) return { rows: [], errors: headers.errors, errorCount: headers.errors.length, headers };
  const errors = new RowErrors();
  const rows = checkRows(table, headers, OPENING_STOCK_COLUMNS, openingStockRowSchema(currency), errors);
  return { rows, errors: errors.list, errorCount: errors.count, headers };
}

/** The header of column `key` as the file wrote it (or its canonical name when the file has none). */
export function headerIn(headers: HeaderMap, columns: readonly ImportColumn[], key: string): string {
  if (headers.ok && headers.index[key] !== undefined) return headers.headers[headers.index[key]];
  return columns.find((column) => column.key === key)?.header ?? key;
}

/** The import form's fields besides the file. */
export const importUploadSchema = z.object({
  kind: z.enum(IMPORT_KINDS, { errorMap: () => ({ message: "Choose what the file holds: items or opening stock." }) }),
});
