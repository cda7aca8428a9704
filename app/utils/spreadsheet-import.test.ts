import ExcelJS from "exceljs";
import { readUploadedTable, uploadFormat } from "./spreadsheet-import.server";

const bytes = (text: string) => new TextEncoder().encode(text);

async function xlsxOf(rows: ExcelJS.CellValue[][], extraSheet = false): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Items");
  for (const row of rows) sheet.addRow(row);
  if (extraSheet) workbook.addWorksheet("Notes").addRow(["not", "read"]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("the format of an upload", () => {
  it("goes by the extension, checked against the type the browser sent", () => {
    expect(uploadFormat("items.csv", "text/csv")).toBe("csv");
    expect(uploadFormat("ITEMS.CSV", "")).toBe("csv");
    expect(uploadFormat("items.csv", "application/vnd.ms-excel")).toBe("csv");
    expect(uploadFormat("items.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).toBe("xlsx");
    expect(uploadFormat("items.xlsx", "application/octet-stream")).toBe("xlsx");
  });

  it("refuses other files and mismatched types", () => {
    expect(uploadFormat("items.xls", "application/vnd.ms-excel")).toBeNull();
    expect(uploadFormat("items.txt", "text/plain")).toBeNull();
    expect(uploadFormat("items.csv", "image/png")).toBeNull();
    expect(uploadFormat("items.xlsx", "text/csv")).toBeNull();
    expect(uploadFormat("items", "")).toBeNull();
  });
});

describe("reading a CSV upload", () => {
  it("reads the header and rows with their lines, trimmed, a byte order mark and blank lines skipped", async () => {
    const table = await readUploadedTable(bytes('\uFEFFsku,name\r\nA-1, Box \r\n\r\n"B,2","Two\nlines"\r\nC-3,Müller\r\n'), "csv", { maxRows: 10 });
    expect(table.headers).toEqual(["sku", "name"]);
    expect(table.rows).toEqual([
      { line: 2, cells: ["A-1", "Box"] },
      // A blank line 3, then a record that starts on line 4 and spans two lines.
      { line: 4, cells: ["B,2", "Two\nlines"] },
      { line: 6, cells: ["C-3", "Müller"] },
    ]);
  });

  it("keeps short and long rows as they are, for the importer to judge", async () => {
    const table = await readUploadedTable(bytes("a,b,c\n1\n1,2,3,4\n"), "csv", { maxRows: 10 });
    expect(table.rows).toEqual([
      { line: 2, cells: ["1"] },
      { line: 3, cells: ["1", "2", "3", "4"] },
    ]);
  });

  it("refuses an empty file, text that is not UTF-8, broken quoting and too many rows", async () => {
    await expect(readUploadedTable(bytes(""), "csv", { maxRows: 10 })).rejects.toMatchObject({ code: "invalid", reason: "empty", field: "file" });
    await expect(readUploadedTable(bytes("\n\n"), "csv", { maxRows: 10 })).rejects.toMatchObject({ reason: "empty" });
    await expect(readUploadedTable(new Uint8Array([0x73, 0x6b, 0x75, 0x0a, 0x4d, 0xfc, 0x6c]), "csv", { maxRows: 10 })).rejects.toMatchObject({ reason: "not_utf8" });
    await expect(readUploadedTable(bytes('sku,name\nA,"open quote\n'), "csv", { maxRows: 10 })).rejects.toMatchObject({ reason: "unreadable" });
    await expect(readUploadedTable(bytes("sku\n1\n2\n3\n"), "csv", { maxRows: 2 })).rejects.toMatchObject({ reason: "too_many_rows" });
    await expect(readUploadedTable(bytes(`sku\n${"x".repeat(50)}\n`), "csv", { maxRows: 2, maxCellLength: 40 })).rejects.toMatchObject({
      reason: "cell_too_long",
      message: expect.stringContaining("Line 2"),
    });
  });
});

describe("reading an .xlsx upload", () => {
  it("reads the first sheet with its row numbers: numbers exact, dates as days, formulas by their result, rich text as text", async () => {
    const file = await xlsxOf(
      [
        ["sku", "name", "price", "expiry", "total"],
        ["A-1", { richText: [{ text: "Big " }, { text: "box", font: { bold: true } }] }, 12.5, new Date(Date.UTC(2027, 2, 31)), { formula: "C2*2", result: 25 }],
        [],
        [4006381333931, "  Padded  ", 0.1, null, null],
      ],
      true,
    );
    const table = await readUploadedTable(file, "xlsx", { maxRows: 10 });
    expect(table.headers).toEqual(["sku", "name", "price", "expiry", "total"]);
    expect(table.rows).toEqual([
      { line: 2, cells: ["A-1", "Big box", "12.5", "2027-03-31", "25"] },
      { line: 4, cells: ["4006381333931", "Padded", "0.1", "", ""] },
    ]);
  });

  it("refuses a file that is not a workbook, and too many rows", async () => {
    await expect(readUploadedTable(bytes("sku,name\n"), "xlsx", { maxRows: 10 })).rejects.toMatchObject({ reason: "unreadable", field: "file" });
    const broken = await xlsxOf([["sku"], ["A"]]);
    await expect(readUploadedTable(broken.slice(0, broken.length - 200), "xlsx", { maxRows: 10 })).rejects.toMatchObject({ reason: "unreadable" });
    await expect(readUploadedTable(await xlsxOf([["sku"], ["A"], ["B"], ["C"]]), "xlsx", { maxRows: 2 })).rejects.toMatchObject({ reason: "too_many_rows" });
    await expect(readUploadedTable(await xlsxOf([]), "xlsx", { maxRows: 2 })).rejects.toMatchObject({ reason: "empty" });
  });
});
