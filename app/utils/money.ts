/**
 * Money is an integer of minor units (bigint) with its currency; it never passes through floating point.
 * Parsing works on decimal strings; formatting for people is in format.ts.
 */
export interface Money {
  minor: bigint;
  currency: string;
}

const exponents = new Map<string, number>();

/** Digits after the decimal point for a currency (EUR 2, JPY 0, BHD 3). */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

export class MoneyFormatError extends Error {}

/** Commas only between groups of three digits before the point: "1,234.50", never "1234,50". */
const GROUPED_WITH_COMMAS = /^-?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/**
 * Parses a decimal amount typed by a person ("1234.5", "1,234.50", "-3") into minor units. More decimals than
 * the currency has are refused rather than rounded. A comma that does not separate thousands ("1234,56", as
 * written where the comma is the decimal mark) is refused, never read as 123456.
 */
export function parseMoney(input: string, currency: string): bigint {
  const exponent = currencyExponent(currency);
  const spaced = input.trim().replace(/[\s'_]/g, "");
  if (spaced.includes(",") && !GROUPED_WITH_COMMAS.test(spaced)) {
    throw new MoneyFormatError(`"${input}" is not an amount; write decimals with a point and thousands with commas or nothing, like 1234.50 or 1,234.50.`);
  }
  const cleaned = spaced.replace(/,/g, "");
  const match = /^(-)?(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) throw new MoneyFormatError(`"${input}" is not an amount; use digits with an optional decimal point, like 1234.50.`);
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > exponent) {
    throw new MoneyFormatError(
      exponent === 0 ? `${currency} amounts have no decimals.` : `${currency} amounts have at most ${exponent} decimals.`,
    );
  }
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, "0") || "0");
  return sign ? -minor : minor;
}

/** Minor units as a plain decimal string: 123456n EUR -> "1234.56". */
export function toDecimalString(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const fraction = exponent ? `.${digits.slice(-exponent)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

export function sumMinor(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}
