import { sql } from "drizzle-orm";
import { db, queryRow } from "~/db.server";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { appRefusal } from "~/test/expect-refusal";
import { createOrganisationWithOwner } from "~/test/factories";
import { readUploadedTable } from "~/utils/spreadsheet-import.server";
import { confirmImport, createImport, getImport, runImportWork } from "./imports.server";
import { createItem, listItems } from "./items.server";
import { receiveStock } from "./stock.server";
import { listBalances, listMoves } from "./stock-reports.server";
import { createWarehouse, findWarehouseByCode } from "./warehouses.server";

const csv = (text: string) => readUploadedTable(new TextEncoder().encode(text), "csv", { maxRows: 100_000 });

async function upload(actor: TenantActor, text: string, kind: "items" | "opening-stock" = "items") {
  const table = await csv(text);
  const id = await withTenant(actor, (tx) => createImport(tx, { kind, filename: "items.csv", table, userId: actor.userId }));
  await runImportWork(actor, id);
  return withTenant(actor, (tx) => getImport(tx, id));
}

async function importConfirmed(actor: TenantActor, id: string) {
  await withTenant(actor, (tx) => confirmImport(tx, id));
  await runImportWork(actor, id);
  return withTenant(actor, (tx) => getImport(tx, id));
}

const itemCount = async (actor: TenantActor) => (await withTenant(actor, (tx) => listItems(tx, { status: "all", limit: 500 }))).rows.length;

