import { z } from "zod";
import { dateEntryError, dateEntryText, datePattern, datesToIso, parseDateEntry } from "./date-entry";
import { isIsoDate } from "./dates";
import { parseForm } from "./forms";

describe("dates typed in the organisation's locale", () => {
  it("knows each locale's pattern, read from the formatter that shows dates", () => {
    expect(datePattern("en-GB")).toMatchObject({ hint: "DD/MM/YYYY", example: "31/12/2026" });
    expect(datePattern("en-US")).toMatchObject({ hint: "MM/DD/YYYY", example: "12/31/2026" });
    expect(datePattern("de-DE")).toMatchObject({ hint: "DD.MM.YYYY", example: "31.12.2026" });
    expect(datePattern("nl-NL")).toMatchObject({ hint: "DD-MM-YYYY", example: "31-12-2026" });
    expect(datePattern("sv-SE")).toMatchObject({ hint: "YYYY-MM-DD", example: "2026-12-31" });
    expect(datePattern("fr-FR")).toBe(datePattern("fr-FR"));
  });

  it("reads the locale's order, with any separator, short days and months, or eight digits", () => {
    expect(parseDateEntry("31/12/2026", "en-GB")).toBe("2026-12-31");
    expect(parseDateEntry("1/3/2026", "en-GB")).toBe("2026-03-01");
    expect(parseDateEntry(" 01.03.2026 ", "en-GB")).toBe("2026-03-01");
    expect(parseDateEntry("01032026", "en-GB")).toBe("2026-03-01");
    expect(parseDateEntry("3/1/2026", "en-US")).toBe("2026-03-01");
    expect(parseDateEntry("12/31/2026", "en-US")).toBe("2026-12-31");
    expect(parseDateEntry("03012026", "en-US")).toBe("2026-03-01");
    expect(parseDateEntry("1.3.2026", "de-DE")).toBe("2026-03-01");
    expect(parseDateEntry("1. 3. 2026.", "de-DE")).toBe("2026-03-01");
    expect(parseDateEntry("01-03-2026", "nl-NL")).toBe("2026-03-01");
    expect(parseDateEntry("2026-03-01", "sv-SE")).toBe("2026-03-01");
    expect(parseDateEntry("20260301", "sv-SE")).toBe("2026-03-01");
  });

  it("always reads ISO YYYY-MM-DD, which links and bookmarks carry", () => {
    for (const locale of ["en-GB", "en-US", "de-DE", "nl-NL", "pl-PL"]) expect(parseDateEntry("2026-03-01", locale), locale).toBe("2026-03-01");
  });

  it("refuses what is not a real date, and two-digit years", () => {
    for (const bad of ["", "31/02/2026", "12/31/2026", "1/3/26", "2026", "01/03", "aa/bb/cccc", "1/3/2026/4", "31 December 2026", "00/01/2026", "1e3/1/2026", "١/٣/٢٠٢٦"]) {
      expect(parseDateEntry(bad, "en-GB"), bad).toBeNull();
    }
    expect(parseDateEntry("31/12/2026", "en-US")).toBeNull();
  });

  it("round-trips every day of a leap year through each locale's text", () => {
    for (const locale of ["en-GB", "en-US", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pl-PL", "sv-SE", "pt-PT"]) {
      for (let day = 0; day < 366; day++) {
        const iso = new Date(Date.UTC(2028, 0, 1 + day)).toISOString().slice(0, 10);
        expect(parseDateEntry(dateEntryText(iso, locale), locale), `${locale} ${iso}`).toBe(iso);
      }
    }
  });

  it("shows a stored date in the locale, and what was typed (a mistake kept) as it was", () => {
    expect(dateEntryText("2026-03-01", "de-DE")).toBe("01.03.2026");
    expect(dateEntryText("31/02/2026", "en-GB")).toBe("31/02/2026");
    expect(dateEntryText(null, "en-GB")).toBe("");
  });

  it("converts a form's or a query's date fields, leaving the rest, and names each field it cannot read", () => {
    const form = new FormData();
    form.append("entryDate", "31/12/2026");
    form.append("memo", "31/12/2026 stays text");
    form.append("effectiveDate", "");
    const converted = datesToIso(form, "en-GB", { entryDate: "entry date", effectiveDate: "effective date" });
    expect(converted.data.get("entryDate")).toBe("2026-12-31");
    expect(converted.data.get("memo")).toBe("31/12/2026 stays text");
    expect(converted.data.get("effectiveDate")).toBe("");
    expect(converted.errors).toEqual({});
    expect(form.get("entryDate")).toBe("31/12/2026");

    const query = new URLSearchParams("from=12%2F31%2F2026&to=31%2F12%2F2026&page=2");
    const read = datesToIso(query, "en-US", { from: "start date", to: "end date" });
    expect(read.data.toString()).toBe("from=2026-12-31&to=31%2F12%2F2026&page=2");
    expect(read.errors).toEqual({ to: "Enter the end date as MM/DD/YYYY, for example 12/31/2026." });
  });

  it("lets parseForm validate the ISO date and refuse an unreadable one in the locale's words, the typed values kept", () => {
    const schema = z.object({ entryDate: z.string().refine(isIsoDate, "Enter the entry date as YYYY-MM-DD."), memo: z.string().min(1, "Write a memo.") });
    const dates = { locale: "de-DE", fields: { entryDate: "entry date" } };
    const good = new FormData();
    good.append("entryDate", "1.3.2026");
    good.append("memo", "Rent");
    expect(parseForm(schema, good, { dates })).toEqual({ ok: true, data: { entryDate: "2026-03-01", memo: "Rent" } });

    const bad = new FormData();
    bad.append("entryDate", "31.02.2026");
    bad.append("memo", "");
    expect(parseForm(schema, bad, { dates })).toEqual({
      ok: false,
      errors: { entryDate: dateEntryError("entry date", "de-DE"), memo: "Write a memo." },
      values: { entryDate: "31.02.2026", memo: "" },
    });
    expect(dateEntryError("entry date", "de-DE")).toBe("Enter the entry date as DD.MM.YYYY, for example 31.12.2026.");
  });
});
