import { checkItemRows, checkOpeningStockRows, mapHeaders, ITEM_COLUMNS, MAX_REPORTED_ERRORS, parseQuantityMicro } from "./import-rows";

const table = (headers: string[], ...rows: string[][]) => ({ headers, rows: rows.map((cells, i) => ({ line: i + 2, cells })) });

describe("import headers", () => {
  it("reads the columns in any order and case, with aliases", () => {
    const map = mapHeaders(["Name", "SKU", "Sale Price", "UOM"], ITEM_COLUMNS);
    expect(map).toMatchObject({ ok: true, index: { name: 0, sku: 1, salePrice: 2, unit: 3 } });
  });

  it("refuses unknown, repeated, unnamed and missing columns on line 1", () => {
    const map = mapHeaders(["sku", "colour", "SKU", ""], ITEM_COLUMNS);
    expect(map.ok).toBe(false);
    if (map.ok) return;
    expect(map.errors).toEqual([
      { line: 1, column: "colour", message: expect.stringContaining("Unknown column") },
      { line: 1, column: "SKU", message: "The column sku appears twice." },
      { line: 1, column: "column 4", message: expect.stringContaining("no name") },
      { line: 1, column: "name", message: "The column name is missing; it is required." },
    ]);
  });
});

describe("item rows", () => {
  it("turns the cells into an item: amounts in minor units, quantities in millionths, defaults for empty cells", () => {
    const checked = checkItemRows(
      table(
        ["sku", "name", "sale_price", "cost", "tax_rate", "unit", "unit_decimals", "reorder_level", "kind", "lot_tracked", "active"],
        ["A-1", "Box of nails", "1,234.50", "7", "7.5", "kg", "3", "2.125", "", "yes", "no"],
        ["S-1", "Delivery", "", "", "", "", "", "", "Service", "", ""],
      ),
      "EUR",
    );
    expect(checked.errors).toEqual([]);
    expect(checked.rows[0]).toMatchObject({
      line: 2,
      sku: "A-1",
      salePrice: 123450n,
      cost: 700n,
      taxRate: 750,
      unit: "kg",
      unitDecimals: 3,
      reorderLevel: 2125000n,
      reorderQuantity: null,
      kind: "stock",
      lotTracked: true,
      active: false,
    });
    expect(checked.rows[1]).toMatchObject({ line: 3, sku: "S-1", salePrice: 0n, taxRate: 0, unit: "", unitDecimals: 0, kind: "service", lotTracked: false, active: true });
  });

  it("names the line, the column as the file writes it, and what is wrong, for each problem", () => {
    const checked = checkItemRows(
      table(
        ["SKU", "Name", "Price", "Tax Rate", "Unit Decimals", "Reorder Level", "Kind", "Active"],
        ["A-1", "", "12.345", "101", "7", "", "stock", "yes"],
        ["A-2", "Fine", "-3", "20", "0", "1.5", "goods", "maybe"],
        ["A-3", "Fine", "1,234.56", "20%", "1", "1.5", "", ""],
        ["A-4", "Fine", "1234,56", "20", "0", "", "", ""],
        ["A-5", "Fine", "1", "20", "1", "1.25", "", ""],
      ),
      "EUR",
    );
    expect(checked.rows.map((row) => row.sku)).toEqual(["A-3"]);
    expect(checked.errors).toEqual([
      { line: 2, column: "Name", message: "The name is required." },
      { line: 2, column: "Price", message: "EUR amounts have at most 2 decimals." },
      { line: 2, column: "Tax Rate", message: expect.stringContaining('"101" is not a tax rate') },
      { line: 2, column: "Unit Decimals", message: "Write a whole number from 0 to 6." },
      { line: 3, column: "Price", message: "Cannot be negative." },
      { line: 3, column: "Reorder Level", message: "The unit allows 0 decimals." },
      { line: 3, column: "Kind", message: 'Write stock or service, not "goods".' },
      { line: 3, column: "Active", message: 'Write yes or no, not "maybe".' },
      { line: 5, column: "Price", message: expect.stringContaining("write decimals with a point") },
      { line: 6, column: "Reorder Level", message: "The unit allows 1 decimal." },
    ]);
    expect(checked.errorCount).toBe(10);
  });

  it("refuses a SKU that is already in the file, naming the row and the earlier one", () => {
    const checked = checkItemRows(table(["sku", "name", "barcode"], ["A-1", "One", "111"], ["B-1", "Two", "222"], ["A-1", "Again", "333"], ["C-1", "Three", "222"]), "EUR");
    expect(checked.errors).toEqual([
      { line: 4, column: "sku", message: "The SKU A-1 is already on line 2: each SKU once." },
      { line: 5, column: "barcode", message: "The barcode 222 is already on line 3." },
    ]);
  });

  it("refuses a row with more cells than the header, a control character, and a lot-tracked service", () => {
    const checked = checkItemRows(table(["sku", "name", "kind", "lot_tracked"], ["A", "a", "", "", "extra"], ["B", "b\u0007", "", ""], ["C", "c", "service", "yes"]), "EUR");
    expect(checked.errors).toEqual([
      { line: 2, column: null, message: "This row has more cells than the header has columns (4)." },
      { line: 3, column: "name", message: expect.stringContaining("one line") },
      { line: 4, column: "lot_tracked", message: "A service has no stock, so no lots." },
    ]);
  });

  it("keeps the first problems and counts the rest", () => {
    const rows = Array.from({ length: MAX_REPORTED_ERRORS + 20 }, (_, i) => [`S-${i}`, ""]);
    const checked = checkItemRows(table(["sku", "name"], ...rows), "EUR");
    expect(checked.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(checked.errorCount).toBe(MAX_REPORTED_ERRORS + 20);
  });
});

describe("opening stock rows", () => {
  it("reads a quantity, a cost and an optional lot with its expiry", () => {
    const checked = checkOpeningStockRows(table(["sku", "warehouse", "quantity", "unit_cost", "lot", "expiry"], ["A-1", "MAIN", "12.50", "3.20", "L1", "2027-03-31"]), "EUR");
    expect(checked.errors).toEqual([]);
    expect(checked.rows[0]).toMatchObject({ line: 2, sku: "A-1", warehouse: "MAIN", quantity: { micro: 12500000n, decimals: 1 }, unitCost: 320n, lot: "L1", expiry: "2027-03-31" });
  });

  it("refuses a missing, zero or negative quantity, a missing cost and an impossible date", () => {
    const checked = checkOpeningStockRows(
      table(["sku", "warehouse", "quantity", "unit_cost", "expiry"], ["A", "MAIN", "0", "1", ""], ["A", "MAIN", "-2", "", "2027-02-30"], ["", "", "", "1", ""]),
      "EUR",
    );
    expect(checked.errors).toEqual([
      { line: 2, column: "quantity", message: "The quantity must be more than zero." },
      { line: 3, column: "quantity", message: expect.stringContaining('"-2" is not a quantity') },
      { line: 3, column: "unit_cost", message: "The unit cost is required." },
      { line: 3, column: "expiry", message: '"2027-02-30" is not a date: write it as YYYY-MM-DD.' },
      { line: 4, column: "sku", message: "The SKU is required." },
      { line: 4, column: "warehouse", message: "The warehouse's code is required." },
      { line: 4, column: "quantity", message: "The quantity is required." },
    ]);
  });
});

describe("quantities", () => {
  it("are exact millionths, refusing more decimals than allowed", () => {
    expect(parseQuantityMicro("1")).toBe(1_000_000n);
    expect(parseQuantityMicro("0.000001")).toBe(1n);
    expect(parseQuantityMicro("2.50", 1)).toBe(2_500_000n);
    expect(parseQuantityMicro("2.55", 1)).toBeNull();
    expect(parseQuantityMicro("1e3")).toBeNull();
    expect(parseQuantityMicro("-1")).toBeNull();
    expect(parseQuantityMicro("0.0000001")).toBeNull();
  });
});