describe("importing items", () => {
  it("checks a clean file, shows a preview, then imports every row in one go", async () => {
    const { actor } = await createOrganisationWithOwner();
    const checked = await upload(actor, "sku,name,sale_price,cost,unit,unit_decimals,barcode\nA-1,Nails,1.50,0.80,kg,3,111\nA-2,Screws,2,1,,,\n");
    expect(checked).toMatchObject({ status: "ready", rowCount: 2, processed: 2, errorCount: 0, errors: [] });
    expect(checked.preview).toEqual([
      { sku: "A-1", name: "Nails", category: "", unit: "kg", kind: "stock", barcode: "111" },
      { sku: "A-2", name: "Screws", category: "", unit: "pcs", kind: "stock", barcode: "" },
    ]);
    expect(await itemCount(actor)).toBe(0);

    const imported = await importConfirmed(actor, checked.id);
    expect(imported).toMatchObject({ status: "imported", importedCount: 2, processed: 2 });
    const items = (await withTenant(actor, (tx) => listItems(tx, { status: "all" }))).rows;
    expect(items.map((item) => [item.sku, item.salePriceMinor, item.costMinor, item.unit, item.unitDecimals, item.barcode])).toEqual([
      ["A-1", 150n, 80n, "kg", 3, "111"],
      ["A-2", 200n, 100n, "pcs", 0, null],
    ]);
    // The file is not kept once imported; the import and each item are in the audit trail.
    const file = await withTenant(actor, (tx) => queryRow<{ n: number }>(tx, sql`select count(*)::int as n from inventory_import_files`));
    expect(file?.n).toBe(0);
    const events = await withTenant(actor, (tx) =>
      queryRow<{ actions: string[] }>(tx, sql`select array_agg(action order by id) as actions from audit_events where action like 'inventory.%'`),
    );
    expect(events?.actions).toEqual(expect.arrayContaining(["inventory.import_uploaded", "inventory.import_confirmed", "inventory.items_imported", "inventory.item_created"]));

    // Imported once: confirming again is refused, and running the work again writes nothing more.
    expect((await appRefusal(withTenant(actor, (tx) => confirmImport(tx, checked.id)), 409)).reason).toBe("not_ready");
    await runImportWork(actor, checked.id);
    expect(await itemCount(actor)).toBe(2);
  });

  it("records its progress while it writes, beside the import's own transaction (past one progress step)", async () => {
    const { actor } = await createOrganisationWithOwner();
    const rows = Array.from({ length: 1001 }, (_, i) => `P-${i},Item ${i}`).join("\n");
    const checked = await upload(actor, `sku,name\n${rows}\n`);
    expect(checked.status).toBe("ready");
    const imported = await importConfirmed(actor, checked.id);
    expect(imported).toMatchObject({ status: "imported", importedCount: 1001, processed: 1001, failure: null });
  });

  it("refuses a file with a duplicate SKU, naming the row, and writes nothing", async () => {
    const { actor } = await createOrganisationWithOwner();
    const checked = await upload(actor, "sku,name\nA-1,One\nA-2,Two\nA-1,Again\n");
    expect(checked.status).toBe("invalid");
    expect(checked.errors).toEqual([{ line: 4, column: "sku", message: "The SKU A-1 is already on line 2: each SKU once." }]);
    expect(await itemCount(actor)).toBe(0);
    expect((await appRefusal(withTenant(actor, (tx) => confirmImport(tx, checked.id)), 409)).reason).toBe("not_ready");
    expect(await itemCount(actor)).toBe(0);
  });

  it("names the line and column of every bad cell, and an SKU or barcode the organisation has already", async () => {
    const { actor } = await createOrganisationWithOwner();
    await withTenant(actor, (tx) => createItem(tx, { sku: "OLD-1", name: "Old", barcode: "999" }));
    const checked = await upload(actor, "SKU,Name,Price,Barcode\nOLD-1,Again,1,\nN-1,,abc,\nN-2,New,1,999\nN-3,Fine,1,\n");
    expect(checked.status).toBe("invalid");
    expect(checked.errors).toEqual([
      { line: 2, column: "SKU", message: "An item with the SKU OLD-1 exists already in this organisation." },
      { line: 3, column: "Name", message: "The name is required." },
      { line: 3, column: "Price", message: expect.stringContaining('"abc" is not an amount') },
      { line: 4, column: "Barcode", message: "The barcode 999 belongs to the item OLD-1 already." },
    ]);
    expect(checked.preview).toEqual([]);
    expect(await itemCount(actor)).toBe(1);
  });

  it("refuses an unknown column and a missing required one on line 1", async () => {
    const { actor } = await createOrganisationWithOwner();
    const checked = await upload(actor, "sku,colour\nA,red\n");
    expect(checked.status).toBe("invalid");
    expect(checked.errors).toEqual([
      { line: 1, column: "colour", message: expect.stringContaining("Unknown column") },
      { line: 1, column: "name", message: "The column name is missing; it is required." },
    ]);
  });

  it("writes nothing when the organisation changed after the check: the import is refused whole", async () => {
    const { actor } = await createOrganisationWithOwner();
    const checked = await upload(actor, "sku,name\nA-1,One\nA-2,Two\nA-3,Three\n");
    expect(checked.status).toBe("ready");
    // Another member creates A-3 between the check and the import.
    await withTenant(actor, (tx) => createItem(tx, { sku: "A-3", name: "Made meanwhile" }));
    const after = await importConfirmed(actor, checked.id);
    expect(after.status).toBe("invalid");
    expect(after.errors).toEqual([{ line: 4, column: "sku", message: "An item with the SKU A-3 exists already in this organisation." }]);
    const skus = (await withTenant(actor, (tx) => listItems(tx, { status: "all" }))).rows.map((item) => item.sku);
    expect(skus).toEqual(["A-3"]);
  });

  it("rolls every row back when writing fails part-way", async () => {
    const { actor } = await createOrganisationWithOwner();
    const checked = await upload(actor, "sku,name\nA-1,One\nA-2,Two\nA-3,Three\n");
    // A rule the check cannot see (a trigger refusing the third item) makes the write fail after two rows.
    await db().execute(sql`create or replace function test_refuse_a3() returns trigger language plpgsql as $$
      begin if new.sku = 'A-3' then raise exception 'refused for the test'; end if; return new; end $$`);
    await db().execute(sql`create trigger test_refuse_a3 before insert on items for each row execute function test_refuse_a3()`);
    try {
      const after = await importConfirmed(actor, checked.id);
      expect(after.status).toBe("failed");
      expect(after.failure).toContain("refused for the test");
      expect(after.importedCount).toBe(0);
    } finally {
      await db().execute(sql`drop trigger test_refuse_a3 on items`);
    }
    expect(await itemCount(actor)).toBe(0);
  });

  it("keeps another organisation's import out of reach: a 404, and its work does nothing here", async () => {
    const { actor } = await createOrganisationWithOwner();
    const { actor: other } = await createOrganisationWithOwner();
    const theirs = await upload(other, "sku,name\nX-1,Theirs\n");
    expect(theirs.status).toBe("ready");
    expect((await appRefusal(withTenant(actor, (tx) => getImport(tx, theirs.id)), 404)).message).toContain("does not exist");
    expect(await appRefusal(withTenant(actor, (tx) => confirmImport(tx, theirs.id)), 404)).toBeTruthy();
    await appRefusal(withTenant(actor, (tx) => getImport(tx, "not-a-uuid")), 404);
    // Run as this organisation, the other's import is not found: nothing is written anywhere.
    await runImportWork(actor, theirs.id);
    expect(await itemCount(actor)).toBe(0);
    expect(await itemCount(other)).toBe(0);
    expect((await withTenant(other, (tx) => getImport(tx, theirs.id))).status).toBe("ready");
  });
});

