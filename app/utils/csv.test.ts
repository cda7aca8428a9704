import { CSV_BOM, csvField, csvStream, csvText, toCsv } from "./csv";
import type { ExportColumn } from "./export";
import { csvDownload } from "./export.server";

describe("csv", () => {
  it("quotes fields with commas, quotes and line breaks, and doubles inner quotes (RFC 4180)", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField("Müller & Söhne")).toBe("Müller & Söhne");
  });

  it("neutralises formulas in text cells", () => {
    expect(csvField("=HYPERLINK(\"http://evil\")")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tcmd")).toBe("'\tcmd");
    expect(csvField("\rcmd")).toBe("\"'\rcmd\"");
    expect(csvField("a=b")).toBe("a=b");
  });

  it("leaves plain numbers in numeric columns alone, negative ones too, but not formulas posing as numbers", () => {
    expect(csvField("-1234.50", true)).toBe("-1234.50");
    expect(csvField("0.00", true)).toBe("0.00");
    expect(csvField(-5n, true)).toBe("-5");
    expect(csvField(12, true)).toBe("12");
    expect(csvField("-1+2", true)).toBe("'-1+2");
    expect(csvField("=1", true)).toBe("'=1");
  });

  it("writes a header and records ended by CRLF, with a byte order mark unless asked not to", () => {
    const rows = [
      { name: "Acme, Inc.", amount: "-10.00" },
      { name: "=cmd", amount: "2.50" },
    ];
    const columns = [
      { header: "Name", value: (r: (typeof rows)[number]) => r.name },
      { header: "Amount", numeric: true, value: (r: (typeof rows)[number]) => r.amount },
    ];
    expect(toCsv({ columns, rows })).toBe(`${CSV_BOM}Name,Amount\r\n"Acme, Inc.",-10.00\r\n'=cmd,2.50\r\n`);
    expect(toCsv({ columns, rows: [] }, { bom: false })).toBe("Name,Amount\r\n");
  });

  it("answers a download with text/csv as an attachment", async () => {
    const response = csvDownload("trial balance/2026.csv", { columns: [{ header: "a", value: (row: string) => row }], rows: [] });
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="trial-balance-2026.csv"');
    expect(Buffer.from(await response.arrayBuffer()).toString("utf8")).toBe(`${CSV_BOM}a\r\n`);
  });

  it("streams the same bytes as it writes in memory, and reads rows only as the stream is read", async () => {
    const columns: Array<ExportColumn<number>> = [
      { header: "Row", value: (n) => `=row ${n}` },
      { header: "Amount", numeric: true, value: (n) => `-${n}.50` },
    ];
    const numbers = Array.from({ length: 5000 }, (_, i) => i + 1);
    let produced = 0;
    async function* rows() {
      for (const n of numbers) {
        produced += 1;
        yield n;
      }
    }
    const reader = csvStream({ columns, rows: rows() }).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // The first chunk needs a few rows, not all 5000: the rest are read only when asked for.
    expect(produced).toBeLessThan(1000);
    const chunks = [Buffer.from(first.value!)];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(Buffer.from(next.value));
    expect(produced).toBe(5000);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(toCsv({ columns, rows: numbers }));
    expect(await csvText({ columns, rows: numbers }, { bom: false })).toBe(toCsv({ columns, rows: numbers }, { bom: false }));
  });

  it("stops reading rows when the download is cancelled, and fails the stream when reading them fails", async () => {
    const columns: Array<ExportColumn<number>> = [{ header: "n", value: (n) => n }];
    let produced = 0;
    let finished = false;
    async function* endless() {
      try {
        for (let n = 0; ; n++) {
          produced += 1;
          yield n;
        }
      } finally {
        finished = true;
      }
    }
    const reader = csvStream({ columns, rows: endless() }).getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const readSoFar = produced;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(produced).toBe(readSoFar);
    expect(finished).toBe(true);

    async function* failing() {
      yield 1;
      throw new Error("the database went away");
    }
    await expect(csvText({ columns, rows: failing() })).rejects.toThrow();
  });
});
