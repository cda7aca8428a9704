import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner } from "~/test/factories";
import { csvText } from "~/utils/csv";
import { readUploadedTable } from "~/utils/spreadsheet-import.server";
import { xlsxBytes } from "~/utils/xlsx.server";
import { balancesExport, itemsExport, movesExport } from "./exports.server";
import { checkItemRows } from "./import-rows";
import { createItem } from "./items.server";
import { receiveStock } from "./stock.server";
import { findWarehouseByCode } from "./warehouses.server";

async function stocked(actor: TenantActor) {
  await withTenant(actor, async (tx) => {
    const main = (await findWarehouseByCode(tx, "MAIN"))!;
    const a = await createItem(tx, { sku: "A-1", name: "=cmd|' /C calc'!A0", unit: "kg", unitDecimals: 3, costMinor: 125n, salePriceMinor: 250n, taxRateBp: 750, reorderLevel: "2.5" });
    await createItem(tx, { sku: "B-1", name: "Bolt", description: "M6, zinc" });
    await receiveStock(tx, { itemId: a.id, warehouseId: main.id, quantity: "1.5", unitCostMinor: 200n });
  });
}

describe("inventory exports", () => {
  it("writes the items with the columns an import reads, so a file exported can be imported elsewhere", async () => {
    const { actor, organisation } = await createOrganisationWithOwner();
    await stocked(actor);
    const table = itemsExport((work) => withTenant(actor, work), {}, { currency: organisation.currency, withCost: true });
    const text = await csvText(table, { bom: false });
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("sku,name,description,category,unit,unit_decimals,barcode,sale_price,cost,tax_rate,reorder_level,reorder_quantity,kind,lot_tracked,active,on_hand,available");
    // The formula-like name is neutralised in CSV.
    expect(lines[1]).toBe(`A-1,'=cmd|' /C calc'!A0,,,kg,3,,2.50,1.25,7.50,2.500,,stock,no,yes,1.500,1.500`);
    expect(lines[2]).toBe(`B-1,Bolt,"M6, zinc",,pcs,0,,0.00,0.00,0.00,,,stock,no,yes,0,0`);

    // Read back as an import: every row is clean (the extra on_hand columns aside).
    const again = itemsExport((work) => withTenant(actor, work), {}, { currency: organisation.currency, withCost: true });
    const reread = await readUploadedTable(await xlsxBytes(again), "xlsx", { maxRows: 10 });
    const importable = {
      headers: reread.headers.slice(0, 15),
      rows: reread.rows.map((row) => ({ line: row.line, cells: row.cells.slice(0, 15) })),
    };
    const checked = checkItemRows(importable, organisation.currency);
    expect(checked.errors).toEqual([]);
    expect(checked.rows.map((row) => [row.sku, row.name, row.salePrice, row.cost, row.taxRate, row.unitDecimals, row.reorderLevel])).toEqual([
      ["A-1", "=cmd|' /C calc'!A0", 250n, 125n, 750, 3, 2_500_000n],
      ["B-1", "Bolt", 0n, 0n, 0, 0, null],
    ]);
  });

  it("leaves the cost and value columns out for a reader who may not see cost", async () => {
    const { actor, organisation } = await createOrganisationWithOwner();
    await stocked(actor);
    const inTransaction = <T,>(work: Parameters<typeof withTenant<T>>[1]) => withTenant(actor, work);
    const items = await csvText(itemsExport(inTransaction, {}, { currency: organisation.currency, withCost: false }), { bom: false });
    expect(items.split("\r\n")[0]).not.toContain("cost");
    const stock = await csvText(balancesExport(inTransaction, { hideZero: true }, { currency: organisation.currency, withCost: false }), { bom: false });
    expect(stock.split("\r\n")).toEqual(["sku,name,warehouse,warehouse_name,unit,on_hand,reserved,available", `A-1,'=cmd|' /C calc'!A0,MAIN,Main warehouse,kg,1.500,0.000,1.500`, ""]);
    const moves = await csvText(movesExport(inTransaction, {}, { currency: organisation.currency, withCost: false }), { bom: false });
    expect(moves.split("\r\n")[0]).toBe("date,posted_at,sku,name,warehouse,lot,kind,quantity,unit,quantity_after,source,source_id,source_line,reason");
  });

  it("writes balances with their value and the move ledger with values, as CSV and .xlsx alike", async () => {
    const { actor, organisation } = await createOrganisationWithOwner();
    await stocked(actor);
    const inTransaction = <T,>(work: Parameters<typeof withTenant<T>>[1]) => withTenant(actor, work);
    const options = { currency: organisation.currency, withCost: true };
    const stock = await csvText(balancesExport(inTransaction, { hideZero: true }, options), { bom: false });
    expect(stock.split("\r\n")[1]).toBe(`A-1,'=cmd|' /C calc'!A0,MAIN,Main warehouse,kg,1.500,0.000,1.500,3.00`);
    const sheet = await readUploadedTable(await xlsxBytes(movesExport(inTransaction, {}, options)), "xlsx", { maxRows: 10 });
    expect(sheet.headers.slice(6, 13)).toEqual(["kind", "quantity", "unit", "unit_cost", "value", "quantity_after", "value_after"]);
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.rows[0].cells.slice(2, 13)).toEqual(["A-1", "=cmd|' /C calc'!A0", "MAIN", "", "receipt", "1.5", "kg", "2", "3", "1.5", "3"]);
  });

  it("reads a page at a time (at most 500 rows, the list's limit) through the list's cursor, past the first page", async () => {
    const { actor, organisation } = await createOrganisationWithOwner();
    await withTenant(actor, async (tx) => {
      for (let i = 0; i < 520; i++) await createItem(tx, { sku: `S-${String(i).padStart(4, "0")}`, name: `Item ${i}` });
    });
    const table = itemsExport((work) => withTenant(actor, work), { status: "all" }, { currency: organisation.currency, withCost: true });
    const skus: string[] = [];
    for await (const row of table.rows) skus.push(row.sku);
    expect(skus).toHaveLength(520);
    expect(new Set(skus).size).toBe(520);
    expect(skus[0]).toBe("S-0000");
    expect(skus[519]).toBe("S-0519");
  });
});
