import { sql } from "drizzle-orm";
import { db, queryRow, queryRows } from "~/db.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { appRefusal } from "~/test/expect-refusal";
import { createOrganisationWithOwner } from "~/test/factories";
import { createItem, findItemByCode, getItem, listItems, setItemUnits, updateItem } from "./items.server";
import { createWarehouse, defaultWarehouse, getWarehouse, listWarehouses, MAIN_WAREHOUSE, updateWarehouse } from "./warehouses.server";

describe("items", () => {
  it("creates an item with units, reads it with or without cost, finds it by barcode, unit barcode or SKU", async () => {
    const { actor } = await createOrganisationWithOwner();
    const item = await withTenant(actor, (tx) =>
      createItem(tx, {
        sku: "SKU-1",
        name: "Widget",
        barcode: "4006381333931",
        costMinor: 250n,
        salePriceMinor: 499n,
        unitDecimals: 0,
        reorderLevel: "10",
        reorderQty: "50",
        units: [{ unit: "box", factor: "12", barcode: "14006381333938" }],
      }),
    );
    expect(item).toMatchObject({ sku: "SKU-1", costMinor: 250n, reorderLevelMicro: 10_000_000n, units: [{ unit: "box", factorMicro: 12_000_000n }] });
    const hidden = await withTenant(actor, (tx) => getItem(tx, item.id, { withCost: false }));
    expect(hidden.costMinor).toBeNull();
    expect(hidden.salePriceMinor).toBe(499n);
    expect((await withTenant(actor, (tx) => findItemByCode(tx, "4006381333931")))?.unit).toBe("pcs");
    expect((await withTenant(actor, (tx) => findItemByCode(tx, "14006381333938")))).toMatchObject({ unit: "box", item: { id: item.id } });
    expect((await withTenant(actor, (tx) => findItemByCode(tx, "SKU-1")))?.item.id).toBe(item.id);
    expect(await withTenant(actor, (tx) => findItemByCode(tx, "nothing"))).toBeNull();
    const list = await withTenant(actor, (tx) => listItems(tx, {}, { withCost: false }));
    expect(list.rows.map((r) => [r.sku, r.costMinor, r.onHandMicro])).toEqual([["SKU-1", null, 0n]]);
  });

  it("refuses bad input naming the field, and a duplicate SKU or barcode", async () => {
    const { actor } = await createOrganisationWithOwner();
    const refusal = (input: Parameters<typeof createItem>[1]) => appRefusal(withTenant(actor, (tx) => createItem(tx, input)));
    expect((await refusal({ sku: " ", name: "x" })).field).toBe("sku");
    expect((await refusal({ sku: "A", name: "" })).field).toBe("name");
    expect((await refusal({ sku: "A", name: "x", unitDecimals: 7 })).field).toBe("unitDecimals");
    expect((await refusal({ sku: "A", name: "x", reorderLevel: "1.5" })).field).toBe("reorderLevel");
    expect((await refusal({ sku: "A", name: "x", costMinor: -1n })).field).toBe("cost");
    expect((await refusal({ sku: "A", name: "x", kind: "service", lotTracked: true })).field).toBe("lotTracked");
    expect((await refusal({ sku: "A", name: "x", units: [{ unit: "box", factor: "0" }] })).field).toBe("units.0.factor");
    await withTenant(actor, (tx) => createItem(tx, { sku: "A", name: "x", barcode: "123" }));
    const sku = await refusal({ sku: "A", name: "y" });
    expect([sku.status, sku.field]).toEqual([409, "sku"]);
    const barcode = await refusal({ sku: "B", name: "y", barcode: "123" });
    expect([barcode.status, barcode.field]).toEqual([409, "barcode"]);
  });

  it("edits an item's units: exact factors in the base unit's decimals, each unit and barcode once, audited; refusals name the row", async () => {
    const { actor } = await createOrganisationWithOwner();
    const item = await withTenant(actor, (tx) => createItem(tx, { sku: "TEA", name: "Tea", barcode: "400", unit: "kg", unitDecimals: 3 }));
    const edit = (units: Parameters<typeof setItemUnits>[2]) => withTenant(actor, (tx) => setItemUnits(tx, item.id, units));
    const saved = await edit([
      { unit: "box", factor: "12", barcode: "401" },
      { unit: "sack", factor: "12.5" },
    ]);
    expect(saved.units.map((u) => [u.unit, u.factorMicro, u.barcode])).toEqual([
      ["box", 12_000_000n, "401"],
      ["sack", 12_500_000n, null],
    ]);
    expect((await withTenant(actor, (tx) => findItemByCode(tx, "401")))?.unit).toBe("box");
    const refused = async (units: Parameters<typeof setItemUnits>[2], status: 400 | 409 = 400) => {
      const error = await appRefusal(edit(units), status);
      return [error.field, error.reason];
    };
    // More decimals than the kilogram has (a box of 0.0005 kg), a zero, a float-like 1e3, no name, the base unit, twice.
    expect(await refused([{ unit: "box", factor: "0.0005" }])).toEqual(["units.0.factor", "too_many_decimals"]);
    expect(await refused([{ unit: "box", factor: "12" }, { unit: "bag", factor: "0" }])).toEqual(["units.1.factor", "non_positive_quantity"]);
    expect(await refused([{ unit: "box", factor: "1e3" }])).toEqual(["units.0.factor", "invalid_quantity"]);
    expect(await refused([{ unit: " ", factor: "1" }])).toEqual(["units.0.unit", "invalid_unit"]);
    expect(await refused([{ unit: "kg", factor: "1" }])).toEqual(["units.0.unit", "duplicate_unit"]);
    expect(await refused([{ unit: "box", factor: "1" }, { unit: "box", factor: "2" }])).toEqual(["units.1.unit", "duplicate_unit"]);
    expect(await refused([{ unit: "box", factor: "1", barcode: "9" }, { unit: "bag", factor: "2", barcode: "9" }])).toEqual(["units.1.barcode", "duplicate_barcode"]);
    expect(await refused([{ unit: "box", factor: "1", barcode: "400" }], 409)).toEqual(["units.0.barcode", "duplicate_barcode"]);
    // Nothing of a refused edit was written; removing every unit leaves the base unit alone.
    expect((await withTenant(actor, (tx) => getItem(tx, item.id))).units.map((u) => u.unit)).toEqual(["box", "sack"]);
    expect((await edit([])).units).toEqual([]);
    const audit = await withTenant(actor, (tx) => queryRows<{ action: string }>(tx, sql`select action from audit_events where entity_id = ${item.id} and action = 'inventory.item_units_updated'`));
    expect(audit).toHaveLength(2);
    const other = await createOrganisationWithOwner();
    expect((await appRefusal(withTenant(other.actor, (tx) => setItemUnits(tx, item.id, [])), 404)).reason).toBe("unknown_item");
  });

  it("pages by keyset in any order, with search and filters", async () => {
    const { actor } = await createOrganisationWithOwner();
    await withTenant(actor, async (tx) => {
      for (let i = 0; i < 7; i++) {
        await createItem(tx, { sku: `S-${i}`, name: `Item ${6 - i}`, category: i % 2 ? "odd" : "even", salePriceMinor: BigInt(i * 100) });
      }
    });
    const all = async (filter: Parameters<typeof listItems>[1]) => {
      const skus: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await withTenant(actor, (tx) => listItems(tx, { ...filter, after, limit: 3 }));
        skus.push(...page.rows.map((r) => r.sku));
        if (!page.next) return skus;
        after = page.next;
      }
    };
    expect(await all({})).toEqual(["S-0", "S-1", "S-2", "S-3", "S-4", "S-5", "S-6"]);
    expect(await all({ sort: "name" })).toEqual(["S-6", "S-5", "S-4", "S-3", "S-2", "S-1", "S-0"]);
    expect(await all({ sort: "sale_price", direction: "desc" })).toEqual(["S-6", "S-5", "S-4", "S-3", "S-2", "S-1", "S-0"]);
    expect(await all({ category: "odd" })).toEqual(["S-1", "S-3", "S-5"]);
    expect(await all({ search: "item 6" })).toEqual(["S-0"]);
    expect(await all({ sort: "category" })).toEqual(["S-0", "S-2", "S-4", "S-6", "S-1", "S-3", "S-5"]);
  });

  it("keeps another organisation's items and warehouses out of reach (404)", async () => {
    const a = await createOrganisationWithOwner();
    const b = await createOrganisationWithOwner();
    const item = await withTenant(a.actor, (tx) => createItem(tx, { sku: "X", name: "x" }));
    const warehouse = (await withTenant(a.actor, (tx) => defaultWarehouse(tx)))!;
    expect((await appRefusal(withTenant(b.actor, (tx) => getItem(tx, item.id)), 404)).reason).toBe("unknown_item");
    expect((await appRefusal(withTenant(b.actor, (tx) => updateItem(tx, item.id, { sku: "X", name: "y" })), 404)).reason).toBe("unknown_item");
    expect((await appRefusal(withTenant(b.actor, (tx) => getWarehouse(tx, warehouse.id)), 404)).reason).toBe("unknown_warehouse");
    expect((await appRefusal(withTenant(b.actor, (tx) => getItem(tx, "not-a-uuid")), 404)).reason).toBe("unknown_item");
    expect(await withTenant(b.actor, (tx) => findItemByCode(tx, "X"))).toBeNull();
  });
});

