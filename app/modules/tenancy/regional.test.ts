import { newOrganisationSchema } from "./forms";
import { allTimeZones, CURRENCY_OPTIONS, isSupportedTimeZone, LOCALE_OPTIONS, regionalDefaults } from "./regional";

describe("a new organisation's currency, time zone and locale", () => {
  it("suggests them from the request's Accept-Language", () => {
    expect(regionalDefaults("de-DE,de;q=0.9,en;q=0.8")).toEqual({ locale: "de-DE", currency: "EUR", timeZone: "Europe/Berlin" });
    expect(regionalDefaults("en-US,en;q=0.9")).toEqual({ locale: "en-US", currency: "USD", timeZone: "America/New_York" });
    expect(regionalDefaults("en-GB")).toEqual({ locale: "en-GB", currency: "GBP", timeZone: "Europe/London" });
    // A supported language in an unsupported region: the language's listed locale, the region's currency and zone.
    expect(regionalDefaults("de-CH")).toEqual({ locale: "de-DE", currency: "CHF", timeZone: "Europe/Zurich" });
    expect(regionalDefaults("fr-BE,fr;q=0.8")).toEqual({ locale: "fr-FR", currency: "EUR", timeZone: "Europe/Brussels" });
    // A language alone: its listed locale and that locale's region.
    expect(regionalDefaults("sv")).toEqual({ locale: "sv-SE", currency: "SEK", timeZone: "Europe/Stockholm" });
  });

  it("follows the quality values, skips languages Folio does not write and what it cannot read", () => {
    expect(regionalDefaults("ja;q=0.4, pl-PL;q=0.9, en;q=0.5")).toEqual({ locale: "pl-PL", currency: "PLN", timeZone: "Europe/Warsaw" });
    expect(regionalDefaults("zh-CN, nl;q=0.7")).toMatchObject({ locale: "nl-NL" });
    expect(regionalDefaults("*;q=0.1, ??, en-us;q=0")).toEqual({ locale: "en-GB", currency: "EUR", timeZone: "UTC" });
  });

  it("falls back to British English, euro and UTC when the request says nothing", () => {
    for (const header of [null, undefined, "", "x".repeat(5000)]) {
      expect(regionalDefaults(header)).toEqual({ locale: "en-GB", currency: "EUR", timeZone: "UTC" });
    }
  });

  it("only ever suggests values of the supported lists", () => {
    const zones = new Set(allTimeZones());
    for (const header of ["en-AU", "en-IN", "en-ZA", "da-DK", "nb-NO", "cs-CZ", "ja-JP", "pt-BR", "es-MX", "it-CH", "en-CA,fr-CA;q=0.5"]) {
      const suggested = regionalDefaults(header);
      expect(LOCALE_OPTIONS, header).toContain(suggested.locale);
      expect(CURRENCY_OPTIONS, header).toContain(suggested.currency);
      expect(zones.has(suggested.timeZone), header).toBe(true);
    }
  });

  it("refuses a currency, time zone or locale outside the lists, each with its message", () => {
    const result = newOrganisationSchema.safeParse({ name: "Acme", currency: "XBT", timeZone: "Mars/Olympus_Mons", locale: "tlh" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(messages).toEqual({
      currency: "Choose a currency from the list.",
      timeZone: "Choose a time zone from the list, like Europe/Berlin.",
      locale: "Choose a language and region from the list.",
    });
    // A zone by a newer name than the runtime lists (as a browser may send it) is a zone; a made-up one is not.
    expect(isSupportedTimeZone("Asia/Kolkata")).toBe(true);
    expect(isSupportedTimeZone("Europe/Berlin")).toBe(true);
    for (const bad of ["Mars/Olympus_Mons", "europe/berlin", "Europe", "", "Europe/Berlin\u0000", "x/".repeat(40)]) expect(isSupportedTimeZone(bad), bad).toBe(false);
    expect(newOrganisationSchema.parse({ name: " Acme ", currency: "CHF", timeZone: "Europe/Zurich", locale: "de-DE" })).toEqual({
      name: "Acme",
      currency: "CHF",
      timeZone: "Europe/Zurich",
      locale: "de-DE",
    });
  });
});