describe("importing opening stock", () => {
  async function withItems(actor: TenantActor) {
    await withTenant(actor, async (tx) => {
      await createItem(tx, { sku: "W-1", name: "Widget", unitDecimals: 1 });
      await createItem(tx, { sku: "L-1", name: "Milk", lotTracked: true });
      await createItem(tx, { sku: "SRV", name: "Delivery", kind: "service" });
      await createWarehouse(tx, { code: "EAST", name: "East" });
    });
  }

  it("receives every row through the stock ledger, valued and posted, in one go", async () => {
    const { actor } = await createOrganisationWithOwner();
    await withItems(actor);
    const checked = await upload(actor, "sku,warehouse,quantity,unit_cost,lot,expiry\nW-1,MAIN,10.5,2.00,,\nW-1,EAST,4,3.00,,\nL-1,MAIN,6,1.10,LOT-A,2027-03-31\n", "opening-stock");
    expect(checked).toMatchObject({ status: "ready", errors: [] });
    expect(checked.preview[0]).toEqual({ sku: "W-1", warehouse: "MAIN", quantity: "10.5", lot: "", expiry: "" });
    expect((await withTenant(actor, (tx) => listBalances(tx, {}, {}))).rows).toEqual([]);

    const imported = await importConfirmed(actor, checked.id);
    expect(imported).toMatchObject({ status: "imported", importedCount: 3 });
    const balances = (await withTenant(actor, (tx) => listBalances(tx, {}, {}))).rows;
    expect(balances.map((b) => [b.sku, b.warehouseCode, b.onHandMicro, b.valueMinor])).toEqual([
      ["L-1", "MAIN", 6_000_000n, 660n],
      ["W-1", "EAST", 4_000_000n, 1200n],
      ["W-1", "MAIN", 10_500_000n, 2100n],
    ]);
    const moves = (await withTenant(actor, (tx) => listMoves(tx, {}, {}))).rows;
    expect(moves).toHaveLength(3);
    for (const move of moves) {
      expect(move.kind).toBe("receipt");
      expect(move.sourceType).toBe("import");
      expect(move.sourceId).toBe(checked.id);
      expect(move.journalEntryId).not.toBeNull();
    }
  });

  it("refuses unknown items and warehouses, services, too many decimals and missing lots, naming each row", async () => {
    const { actor } = await createOrganisationWithOwner();
    await withItems(actor);
    const checked = await upload(actor, "sku,warehouse,quantity,unit_cost,lot\nNOPE,MAIN,1,1,\nW-1,WEST,1,1,\nSRV,MAIN,1,1,\nW-1,MAIN,1.25,1,\nL-1,MAIN,1,1,\nW-1,MAIN,1,1,LOT-X\n", "opening-stock");
    expect(checked.status).toBe("invalid");
    expect(checked.errors).toEqual([
      { line: 2, column: "sku", message: "There is no item with the SKU NOPE: import the items first." },
      { line: 3, column: "warehouse", message: "There is no warehouse with the code WEST." },
      { line: 4, column: "sku", message: "SRV is a service: it has no stock." },
      { line: 5, column: "quantity", message: "W-1 allows at most 1 decimals (in pcs)." },
      { line: 6, column: "lot", message: "L-1 is tracked by lot: give the lot number." },
      { line: 7, column: "lot", message: "W-1 is not tracked by lot: leave the lot and expiry empty." },
    ]);
    expect((await withTenant(actor, (tx) => listMoves(tx, {}, {}))).rows).toEqual([]);
  });

  it("rolls the receipts already written back when the receive operation refuses a later row, and names it", async () => {
    const { actor } = await createOrganisationWithOwner();
    await withItems(actor);
    // LOT-A exists with another expiry: only the receive operation knows, when the third row is written.
    const milk = (await withTenant(actor, (tx) => listItems(tx, { search: "L-1" }))).rows[0];
    await withTenant(actor, async (tx) => {
      const mainWarehouse = (await findWarehouseByCode(tx, "MAIN"))!;
      await receiveStock(tx, { itemId: milk.id, warehouseId: mainWarehouse.id, quantity: "1", unitCostMinor: 100n, lotNumber: "LOT-A", expiryDate: "2027-01-31" });
    });
    const checked = await upload(actor, "sku,warehouse,quantity,unit_cost,lot,expiry\nW-1,MAIN,1,1,,\nW-1,EAST,2,1,,\nL-1,MAIN,1,1,LOT-A,2028-01-31\n", "opening-stock");
    expect(checked.status).toBe("ready");
    const after = await importConfirmed(actor, checked.id);
    expect(after.status).toBe("invalid");
    expect(after.errors).toEqual([{ line: 4, column: "expiry", message: expect.any(String) }]);
    // Only the receipt made before the import: the import's two first rows were rolled back with the third.
    const moves = (await withTenant(actor, (tx) => listMoves(tx, {}, {}))).rows;
    expect(moves.map((move) => [move.sku, move.sourceType])).toEqual([["L-1", "manual"]]);
  });
});
