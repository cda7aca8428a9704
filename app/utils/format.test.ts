import { todayIn } from "./dates";
import {
  amountFormatter,
  dateFormatter,
  dateTimeFormatter,
  formatAmount,
  formatDate,
  formatDateTime,
  formatInteger,
  formatMoney,
  formatMonth,
  isoDateFormatter,
  moneyFormatter,
} from "./format";

/** Intl puts (narrow) no-break spaces in some locales' numbers and times; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("formatters are built once", () => {
  it("returns the same instance for the same locale, currency and time zone, and another for another", () => {
    expect(amountFormatter("de-DE", "EUR")).toBe(amountFormatter("de-DE", "EUR"));
    expect(amountFormatter("de-DE", "EUR")).not.toBe(amountFormatter("de-DE", "JPY"));
    expect(amountFormatter("de-DE", "EUR")).not.toBe(amountFormatter("en-GB", "EUR"));
    expect(moneyFormatter("en-US", "USD")).toBe(moneyFormatter("en-US", "USD"));
    expect(dateFormatter("fr-FR")).toBe(dateFormatter("fr-FR"));
    expect(dateTimeFormatter("en-GB", "Europe/Berlin")).toBe(dateTimeFormatter("en-GB", "Europe/Berlin"));
    expect(dateTimeFormatter("en-GB", "Europe/Berlin")).not.toBe(dateTimeFormatter("en-GB", "America/New_York"));
    expect(isoDateFormatter("Asia/Tokyo")).toBe(isoDateFormatter("Asia/Tokyo"));
  });

  it("formats a page of amounts, times and today's dates without building a formatter per call", () => {
    // Warm the cache for these keys, then count every formatter built while a "page" is rendered.
    formatAmount(1n, "SEK", "sv-SE");
    formatMoney(1n, "SEK", "sv-SE");
    formatDateTime(new Date(), { locale: "sv-SE", timeZone: "Europe/Stockholm" });
    formatDate("2026-01-01", "sv-SE");
    todayIn("Europe/Stockholm");
    const numberFormats = vi.spyOn(Intl, "NumberFormat");
    const dateTimeFormats = vi.spyOn(Intl, "DateTimeFormat");
    try {
      for (let row = 0; row < 500; row++) {
        formatAmount(BigInt(row * 101), "SEK", "sv-SE");
        formatMoney(BigInt(-row), "SEK", "sv-SE");
        formatDateTime(new Date(Date.UTC(2026, 0, 1, 0, row)), { locale: "sv-SE", timeZone: "Europe/Stockholm" });
        formatDate("2026-03-31", "sv-SE");
        todayIn("Europe/Stockholm");
      }
      expect(numberFormats).not.toHaveBeenCalled();
      expect(dateTimeFormats).not.toHaveBeenCalled();
    } finally {
      numberFormats.mockRestore();
      dateTimeFormats.mockRestore();
    }
  });
});

describe("formats of each locale", () => {
  it("formats money and amounts exactly, with each locale's separators and each currency's decimals", () => {
    expect(formatMoney(123456n, "EUR", "en-GB")).toBe("€1,234.56");
    expect(formatMoney(-5n, "USD", "en-US")).toBe("-$0.05");
    expect(plain(formatMoney(123456n, "EUR", "de-DE"))).toBe("1.234,56 €");
    expect(plain(formatMoney(123456n, "EUR", "fr-FR"))).toBe("1 234,56 €");
    expect(plain(formatMoney(123456n, "SEK", "sv-SE"))).toBe("1 234,56 kr");
    expect(formatAmount(9007199254740993123n, "EUR", "en-US")).toBe("90,071,992,547,409,931.23");
    expect(formatAmount(500n, "JPY", "en-GB")).toBe("500");
    expect(formatAmount(1234567n, "BHD", "en-GB")).toBe("1,234.567");
    expect(formatAmount(-120000n, "CHF", "de-DE")).toBe("-1.200,00");
    expect(formatInteger(12345, "de-DE")).toBe("12.345");
  });

  it("writes calendar dates in the locale's numeric pattern, whatever the process's time zone", () => {
    const cases: Array<[string, string]> = [
      ["en-GB", "01/12/2026"],
      ["en-US", "12/01/2026"],
      ["de-DE", "01.12.2026"],
      ["fr-FR", "01/12/2026"],
      ["nl-NL", "01-12-2026"],
      ["pl-PL", "01.12.2026"],
      ["sv-SE", "2026-12-01"],
    ];
    for (const [locale, expected] of cases) expect(formatDate("2026-12-01", locale), locale).toBe(expected);
    // What is not a calendar date is shown as it was given, never as "Invalid Date".
    expect(formatDate("31/12/2026", "en-GB")).toBe("31/12/2026");
    expect(formatDate("", "en-GB")).toBe("");
  });

  it("writes a moment as the date and time in the organisation's time zone, summer time included", () => {
    const moment = "2026-07-01T22:30:00Z";
    expect(formatDateTime(moment, { locale: "en-GB", timeZone: "UTC" })).toBe("01/07/2026, 22:30");
    expect(formatDateTime(moment, { locale: "en-GB", timeZone: "Europe/Berlin" })).toBe("02/07/2026, 00:30");
    expect(formatDateTime(new Date("2026-01-15T22:30:00Z"), { locale: "de-DE", timeZone: "Europe/Berlin" })).toBe("15.01.2026, 23:30");
    expect(plain(formatDateTime(moment, { locale: "en-US", timeZone: "America/New_York" }))).toBe("07/01/2026, 06:30 PM");
  });

  it("names months, and knows today's date in a time zone", () => {
    expect(formatMonth("2026-03-01", "en-GB")).toBe("March 2026");
    expect(formatMonth("2026-03-31", "de-DE")).toBe("März 2026");
    const moment = new Date("2026-03-31T23:30:00Z");
    expect(todayIn("UTC", moment)).toBe("2026-03-31");
    expect(todayIn("Europe/Berlin", moment)).toBe("2026-04-01");
    expect(todayIn("America/Los_Angeles", moment)).toBe("2026-03-31");
  });
});
