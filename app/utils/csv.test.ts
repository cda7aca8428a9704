import { CSV_BOM, csvDownloadRedirect, csvField, csvResponse, toCsv } from "./csv";

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
    expect(toCsv(columns, rows)).toBe(`${CSV_BOM}Name,Amount\r\n"Acme, Inc.",-10.00\r\n'=cmd,2.50\r\n`);
    expect(toCsv(columns, [], { bom: false })).toBe("Name,Amount\r\n");
  });

  it("answers a download with text/csv as an attachment", async () => {
    const response = csvResponse("a\r\n", "trial balance/2026.csv");
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="trial-balance-2026.csv"');
    expect(await response.text()).toBe("a\r\n");
  });

  it("sends a page's ?format=csv to the same URL as a data request of its route, once", () => {
    const page = new URL("http://localhost/app/acme/ledger/reports/trial-balance?from=2026-01-01&format=csv");
    const hop = csvDownloadRedirect(page, "routes/app.$org.ledger.reports.trial-balance")!;
    expect(hop.status).toBe(302);
    const target = new URL(hop.headers.get("Location")!, page);
    expect(target.pathname).toBe("/app/acme/ledger/reports/trial-balance");
    expect(Object.fromEntries(target.searchParams)).toEqual({
      from: "2026-01-01",
      format: "csv",
      download: "1",
      _data: "routes/app.$org.ledger.reports.trial-balance",
    });
    expect(csvDownloadRedirect(target, "routes/app.$org.ledger.reports.trial-balance")).toBeNull();
  });
});
