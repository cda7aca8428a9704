import { inArray } from "drizzle-orm";
import { isAppError } from "~/modules/platform/errors";
import type { ItemImportRow, OpeningStockImportRow } from "./import-rows";
import { ImportRowRefused, type ImportWriter, type WriteContext } from "./imports.server";
import { checkItemInput, createItem, findItemsBySkus, type ItemInput } from "./items.server";
import { formatQuantity } from "./quantities";
import { items } from "./schema";
import { receiveStock } from "./stock.server";
import { listWarehouses } from "./warehouses.server";

/*
 * What each kind of import checks against the organisation and how it writes: items through createItem, opening
 * stock through the stock ledger's receive operation (valued and posted like any receipt).
 */

/** How many keys one look-up query takes. */
const LOOKUP_CHUNK = 1000;

function chunks<T>(values: T[], size = LOOKUP_CHUNK): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

/** The row as createItem takes it. */
export function itemInputOf(row: ItemImportRow): ItemInput {
  return {
    sku: row.sku,
    name: row.name,
    description: row.description,
    category: row.category || null,
    unit: row.unit || undefined,
    unitDecimals: row.unitDecimals,
    barcode: row.barcode || null,
    salePriceMinor: row.salePrice,
    costMinor: row.cost,
    taxRateBp: row.taxRate,
    reorderLevel: row.reorderLevel === null ? null : formatQuantity(row.reorderLevel),
    reorderQty: row.reorderQuantity === null ? null : formatQuantity(row.reorderQuantity),
    kind: row.kind,
    lotTracked: row.lotTracked,
    isActive: row.active,
  };
}

/** Column keys of the import for the fields createItem names in its refusals. */
const ITEM_FIELD_COLUMNS: Record<string, string> = {
  sku: "sku",
  name: "name",
  unit: "unit",
  unitDecimals: "unitDecimals",
  kind: "kind",
  lotTracked: "lotTracked",
  salePrice: "salePrice",
  cost: "cost",
  taxRate: "taxRate",
  reorderLevel: "reorderLevel",
  reorderQty: "reorderQuantity",
  barcode: "barcode",
};

export const itemWriter: ImportWriter<ItemImportRow> = {
  async checkAgainstOrganisation(tx, rows, errors, headerOf) {
    // What createItem itself would refuse, so that the import cannot fail half-way on a rule checked only there.
    for (const row of rows) {
      try {
        checkItemInput(itemInputOf(row));
      } catch (error) {
        if (!isAppError(error)) throw error;
        const key = error.field ? ITEM_FIELD_COLUMNS[error.field] : undefined;
        errors.add({ line: row.line, column: key ? headerOf(key) : null, message: error.message });
      }
    }
    for (const part of chunks(rows)) {
      const existing = await findItemsBySkus(
        tx,
        part.map((row) => row.sku),
      );
      for (const row of part) {
        if (existing.has(row.sku)) errors.add({ line: row.line, column: headerOf("sku"), message: `An item with the SKU ${row.sku} exists already in this organisation.` });
      }
    }
    const withBarcode = rows.filter((row) => row.barcode !== "");
    for (const part of chunks(withBarcode)) {
      const taken = await tx
        .select({ barcode: items.barcode, sku: items.sku })
        .from(items)
        .where(
          inArray(
            items.barcode,
            part.map((row) => row.barcode),
          ),
        );
      const owner = new Map(taken.map((item) => [item.barcode, item.sku]));
      for (const row of part) {
        const sku = owner.get(row.barcode);
        if (sku !== undefined) errors.add({ line: row.line, column: headerOf("barcode"), message: `The barcode ${row.barcode} belongs to the item ${sku} already.` });
      }
    }
  },

  preview(row) {
    return {
      sku: row.sku,
      name: row.name,
      category: row.category,
      unit: row.unit || "pcs",
      kind: row.kind,
      barcode: row.barcode,
    };
  },

  async write(tx, rows, context) {
    let written = 0;
    for (const row of rows) {
      await refusedAsRow(row.line, context, ITEM_FIELD_COLUMNS, () => createItem(tx, itemInputOf(row)));
      if (++written % context.step === 0) await context.progress(written);
    }
    return written;
  },
};

