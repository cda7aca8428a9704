import { z } from "zod";

/*
 * Client-safe: an organisation's currency, time zone and locale (how its numbers and dates are written), the lists
 * they are chosen from, and the defaults a sign-up form suggests from the request.
 */

export const CURRENCY_OPTIONS = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "CAD", "AUD", "JPY", "INR", "ZAR"] as const;
export const LOCALE_OPTIONS = ["en-GB", "en-US", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pl-PL", "sv-SE", "pt-PT"] as const;
export type Currency = (typeof CURRENCY_OPTIONS)[number];
export type SupportedLocale = (typeof LOCALE_OPTIONS)[number];

export const CURRENCY_LABELS: Record<Currency, string> = {
  EUR: "EUR, euro",
  USD: "USD, US dollar",
  GBP: "GBP, pound sterling",
  CHF: "CHF, Swiss franc",
  SEK: "SEK, Swedish krona",
  NOK: "NOK, Norwegian krone",
  DKK: "DKK, Danish krone",
  PLN: "PLN, Polish złoty",
  CZK: "CZK, Czech koruna",
  CAD: "CAD, Canadian dollar",
  AUD: "AUD, Australian dollar",
  JPY: "JPY, Japanese yen",
  INR: "INR, Indian rupee",
  ZAR: "ZAR, South African rand",
};

export const LOCALE_LABELS: Record<SupportedLocale, string> = {
  "en-GB": "English (United Kingdom)",
  "en-US": "English (United States)",
  "de-DE": "Deutsch (Deutschland)",
  "fr-FR": "Français (France)",
  "es-ES": "Español (España)",
  "it-IT": "Italiano (Italia)",
  "nl-NL": "Nederlands (Nederland)",
  "pl-PL": "Polski (Polska)",
  "sv-SE": "Svenska (Sverige)",
  "pt-PT": "Português (Portugal)",
};


const EURO_REGIONS = ["AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK"];

const CURRENCY_OF_REGION: Record<string, Currency> = {
  ...Object.fromEntries(EURO_REGIONS.map((region) => [region, "EUR" as const])),
  GB: "GBP",
  US: "USD",
  CH: "CHF",
  LI: "CHF",
  SE: "SEK",
  NO: "NOK",
  DK: "DKK",
  PL: "PLN",
  CZ: "CZK",
  CA: "CAD",
  AU: "AUD",
  JP: "JPY",
  IN: "INR",
  ZA: "ZAR",
};

/** The zone most people of a region live in: a first guess, which the browser's own zone replaces when JavaScript runs. */
const TIME_ZONE_OF_REGION: Record<string, string> = {
  AT: "Europe/Vienna",
  BE: "Europe/Brussels",
  CH: "Europe/Zurich",
  CZ: "Europe/Prague",
  DE: "Europe/Berlin",
  DK: "Europe/Copenhagen",
  ES: "Europe/Madrid",
  FI: "Europe/Helsinki",
  FR: "Europe/Paris",
  GB: "Europe/London",
  IE: "Europe/Dublin",
  IT: "Europe/Rome",
  NL: "Europe/Amsterdam",
  NO: "Europe/Oslo",
  PL: "Europe/Warsaw",
  PT: "Europe/Lisbon",
  SE: "Europe/Stockholm",
  US: "America/New_York",
  CA: "America/Toronto",
  AU: "Australia/Sydney",
  JP: "Asia/Tokyo",
  IN: "Asia/Kolkata",
  ZA: "Africa/Johannesburg",
};

const listedTimeZones = new Set([...Intl.supportedValuesOf("timeZone"), "UTC", ...Object.values(TIME_ZONE_OF_REGION)]);

/** The time zones to choose from (IANA names), sorted. */
export function allTimeZones(): string[] {
  return [...listedTimeZones].sort();
}

const IANA_NAME = /^[A-Z][A-Za-z_-]*(?:\/[A-Za-z0-9_+-]+){1,2}$/;

/**
 * A listed zone, or another IANA name the runtime knows (a browser may name a zone by its newer name, Asia/Kolkata
 * or Europe/Kyiv, where this runtime lists the older one).
 */
export function isSupportedTimeZone(zone: string): boolean {
  if (listedTimeZones.has(zone)) return true;
  if (zone.length > 64 || !IANA_NAME.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const regionalSettingsSchema = z.object({
  currency: z.enum(CURRENCY_OPTIONS, { errorMap: () => ({ message: "Choose a currency from the list." }) }),
  timeZone: z.string({ required_error: "Choose a time zone from the list." }).refine(isSupportedTimeZone, "Choose a time zone from the list, like Europe/Berlin."),
  locale: z.enum(LOCALE_OPTIONS, { errorMap: () => ({ message: "Choose a language and region from the list." }) }),
});
export type RegionalSettings = z.output<typeof regionalSettingsSchema>;

/** When the request says nothing usable. */
export const FALLBACK_REGIONAL: RegionalSettings = { currency: "EUR", timeZone: "UTC", locale: "en-GB" };

interface LanguageRange {
  language: string;
  region: string | null;
  quality: number;
}

/** The ranges of an Accept-Language header, best first; malformed parts are skipped. */
function languageRanges(header: string): LanguageRange[] {
  const ranges: Array<LanguageRange & { position: number }> = [];
  header
    .split(",")
    .slice(0, 20)
    .forEach((part, position) => {
      const [tag, ...parameters] = part.trim().split(";");
      const match = /^([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|\d{3}))?(?:-.*)?$/i.exec(tag.trim());
      if (!match) return;
      const q = parameters.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean);
      const quality = q ? Number(q[1]) : 1;
      if (!(quality > 0)) return;
      ranges.push({ language: match[1].toLowerCase(), region: match[3] ? match[3].toUpperCase() : null, quality, position });
    });
  return ranges.sort((a, b) => b.quality - a.quality || a.position - b.position);
}

/**
 * What a new organisation's form suggests, from the request's Accept-Language: the supported locale closest to
 * the visitor's first language (its own region when supported, else that language's listed one), the currency
 * and the usual time zone of the first region named. Always values of the supported lists.
 */
export function regionalDefaults(acceptLanguage: string | null | undefined): RegionalSettings {
  const ranges = languageRanges(acceptLanguage ?? "");
  let locale: SupportedLocale | undefined;
  for (const range of ranges) {
    const exact = LOCALE_OPTIONS.find((l) => range.region && l === `${range.language}-${range.region}`);
    locale = exact ?? LOCALE_OPTIONS.find((l) => l.startsWith(`${range.language}-`));
    if (locale) break;
  }
  if (!locale) return FALLBACK_REGIONAL;
  const named = ranges.find((range) => range.region)?.region;
  const region = named && CURRENCY_OF_REGION[named] ? named : locale.slice(3);
  return {
    locale,
    currency: CURRENCY_OF_REGION[region] ?? FALLBACK_REGIONAL.currency,
    timeZone: TIME_ZONE_OF_REGION[region] ?? FALLBACK_REGIONAL.timeZone,
  };
}
