import ExcelJS from "exceljs";
import type { ExportTable } from "./export";
import { readUploadedTable } from "./spreadsheet-import.server";
import { exactNumber, xlsxBytes, xlsxStream } from "./xlsx.server";

interface Row {
  sku: string;
  name: string;
  quantity: string;
  value: string | null;
}

const columns: ExportTable<Row>["columns"] = [
  { header: "SKU", value: (row) => row.sku },
  { header: "Name", value: (row) => row.name },
  { header: "Quantity", numeric: true, value: (row) => row.quantity },
  { header: "Value", numeric: true, value: (row) => row.value },
];

async function workbookOf(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

describe("exact numbers for a spreadsheet", () => {
  it("keeps a number a double holds exactly, with its decimals as the format", () => {
    expect(exactNumber("1234.50")).toEqual({ value: 1234.5, decimals: 2 });
    expect(exactNumber("-0.125")).toEqual({ value: -0.125, decimals: 3 });
    expect(exactNumber("12")).toEqual({ value: 12, decimals: 0 });
    expect(exactNumber("007")).toEqual({ value: 7, decimals: 0 });
  });

  it("refuses text and numbers a double would change", () => {
    expect(exactNumber("12345678901234567890.25")).toBeNull();
    expect(exactNumber("9007199254740993")).toBeNull();
    expect(exactNumber("1e5")).toBeNull();
    expect(exactNumber("abc")).toBeNull();
    expect(exactNumber("")).toBeNull();
  });
});

describe("xlsx export", () => {
  it("writes a header and the rows: numbers as numbers, text (formulas included) as text", async () => {
    const rows: Row[] = [
      { sku: "A-1", name: "Müller's box", quantity: "12.500", value: "-1234.50" },
      { sku: "=1+2", name: "@SUM(A1)", quantity: "99999999999999999999.5", value: null },
    ];
    const sheet = await workbookOf(await xlsxBytes({ columns, rows }, { sheetName: "Items" }));
    expect(sheet.name).toBe("Items");
    expect(sheet.getRow(1).values).toEqual([undefined, "SKU", "Name", "Quantity", "Value"]);
    expect(sheet.getRow(2).getCell(1).value).toBe("A-1");
    expect(sheet.getRow(2).getCell(2).value).toBe("Müller's box");
    expect(sheet.getRow(2).getCell(3).value).toBe(12.5);
    expect(sheet.getRow(2).getCell(3).numFmt).toBe("0.000");
    expect(sheet.getRow(2).getCell(4).value).toBe(-1234.5);
    // A string cell, not a formula: the file carries no formula for a spreadsheet to run.
    expect(sheet.getRow(3).getCell(1).value).toBe("=1+2");
    expect(sheet.getRow(3).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(3).getCell(2).value).toBe("@SUM(A1)");
    // More digits than a double keeps: text, every digit kept.
    expect(sheet.getRow(3).getCell(3).value).toBe("99999999999999999999.5");
    expect(sheet.getRow(3).getCell(4).value).toBeNull();
    expect(sheet.rowCount).toBe(3);
  });

  it("reads back through the import parser with the rows' line numbers", async () => {
    const rows: Row[] = Array.from({ length: 3 }, (_, i) => ({ sku: `S-${i + 1}`, name: `Item ${i + 1}`, quantity: String(i), value: "1.10" }));
    const table = await readUploadedTable(await xlsxBytes({ columns, rows }), "xlsx", { maxRows: 10 });
    expect(table.headers).toEqual(["SKU", "Name", "Quantity", "Value"]);
    expect(table.rows).toEqual([
      { line: 2, cells: ["S-1", "Item 1", "0", "1.1"] },
      { line: 3, cells: ["S-2", "Item 2", "1", "1.1"] },
      { line: 4, cells: ["S-3", "Item 3", "2", "1.1"] },
    ]);
  });

  it("reads its rows only as the stream is consumed, and stops reading them when the download is cancelled", async () => {
    let produced = 0;
    let finished = false;
    async function* rows(): AsyncGenerator<Row> {
      try {
        for (let i = 0; i < 1_000_000; i++) {
          produced++;
          yield { sku: `S-${i}`, name: `A reasonably long item name number ${i}`, quantity: String(i), value: `${i}.25` };
        }
      } finally {
        finished = true;
      }
    }
    const stream = xlsxStream({ columns, rows: rows() });
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Nobody reads: the writer fills the zip's buffers and waits, instead of producing the whole million.
    let whileWaiting = -1;
    for (let tries = 0; tries < 50 && produced !== whileWaiting; tries++) {
      whileWaiting = produced;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    console.log(`rows produced while the reader waited: ${whileWaiting}`);
    expect(produced).toBe(whileWaiting);
    expect(whileWaiting).toBeLessThan(200_000);
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(true);
    expect(produced).toBeLessThan(200_000);
  });

  it("fails the stream when reading the rows fails", async () => {
    async function* rows(): AsyncGenerator<Row> {
      yield { sku: "A", name: "a", quantity: "1", value: "1" };
      throw new Error("the database went away");
    }
    await expect(xlsxBytes({ columns, rows: rows() })).rejects.toThrow("the database went away");
  });
});
