import { currencyExponent, toDecimalString } from "./money";

/*
 * Every number, money and date Folio shows is formatted here, with Intl. Building an Intl formatter costs far
 * more than using one (a profile of the journal list spent 6.6% of its time in `new Intl.NumberFormat`), so
 * each formatter is built once per locale, currency and time zone and kept for the life of the process. The
 * keys come from the supported lists (an organisation's settings are validated against them), so the cache
 * stays small.
 */

type Formatter = Intl.NumberFormat | Intl.DateTimeFormat;

const formatters = new Map<string, Formatter>();

function cached<T extends Formatter>(key: string, build: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Where a date or time is shown: the organisation's (or Folio's own) locale and time zone. */
export interface Regional {
  locale: string;
  timeZone: string;
}

/** Folio's own pages (its notice, its cookie settings) are not an organisation's: British English, UTC. */
export const FOLIO_REGIONAL: Regional = { locale: "en-GB", timeZone: "UTC" };

/** Amounts without the currency symbol, with the currency's decimals: columns of one currency. */
export function amountFormatter(locale: string, currency: string): Intl.NumberFormat {
  return cached(`amount|${locale}|${currency}`, () => {
    const digits = currencyExponent(currency);
    return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  });
}

/** Amounts with the currency symbol. */
export function moneyFormatter(locale: string, currency: string): Intl.NumberFormat {
  return cached(`money|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: "currency", currency }));
}

/** Whole numbers (counts). */
export function integerFormatter(locale: string): Intl.NumberFormat {
  return cached(`integer|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
}

/**
 * A calendar date in the locale's numeric pattern (31/12/2026, 12/31/2026, 31.12.2026, 2026-12-31): the same
 * pattern the date fields are typed in (see date-entry.ts). Calendar dates have no time zone: they are
 * formatted as the UTC midnight of that day.
 */
export function dateFormatter(locale: string): Intl.DateTimeFormat {
  return cached(`date|${locale}`, () => new Intl.DateTimeFormat(locale, { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "UTC" }));
}

/** A moment, as the date and the time of day in a time zone. */
export function dateTimeFormatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  return cached(
    `datetime|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", timeZone }),
  );
}

/** A month and its year, "March 2026" (a fiscal period). */
export function monthFormatter(locale: string): Intl.DateTimeFormat {
  return cached(`month|${locale}`, () => new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }));
}

/** The calendar date of a moment in a time zone as YYYY-MM-DD (the en-CA pattern is ISO 8601). */
export function isoDateFormatter(timeZone: string): Intl.DateTimeFormat {
  return cached(`iso|${timeZone}`, () => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }));
}

// Intl formats a decimal string exactly (no float in between); the type definitions only know numbers.
const decimal = (minor: bigint, currency: string) => toDecimalString(minor, currency) as unknown as number;

/** 123456n EUR in en-GB -> "€1,234.56", exactly (the decimal string is formatted, not a float). */
export function formatMoney(minor: bigint, currency: string, locale: string): string {
  return moneyFormatter(locale, currency).format(decimal(minor, currency));
}

/** 123456n EUR in de-DE -> "1.234,56": without the currency symbol, for columns of one currency. */
export function formatAmount(minor: bigint, currency: string, locale: string): string {
  return amountFormatter(locale, currency).format(decimal(minor, currency));
}

/** Quantities: as many decimals as they carry (up to 6), none added. */
export function quantityFormatter(locale: string): Intl.NumberFormat {
  return cached(`quantity|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }));
}

/** An exact decimal string ("1234.5") in the locale ("1,234.5"), never through a float; anything else as it is. */
export function formatQuantity(value: string, locale: string): string {
  return /^-?\d+(\.\d+)?$/.test(value) ? quantityFormatter(locale).format(value as unknown as number) : value;
}

export function formatInteger(value: number, locale: string): string {
  return integerFormatter(locale).format(value);
}

/** A calendar date written YYYY-MM-DD, in the locale's pattern; anything else is shown as it is. */
export function formatDate(isoDate: string, locale: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? new Date(`${isoDate}T00:00:00Z`) : null;
  return date && !Number.isNaN(date.getTime()) ? dateFormatter(locale).format(date) : isoDate;
}

/** A moment (a Date or an ISO timestamp) in the time zone and locale given. */
export function formatDateTime(value: string | Date, regional: Regional): string {
  return dateTimeFormatter(regional.locale, regional.timeZone).format(new Date(value));
}

/** The month of a calendar date, "March 2026". */
export function formatMonth(isoDate: string, locale: string): string {
  return monthFormatter(locale).format(new Date(`${isoDate.slice(0, 7)}-01T00:00:00Z`));
}

/** 1234567 -> "1.2M" in en: an axis's ticks. */
export function formatCompact(value: number, locale: string): string {
  return cached(`compact|${locale}`, () => new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 })).format(value);
}

/** "Mar 26": a month where space is short (a chart's axis). */
export function formatShortMonth(isoDate: string, locale: string): string {
  const formatter = cached(`short-month|${locale}`, () => new Intl.DateTimeFormat(locale, { month: "short", year: "2-digit", timeZone: "UTC" }));
  return formatter.format(new Date(`${isoDate.slice(0, 7)}-01T00:00:00Z`));
}