/** Column keys of the import for the fields receiveStock names in its refusals. */
const RECEIPT_FIELD_COLUMNS: Record<string, string> = {
  itemId: "sku",
  warehouseId: "warehouse",
  quantity: "quantity",
  unitCostMinor: "unitCost",
  lotNumber: "lot",
  expiryDate: "expiry",
};

/** Runs one row's operation; its refusal (an AppError) becomes that row's problem, which rolls the import back. */
async function refusedAsRow<T>(line: number, context: WriteContext, fields: Record<string, string>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isAppError(error)) throw error;
    const key = error.field ? fields[error.field] : undefined;
    throw new ImportRowRefused({ line, column: key ? context.headerOf(key) : null, message: error.message });
  }
}

export const openingStockWriter: ImportWriter<OpeningStockImportRow> = {
  async checkAgainstOrganisation(tx, rows, errors, headerOf) {
    const warehouses = new Map((await listWarehouses(tx, { status: "all" })).map((warehouse) => [warehouse.code, warehouse]));
    const found = new Map<string, Awaited<ReturnType<typeof findItemsBySkus>> extends Map<string, infer V> ? V : never>();
    for (const part of chunks([...new Set(rows.map((row) => row.sku))])) {
      for (const [sku, item] of await findItemsBySkus(tx, part)) found.set(sku, item);
    }
    for (const row of rows) {
      const item = found.get(row.sku);
      if (!item) errors.add({ line: row.line, column: headerOf("sku"), message: `There is no item with the SKU ${row.sku}: import the items first.` });
      else if (!item.isActive) errors.add({ line: row.line, column: headerOf("sku"), message: `${row.sku} is inactive.` });
      else if (item.kind !== "stock") errors.add({ line: row.line, column: headerOf("sku"), message: `${row.sku} is a service: it has no stock.` });
      else {
        if (row.quantity.decimals > item.unitDecimals) {
          errors.add({
            line: row.line,
            column: headerOf("quantity"),
            message: item.unitDecimals === 0 ? `${row.sku} is counted in whole ${item.unit}.` : `${row.sku} allows at most ${item.unitDecimals} decimals (in ${item.unit}).`,
          });
        }
        if (item.lotTracked && row.lot === "") errors.add({ line: row.line, column: headerOf("lot"), message: `${row.sku} is tracked by lot: give the lot number.` });
        if (!item.lotTracked && (row.lot !== "" || row.expiry !== null)) {
          errors.add({ line: row.line, column: headerOf(row.lot !== "" ? "lot" : "expiry"), message: `${row.sku} is not tracked by lot: leave the lot and expiry empty.` });
        }
      }
      const warehouse = warehouses.get(row.warehouse);
      if (!warehouse) errors.add({ line: row.line, column: headerOf("warehouse"), message: `There is no warehouse with the code ${row.warehouse}.` });
      else if (!warehouse.isActive) errors.add({ line: row.line, column: headerOf("warehouse"), message: `The warehouse ${row.warehouse} is inactive.` });
    }
  },

  preview(row) {
    return { sku: row.sku, warehouse: row.warehouse, quantity: formatQuantity(row.quantity.micro), lot: row.lot, expiry: row.expiry ?? "" };
  },

  async write(tx, rows, context) {
    const warehouses = new Map((await listWarehouses(tx, { status: "all" })).map((warehouse) => [warehouse.code, warehouse.id]));
    const itemIds = new Map<string, string>();
    for (const part of chunks([...new Set(rows.map((row) => row.sku))])) {
      for (const [sku, item] of await findItemsBySkus(tx, part)) itemIds.set(sku, item.id);
    }
    let written = 0;
    for (const row of rows) {
      const itemId = itemIds.get(row.sku);
      const warehouseId = warehouses.get(row.warehouse);
      if (!itemId || !warehouseId) throw new ImportRowRefused({ line: row.line, column: context.headerOf(itemId ? "warehouse" : "sku"), message: "Not found any more." });
      await refusedAsRow(row.line, context, RECEIPT_FIELD_COLUMNS, () =>
        receiveStock(tx, {
          itemId,
          warehouseId,
          quantity: formatQuantity(row.quantity.micro),
          unitCostMinor: row.unitCost,
          lotNumber: row.lot || null,
          expiryDate: row.expiry,
          source: { type: "import", id: context.importId, line: row.line },
          memo: "Opening stock",
        }),
      );
      if (++written % context.step === 0) await context.progress(written);
    }
    return written;
  },
};
