import { z } from "zod";
import { isIsoDate } from "~/utils/dates";
import { AppError } from "~/modules/platform/errors";
import { decodeCursor } from "./cursor";

/*
 * The filters of the report pages and of their downloads: one schema, read once from the query string, so the
 * page and its CSV always show the same thing. A malformed date, or a range ending before it starts, is an error
 * beside its field (the page answers 400); navigation state that does not parse (the kind of aging, a page
 * link) is ignored with a notice. Ids are passed on as given: the report answers an id that is not this
 * organisation's as unknown (404), like any other.
 */

export interface DateRange {
  from: string;
  to: string;
}

/**
 * The dates reports accept: real calendar dates from 1900 to 2999. Postgres has no year 0 (which a JavaScript
 * date accepts), and the month arithmetic of a range must stay within four-digit years.
 */
export const EARLIEST_REPORT_DATE = "1900-01-01";
export const LATEST_REPORT_DATE = "2999-12-31";

export function isReportDate(value: string): boolean {
  return isIsoDate(value) && value >= EARLIEST_REPORT_DATE && value <= LATEST_REPORT_DATE;
}

export function checkDate(value: string, field: string, label: string): string {
  if (typeof value !== "string" || !isReportDate(value)) throw new AppError("invalid", dateMessage(label), { reason: "invalid_date", field: field });
  return value;
}

/** Refuses a malformed range with an AppError (invalid, 400), naming the field. */
export function checkRange(range: DateRange): DateRange {
  checkDate(range.from, "from", "start date");
  checkDate(range.to, "to", "end date");
  if (range.from > range.to) throw new AppError("invalid", "The start date must be on or before the end date.", { reason: "invalid_date", field: "to" });
  return range;
}

function dateMessage(label: string): string {
  return `Enter the ${label} as a date, YYYY-MM-DD.`;
}

const dateField = (label: string) =>
  z
    .string()
    .trim()
    .max(20, dateMessage(label))
    .refine((value) => value === "" || isReportDate(value), (value) => ({
      message: isIsoDate(value) ? `Enter the ${label} as a date from ${EARLIEST_REPORT_DATE.slice(0, 4)} to ${LATEST_REPORT_DATE.slice(0, 4)}.` : dateMessage(label),
    }))
    .optional();

const idField = z.string().trim().max(100, "That is not an id from the list.").optional();

/** The report filter form (a GET form): one schema for every report, each using the fields it shows. */
export const reportFilterSchema = z.object({
  from: dateField("start date"),
  to: dateField("end date"),
  asOf: dateField("date"),
  account: idField,
  party: idField,
  kind: z.string().optional(),
  cursor: z.string().optional(),
});

export type ReportField = keyof typeof reportFilterSchema.shape;

export const ALL_REPORT_FIELDS = Object.keys(reportFilterSchema.shape) as ReportField[];

/** The fields each kind of report shows: a period, a day, a day and a kind (aging), a subject with a period and pages. */
export const RANGE_FIELDS: readonly ReportField[] = ["from", "to"];
export const AS_OF_FIELDS: readonly ReportField[] = ["asOf"];
export const AGING_FIELDS: readonly ReportField[] = ["asOf", "kind"];
export const GENERAL_LEDGER_FIELDS: readonly ReportField[] = ["account", "from", "to", "cursor"];
export const PARTY_LEDGER_FIELDS: readonly ReportField[] = ["party", "from", "to", "cursor"];

export interface ReportFilter {
  from: string;
  to: string;
  asOf: string;
  account: string;
  party: string;
  kind: "customer" | "supplier";
  cursor: string | null;
}

export type FilterValues = Record<string, string>;
export type FilterResult<T> =
  | { ok: true; filter: T; values: FilterValues; notices: string[] }
  | { ok: false; errors: Record<string, string>; values: FilterValues; notices: string[] };

const KIND_NOTICE = "The kind of report in the address was not understood: showing receivables.";
const CURSOR_NOTICE = "The page in the address was not understood: showing the first page.";

/**
 * Reads a report's query string, only the `fields` the report shows (the others are not its business). Empty
 * dates take the defaults: from the first of January of the current year to today, in the organisation's
 * time zone (`today`); as of today. The values to show in the form are returned either way, with notices for
 * what was ignored; a malformed date or a range ending before it starts is an error beside its field.
 */
export function readReportFilter(searchParams: URLSearchParams, today: string, fields: readonly ReportField[] = ALL_REPORT_FIELDS): FilterResult<ReportFilter> {
  const raw: Record<string, string> = {};
  for (const key of fields) {
    const value = searchParams.get(key);
    if (value !== null) raw[key] = value;
  }
  const parsed = reportFilterSchema.safeParse(raw);
  const notices: string[] = [];
  const kind = raw.kind === undefined || raw.kind === "customer" || raw.kind === "supplier" ? (raw.kind ?? "customer") : null;
  if (kind === null) notices.push(KIND_NOTICE);
  const cursor = raw.cursor && decodeCursor(raw.cursor) ? raw.cursor : null;
  if (raw.cursor && cursor === null) notices.push(CURSOR_NOTICE);
  const values: FilterValues = {
    from: raw.from?.trim() || `${today.slice(0, 4)}-01-01`,
    to: raw.to?.trim() || today,
    asOf: raw.asOf?.trim() || today,
    account: raw.account?.trim() ?? "",
    party: raw.party?.trim() ?? "",
    kind: kind ?? "customer",
  };
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  } else if (fields.includes("from") && fields.includes("to") && values.from > values.to) {
    errors.to = "The end date must be on or after the start date.";
  }
  if (Object.keys(errors).length) return { ok: false, errors, values, notices };
  const filter: ReportFilter = {
    from: values.from,
    to: values.to,
    asOf: values.asOf,
    account: values.account,
    party: values.party,
    kind: values.kind as "customer" | "supplier",
    cursor,
  };
  return { ok: true, filter, values, notices };
}
