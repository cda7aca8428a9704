import { isIsoDate } from "./dates";
import { dateFormatter, formatDate } from "./format";

/*
 * Dates are typed the way the organisation writes them (31/12/2026 in en-GB, 12/31/2026 in en-US, 31.12.2026 in
 * de-DE), in a text field, and read back into YYYY-MM-DD at the edge, before any schema sees them. A native
 * <input type="date"> would follow the browser's locale instead: see docs/decisions/0012-dates-in-the-organisations-locale.md.
 */

type Part = "day" | "month" | "year";

export interface DatePattern {
  /** The order the locale writes a date in. */
  order: readonly Part[];
  separator: string;
  /** DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, YYYY-MM-DD ... */
  hint: string;
  /** 31 December 2026 in the pattern. */
  example: string;
}

const patterns = new Map<string, DatePattern>();

const PLACEHOLDERS: Record<Part, string> = { day: "DD", month: "MM", year: "YYYY" };

/** The locale's numeric date pattern, read from Intl (the same formatter that shows dates). */
export function datePattern(locale: string): DatePattern {
  let pattern = patterns.get(locale);
  if (!pattern) {
    const parts = dateFormatter(locale).formatToParts(new Date(Date.UTC(2026, 11, 31)));
    const order = parts.map((part) => part.type).filter((type): type is Part => type === "day" || type === "month" || type === "year");
    const separator = parts.find((part) => part.type === "literal")?.value ?? "/";
    pattern = { order, separator, hint: order.map((part) => PLACEHOLDERS[part]).join(separator), example: formatDate("2026-12-31", locale) };
    patterns.set(locale, pattern);
  }
  return pattern;
}

/**
 * What a person typed in a date field, as YYYY-MM-DD, or null when it is not a real date. Accepted: the locale's
 * order with one or two digits for the day and month and four for the year, any of / . - or spaces between
 * them, or eight digits without separators; and ISO YYYY-MM-DD whatever the locale (links and bookmarks carry it).
 */
export function parseDateEntry(text: string, locale: string): string | null {
  const trimmed = text.trim().replace(/\.$/, "");
  let groups: string[];
  if (/^\d{8}$/.test(trimmed)) {
    const order = datePattern(locale).order;
    let at = 0;
    groups = order.map((part) => trimmed.slice(at, (at += part === "year" ? 4 : 2)));
  } else {
    groups = trimmed.split(/\s*[./-]\s*|\s+/);
  }
  if (groups.length !== 3 || !groups.every((group) => /^\d+$/.test(group))) return null;
  const order: readonly Part[] = groups[0].length === 4 ? ["year", "month", "day"] : datePattern(locale).order;
  const value: Record<Part, string> = { day: "", month: "", year: "" };
  order.forEach((part, index) => (value[part] = groups[index]));
  if (value.year.length !== 4 || value.month.length > 2 || value.day.length > 2) return null;
  const iso = `${value.year}-${value.month.padStart(2, "0")}-${value.day.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/** The text a date field shows: a YYYY-MM-DD value in the locale's pattern, anything else (a typo kept) as it is. */
export function dateEntryText(value: string | null | undefined, locale: string): string {
  if (!value) return "";
  return isIsoDate(value) ? formatDate(value, locale) : value;
}

/** The message beside a date field that could not be read. */
export function dateEntryError(label: string, locale: string): string {
  const { hint, example } = datePattern(locale);
  return `Enter the ${label} as ${hint}, for example ${example}.`;
}

/** The date fields of a form or query: each field's name and how a message names it ("entry date"). */
export type DateFieldLabels = Record<string, string>;

/**
 * A copy of a form or query string with its date fields read into YYYY-MM-DD, and an error for each field that
 * holds something that is not a date (that field keeps what was typed). Empty fields stay empty.
 */
export function datesToIso<T extends FormData | URLSearchParams>(data: T, locale: string, labels: DateFieldLabels): { data: T; errors: Record<string, string> } {
  const copy = (data instanceof URLSearchParams ? new URLSearchParams(data) : copyFormData(data as FormData)) as T;
  const errors: Record<string, string> = {};
  for (const [name, label] of Object.entries(labels)) {
    const typed = copy.get(name);
    if (typeof typed !== "string" || typed.trim() === "") continue;
    const iso = parseDateEntry(typed, locale);
    if (iso) copy.set(name, iso);
    else errors[name] = dateEntryError(label, locale);
  }
  return { data: copy, errors };
}

function copyFormData(formData: FormData): FormData {
  const copy = new FormData();
  for (const [key, value] of formData.entries()) copy.append(key, value);
  return copy;
}