describe("warehouses", () => {
  it("gives every new organisation a main warehouse and the accounts stock posts to", async () => {
    const { actor } = await createOrganisationWithOwner();
    const warehouses = await withTenant(actor, (tx) => listWarehouses(tx));
    expect(warehouses.map((w) => [w.code, w.name, w.isDefault])).toEqual([[MAIN_WAREHOUSE.code, MAIN_WAREHOUSE.name, true]]);
    await withTenant(actor, async (tx) => {
      expect((await findAccountByRole(tx, "goods_received"))?.code).toBe("2150");
      expect((await findAccountByRole(tx, "stock_adjustment"))?.code).toBe("5200");
    });
  });

  it("creates and renames warehouses, refusing a duplicate or malformed code", async () => {
    const { actor } = await createOrganisationWithOwner();
    const second = await withTenant(actor, (tx) => createWarehouse(tx, { code: "WEST", name: "West depot" }));
    expect(second.isDefault).toBe(false);
    const duplicate = await appRefusal(withTenant(actor, (tx) => createWarehouse(tx, { code: "WEST", name: "Again" })), 409);
    expect(duplicate.field).toBe("code");
    expect((await appRefusal(withTenant(actor, (tx) => createWarehouse(tx, { code: "no spaces", name: "x" })), 400)).field).toBe("code");
    const renamed = await withTenant(actor, (tx) => updateWarehouse(tx, second.id, { code: "WEST", name: "West" }));
    expect(renamed.name).toBe("West");
    expect((await withTenant(actor, (tx) => listWarehouses(tx, { search: "wes" }))).map((w) => w.code)).toEqual(["WEST"]);
  });

  it("leaves no organisation without a warehouse", async () => {
    await createOrganisationWithOwner();
    const row = await queryRow<{ missing: number }>(db(), sql`select count(*)::int as missing from tenants t where not exists (select 1 from warehouses w where w.tenant_id = t.id)`);
    expect(Number(row?.missing)).toBe(0);
  });
});
