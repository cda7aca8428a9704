import { cursorRows, type ExportColumn, type ExportTable, type InTransaction } from "~/utils/export";
import { toDecimalString } from "~/utils/money";
import { listItems, type ItemFilter, type ItemListRow } from "./items.server";
import { formatQuantity } from "./quantities";
import { listBalances, listMoves, stockAsOf, type AsOfRow, type BalanceFilter, type BalanceRow, type MoveFilter, type MoveRow } from "./stock-reports.server";

/*
 * The inventory downloads (docs/decisions/0010-streamed-exports.md, 0021): items, stock balances and the move
 * ledger as export tables read a page at a time while the file is written, as CSV or .xlsx by the route. Quantities
 * are exact decimals with the unit's decimals, money in the organisation's currency; for a reader who may not see
 * cost (salesmen) the cost and value columns are left out, not just emptied.
 */

export interface ExportOptions {
  currency: string;
  withCost: boolean;
}

const money = (minor: bigint | null, currency: string) => (minor === null ? null : toDecimalString(minor, currency));
const quantity = (micro: bigint, decimals: number) => formatQuantity(micro, decimals);
const yesNo = (value: boolean) => (value ? "yes" : "no");
/** Hundredths of a percent as the percent: 2000 → "20.00", 750 → "7.50". */
const percent = (basisPoints: number) => `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, "0")}`;

/** The items the filter matches, in the list's order, with the columns an items import reads (and stock on hand). */
export function itemsExport(inTransaction: InTransaction, filter: Omit<ItemFilter, "after" | "limit">, options: ExportOptions): ExportTable<ItemListRow> {
  const columns: Array<ExportColumn<ItemListRow> | null> = [
    { header: "sku", value: (row) => row.sku },
    { header: "name", value: (row) => row.name },
    { header: "description", value: (row) => row.description },
    { header: "category", value: (row) => row.category },
    { header: "unit", value: (row) => row.unit },
    { header: "unit_decimals", numeric: true, value: (row) => row.unitDecimals },
    { header: "barcode", value: (row) => row.barcode },
    { header: "sale_price", numeric: true, value: (row) => money(row.salePriceMinor, options.currency) },
    options.withCost ? { header: "cost", numeric: true, value: (row) => money(row.costMinor, options.currency) } : null,
    { header: "tax_rate", numeric: true, value: (row) => percent(row.taxRateBp) },
    { header: "reorder_level", numeric: true, value: (row) => (row.reorderLevelMicro === null ? null : quantity(row.reorderLevelMicro, row.unitDecimals)) },
    { header: "reorder_quantity", numeric: true, value: (row) => (row.reorderQtyMicro === null ? null : quantity(row.reorderQtyMicro, row.unitDecimals)) },
    { header: "kind", value: (row) => row.kind },
    { header: "lot_tracked", value: (row) => yesNo(row.lotTracked) },
    { header: "active", value: (row) => yesNo(row.isActive) },
    { header: "on_hand", numeric: true, value: (row) => quantity(row.onHandMicro, row.unitDecimals) },
    { header: "available", numeric: true, value: (row) => quantity(row.availableMicro, row.unitDecimals) },
  ];
  return {
    columns: columns.filter((column): column is ExportColumn<ItemListRow> => column !== null),
    rows: cursorRows(inTransaction, (tx, after, limit) => listItems(tx, { ...filter, after, limit: Math.min(limit, 500) }, { withCost: options.withCost })),
  };
}

/** Stock balances per item and warehouse, by SKU then warehouse code, with their value at average cost. */
export function balancesExport(inTransaction: InTransaction, filter: Omit<BalanceFilter, "after" | "limit">, options: ExportOptions): ExportTable<BalanceRow> {
  const columns: Array<ExportColumn<BalanceRow> | null> = [
    { header: "sku", value: (row) => row.sku },
    { header: "name", value: (row) => row.name },
    { header: "warehouse", value: (row) => row.warehouseCode },
    { header: "warehouse_name", value: (row) => row.warehouseName },
    { header: "unit", value: (row) => row.unit },
    { header: "on_hand", numeric: true, value: (row) => quantity(row.onHandMicro, row.unitDecimals) },
    { header: "reserved", numeric: true, value: (row) => quantity(row.reservedMicro, row.unitDecimals) },
    { header: "available", numeric: true, value: (row) => quantity(row.availableMicro, row.unitDecimals) },
    options.withCost ? { header: `value_${options.currency.toLowerCase()}`, numeric: true, value: (row) => money(row.valueMinor, options.currency) } : null,
  ];
  return {
    columns: columns.filter((column): column is ExportColumn<BalanceRow> => column !== null),
    rows: cursorRows(inTransaction, (tx, after, limit) => listBalances(tx, { ...filter, after, limit: Math.min(limit, 500) }, { withCost: options.withCost })),
  };
}

/** The move ledger, newest first, as the list shows it: every move with its quantity and value after. */
export function movesExport(inTransaction: InTransaction, filter: Omit<MoveFilter, "after" | "limit">, options: ExportOptions): ExportTable<MoveRow> {
  const columns: Array<ExportColumn<MoveRow> | null> = [
    { header: "date", value: (row) => row.moveDate },
    { header: "posted_at", value: (row) => row.postedAt.toISOString() },
    { header: "sku", value: (row) => row.sku },
    { header: "name", value: (row) => row.name },
    { header: "warehouse", value: (row) => row.warehouseCode },
    { header: "lot", value: (row) => row.lotNumber },
    { header: "kind", value: (row) => row.kind },
    { header: "quantity", numeric: true, value: (row) => quantity(row.qtyMicro, row.unitDecimals) },
    { header: "unit", value: (row) => row.unit },
    options.withCost ? { header: "unit_cost", numeric: true, value: (row) => money(row.unitCostMinor, options.currency) } : null,
    options.withCost ? { header: "value", numeric: true, value: (row) => money(row.valueMinor, options.currency) } : null,
    { header: "quantity_after", numeric: true, value: (row) => quantity(row.qtyAfterMicro, row.unitDecimals) },
    options.withCost ? { header: "value_after", numeric: true, value: (row) => money(row.valueAfterMinor, options.currency) } : null,
    { header: "source", value: (row) => row.sourceType },
    { header: "source_id", value: (row) => row.sourceId },
    { header: "source_line", numeric: true, value: (row) => row.sourceLine },
    { header: "reason", value: (row) => row.reason },
  ];
  return {
    columns: columns.filter((column): column is ExportColumn<MoveRow> => column !== null),
    rows: cursorRows(inTransaction, (tx, after, limit) => listMoves(tx, { ...filter, after, limit: Math.min(limit, 500) }, { withCost: options.withCost })),
  };
}

/** Stock and value per item and warehouse at the end of a date, by SKU then warehouse code, as the page lists it. */
export function asOfExport(inTransaction: InTransaction, filter: { date: string; warehouseId?: string; search?: string }, options: ExportOptions): ExportTable<AsOfRow> {
  const columns: Array<ExportColumn<AsOfRow> | null> = [
    { header: "date", value: () => filter.date },
    { header: "sku", value: (row) => row.sku },
    { header: "name", value: (row) => row.name },
    { header: "warehouse", value: (row) => row.warehouseCode },
    { header: "unit", value: (row) => row.unit },
    { header: "on_hand", numeric: true, value: (row) => quantity(row.onHandMicro, row.unitDecimals) },
    options.withCost ? { header: `value_${options.currency.toLowerCase()}`, numeric: true, value: (row) => money(row.valueMinor, options.currency) } : null,
  ];
  return {
    columns: columns.filter((column): column is ExportColumn<AsOfRow> => column !== null),
    rows: cursorRows(inTransaction, (tx, after, limit) => stockAsOf(tx, { ...filter, after, limit: Math.min(limit, 500) }, { withCost: options.withCost })),
  };
}
