import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../identity/schema";
import { journalEntries } from "../ledger/schema";
import { tenants } from "../tenancy/schema";

/*
 * Quantities are bigint millionths of the item's base unit (`*_micro`), money bigint minor units (`*_minor`):
 * docs/decisions/0020-quantities-and-valuation.md. A unit allows 0 to 6 decimals (items.unit_decimals).
 */

export const ITEM_KINDS = ["stock", "service"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const VALUATION_METHODS = ["moving_average"] as const;
export type ValuationMethod = (typeof VALUATION_METHODS)[number];
export const MOVE_KINDS = ["receipt", "issue", "transfer_in", "transfer_out", "adjustment", "count"] as const;
export type MoveKind = (typeof MOVE_KINDS)[number];
export const RESERVATION_STATUSES = ["open", "released", "consumed"] as const;
export const COUNT_STATUSES = ["open", "posted", "cancelled"] as const;

const tenantColumn = () =>
  uuid("tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" });

const micro = (name: string) => bigint(name, { mode: "bigint" });
const minor = (name: string) => bigint(name, { mode: "bigint" });

const dayAmounts = (name: string) =>
  bigint(name, { mode: "bigint" })
    .array()
    .notNull()
    .default(sql`array_fill(0::bigint, array[31])`);

/** The organisation's inventory settings: one row per organisation, absent means the defaults. */
export const inventorySettings = pgTable(
  "inventory_settings",
  {
    tenantId: tenantColumn(),
    allowNegativeStock: boolean("allow_negative_stock").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId] })],
);

export const items = pgTable(
  "items",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    category: text("category"),
    /** The base unit every quantity is kept in ("pcs", "kg"). */
    unit: text("unit").notNull().default("pcs"),
    /** Decimals a quantity of the base unit may have (0 to 6). */
    unitDecimals: integer("unit_decimals").notNull().default(0),
    barcode: text("barcode"),
    salePriceMinor: minor("sale_price_minor").notNull().default(sql`0`),
    /** The standard (last known) cost per base unit; the valuation itself is the balance's value. */
    costMinor: minor("cost_minor").notNull().default(sql`0`),
    /** Tax rate in hundredths of a percent (2000 = 20%). */
    taxRateBp: integer("tax_rate_bp").notNull().default(0),
    reorderLevelMicro: micro("reorder_level_micro"),
    reorderQtyMicro: micro("reorder_qty_micro"),
    kind: text("kind", { enum: ITEM_KINDS }).notNull().default("stock"),
    lotTracked: boolean("lot_tracked").notNull().default(false),
    valuation: text("valuation", { enum: VALUATION_METHODS }).notNull().default("moving_average"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("items_tenant_sku_unique").on(t.tenantId, t.sku),
    uniqueIndex("items_tenant_barcode_unique").on(t.tenantId, t.barcode).where(sql`${t.barcode} is not null`),
    index("items_tenant_name_idx").on(t.tenantId, t.name, t.sku),
    index("items_tenant_category_idx").on(t.tenantId, t.category, t.sku),
    check("items_sku_format", sql`length(${t.sku}) between 1 and 64`),
    check("items_unit_decimals", sql`${t.unitDecimals} between 0 and 6`),
    check("items_amounts", sql`${t.salePriceMinor} >= 0 and ${t.costMinor} >= 0 and ${t.taxRateBp} between 0 and 10000`),
    check("items_reorder", sql`coalesce(${t.reorderLevelMicro}, 0) >= 0 and coalesce(${t.reorderQtyMicro}, 0) >= 0`),
    check("items_service_untracked", sql`${t.kind} = 'stock' or not ${t.lotTracked}`),
  ],
);

/** Other units an item is counted in: `factor_micro` base units (in millionths) per one of this unit (a box of 12: 12000000). */
export const itemUnits = pgTable(
  "item_units",
  {
    tenantId: tenantColumn(),
    itemId: uuid("item_id").notNull(),
    unit: text("unit").notNull(),
    factorMicro: micro("factor_micro").notNull(),
    barcode: text("barcode"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.itemId, t.unit] }),
    foreignKey({ name: "item_units_item_fk", columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }).onDelete("cascade"),
    check("item_units_factor", sql`${t.factorMicro} > 0`),
  ],
);

export const warehouses = pgTable(
  "warehouses",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    code: text("code").notNull(),
    name: text("name").notNull(),
    address: text("address").notNull().default(""),
    isDefault: boolean("is_default").notNull().default(false),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("warehouses_tenant_code_unique").on(t.tenantId, t.code),
    uniqueIndex("warehouses_one_default").on(t.tenantId).where(sql`${t.isDefault}`),
    check("warehouses_code_format", sql`${t.code} ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$'`),
  ],
);

/** Optional places within a warehouse (aisle, shelf); balances are kept per warehouse. */
export const warehouseBins = pgTable(
  "warehouse_bins",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    warehouseId: uuid("warehouse_id").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull().default(""),
    isActive: boolean("is_active").notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("warehouse_bins_code_unique").on(t.tenantId, t.warehouseId, t.code),
    foreignKey({ name: "warehouse_bins_warehouse_fk", columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
  ],
);

export const lots = pgTable(
  "lots",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    itemId: uuid("item_id").notNull(),
    lotNumber: text("lot_number").notNull(),
    expiryDate: date("expiry_date"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("lots_item_number_unique").on(t.tenantId, t.itemId, t.lotNumber),
    foreignKey({ name: "lots_item_fk", columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    index("lots_expiry_idx").on(t.tenantId, t.expiryDate),
  ],
);

/** The stock ledger: append-only (a trigger refuses update and delete); a mistake is corrected by a reversing move. */
export const stockMoves = pgTable(
  "stock_moves",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    itemId: uuid("item_id").notNull(),
    warehouseId: uuid("warehouse_id").notNull(),
    lotId: uuid("lot_id"),
    kind: text("kind", { enum: MOVE_KINDS }).notNull(),
    qtyMicro: micro("qty_micro").notNull(),
    unitCostMinor: minor("unit_cost_minor").notNull(),
    valueMinor: minor("value_minor").notNull(),
    qtyAfterMicro: micro("qty_after_micro").notNull(),
    valueAfterMinor: minor("value_after_minor").notNull(),
    sourceType: text("source_type").notNull(),
    sourceId: text("source_id"),
    sourceLine: integer("source_line"),
    reason: text("reason"),
    /** Both sides of a transfer share it. */
    transferId: uuid("transfer_id"),
    reversesMoveId: uuid("reverses_move_id"),
    journalEntryId: uuid("journal_entry_id"),
    moveDate: date("move_date").notNull(),
    postedAt: timestamp("posted_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    userId: uuid("user_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "stock_moves_item_fk", columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    foreignKey({ name: "stock_moves_warehouse_fk", columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    foreignKey({ name: "stock_moves_lot_fk", columns: [t.tenantId, t.lotId], foreignColumns: [lots.tenantId, lots.id] }),
    foreignKey({ name: "stock_moves_reverses_fk", columns: [t.tenantId, t.reversesMoveId], foreignColumns: [t.tenantId, t.id] }),
    foreignKey({ name: "stock_moves_journal_entry_fk", columns: [t.tenantId, t.journalEntryId], foreignColumns: [journalEntries.tenantId, journalEntries.id] }),
    index("stock_moves_history_idx").on(t.tenantId, t.itemId, t.postedAt, t.id),
    index("stock_moves_item_date_idx").on(t.tenantId, t.itemId, t.warehouseId, t.moveDate),
    index("stock_moves_warehouse_date_idx").on(t.tenantId, t.warehouseId, t.moveDate),
    index("stock_moves_ledger_idx").on(t.tenantId, t.postedAt, t.id),
    index("stock_moves_source_idx").on(t.tenantId, t.sourceType, t.sourceId),
    check("stock_moves_qty", sql`${t.qtyMicro} <> 0`),
    check("stock_moves_sign", sql`(${t.kind} in ('receipt', 'transfer_in') and ${t.qtyMicro} > 0) or (${t.kind} in ('issue', 'transfer_out') and ${t.qtyMicro} < 0) or ${t.kind} in ('adjustment', 'count')`),
  ],
);

/** On hand, reserved and value per item and warehouse: the row a stock operation locks (SELECT ... FOR UPDATE). */
export const stockBalances = pgTable(
  "stock_balances",
  {
    tenantId: tenantColumn(),
    itemId: uuid("item_id").notNull(),
    warehouseId: uuid("warehouse_id").notNull(),
    onHandMicro: micro("on_hand_micro").notNull().default(sql`0`),
    reservedMicro: micro("reserved_micro").notNull().default(sql`0`),
    valueMinor: minor("value_minor").notNull().default(sql`0`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.itemId, t.warehouseId] }),
    foreignKey({ name: "stock_balances_item_fk", columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    foreignKey({ name: "stock_balances_warehouse_fk", columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    index("stock_balances_warehouse_idx").on(t.tenantId, t.warehouseId, t.itemId),
    check("stock_balances_reserved", sql`${t.reservedMicro} >= 0`),
  ],
);

/** On hand per item, warehouse and lot (value is the item and warehouse's, at its average cost). */
export const stockLotBalances = pgTable(
  "stock_lot_balances",
  {
    tenantId: tenantColumn(),
    itemId: uuid("item_id").notNull(),
    warehouseId: uuid("warehouse_id").notNull(),
    lotId: uuid("lot_id").notNull(),
    onHandMicro: micro("on_hand_micro").notNull().default(sql`0`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.itemId, t.warehouseId, t.lotId] }),
    foreignKey({ name: "stock_lot_balances_balance_fk", columns: [t.tenantId, t.itemId, t.warehouseId], foreignColumns: [stockBalances.tenantId, stockBalances.itemId, stockBalances.warehouseId] }),
    foreignKey({ name: "stock_lot_balances_lot_fk", columns: [t.tenantId, t.lotId], foreignColumns: [lots.tenantId, lots.id] }),
  ],
);

/** Movements per item, warehouse and month, kept in the move's transaction: stock as at a date reads these. */
export const stockMonthBalances = pgTable(
  "stock_month_balances",
  {
    tenantId: tenantColumn(),
    itemId: uuid("item_id").notNull(),
    warehouseId: uuid("warehouse_id").notNull(),
    month: date("month").notNull(),
    qtyInMicro: micro("qty_in_micro").notNull().default(sql`0`),
    qtyOutMicro: micro("qty_out_micro").notNull().default(sql`0`),
    valueInMinor: minor("value_in_minor").notNull().default(sql`0`),
    valueOutMinor: minor("value_out_minor").notNull().default(sql`0`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.itemId, t.warehouseId, t.month] }),
    foreignKey({ name: "stock_month_balances_balance_fk", columns: [t.tenantId, t.itemId, t.warehouseId], foreignColumns: [stockBalances.tenantId, stockBalances.itemId, stockBalances.warehouseId] }),
    check("stock_month_balances_month", sql`extract(day from ${t.month}) = 1`),
  ],
);

/** Net movements per warehouse and month, and per day within it: warehouse totals as at a date read these. */
export const stockWarehouseMonths = pgTable(
  "stock_warehouse_months",
  {
    tenantId: tenantColumn(),
    warehouseId: uuid("warehouse_id").notNull(),
    month: date("month").notNull(),
    qtyMicro: micro("qty_micro").notNull().default(sql`0`),
    valueMinor: minor("value_minor").notNull().default(sql`0`),
    dayQty: dayAmounts("day_qty"),
    dayValue: dayAmounts("day_value"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.warehouseId, t.month] }),
    foreignKey({ name: "stock_warehouse_months_warehouse_fk", columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    check("stock_warehouse_months_days", sql`array_length(${t.dayQty}, 1) = 31 and array_length(${t.dayValue}, 1) = 31`),
  ],
);

/** Quantities a document holds back from sale; the balance's reserved is the sum of the open ones. */
export const stockReservations = pgTable(
  "stock_reservations",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    itemId: uuid("item_id").notNull(),
    warehouseId: uuid("warehouse_id").notNull(),
    qtyMicro: micro("qty_micro").notNull(),
    sourceType: text("source_type").notNull(),
    sourceId: text("source_id"),
    sourceLine: integer("source_line"),
    status: text("status", { enum: RESERVATION_STATUSES }).notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdByUserId: uuid("created_by_user_id"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "stock_reservations_balance_fk", columns: [t.tenantId, t.itemId, t.warehouseId], foreignColumns: [stockBalances.tenantId, stockBalances.itemId, stockBalances.warehouseId] }),
    index("stock_reservations_source_idx").on(t.tenantId, t.sourceType, t.sourceId),
    index("stock_reservations_open_idx").on(t.tenantId, t.itemId, t.warehouseId).where(sql`${t.status} = 'open'`),
    check("stock_reservations_qty", sql`${t.qtyMicro} > 0`),
  ],
);

export const stockCounts = pgTable(
  "stock_counts",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    warehouseId: uuid("warehouse_id").notNull(),
    countDate: date("count_date").notNull(),
    note: text("note").notNull().default(""),
    status: text("status", { enum: COUNT_STATUSES }).notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdByUserId: uuid("created_by_user_id"),
    postedAt: timestamp("posted_at", { withTimezone: true }),
    postedByUserId: uuid("posted_by_user_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "stock_counts_warehouse_fk", columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    index("stock_counts_warehouse_idx").on(t.tenantId, t.warehouseId, t.createdAt),
  ],
);

export const stockCountLines = pgTable(
  "stock_count_lines",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    countId: uuid("count_id").notNull(),
    itemId: uuid("item_id").notNull(),
    lotId: uuid("lot_id"),
    countedMicro: micro("counted_micro").notNull(),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
    /** What the books held and what was posted, filled when the count is posted. */
    expectedMicro: micro("expected_micro"),
    moveId: uuid("move_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("stock_count_lines_item_lot_unique").on(t.tenantId, t.countId, t.itemId, sql`coalesce(${t.lotId}, '00000000-0000-0000-0000-000000000000'::uuid)`),
    foreignKey({ name: "stock_count_lines_count_fk", columns: [t.tenantId, t.countId], foreignColumns: [stockCounts.tenantId, stockCounts.id] }).onDelete("cascade"),
    foreignKey({ name: "stock_count_lines_item_fk", columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    foreignKey({ name: "stock_count_lines_lot_fk", columns: [t.tenantId, t.lotId], foreignColumns: [lots.tenantId, lots.id] }),
    foreignKey({ name: "stock_count_lines_move_fk", columns: [t.tenantId, t.moveId], foreignColumns: [stockMoves.tenantId, stockMoves.id] }),
    check("stock_count_lines_counted", sql`${t.countedMicro} >= 0`),
  ],
);

/*
 * Imports of items and opening stock (docs/decisions/0021-spreadsheet-imports-and-xlsx-exports.md): one row per
 * uploaded file with its state and progress, which the import page polls, and the file's rows until it is done.
 */

export const IMPORT_STATUSES = ["checking", "invalid", "ready", "importing", "imported", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const inventoryImports = pgTable(
  "inventory_imports",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    kind: text("kind", { enum: ["items", "opening-stock"] }).notNull(),
    status: text("status", { enum: IMPORT_STATUSES }).notNull(),
    filename: text("filename").notNull(),
    format: text("format", { enum: ["csv", "xlsx"] }).notNull(),
    rowCount: integer("row_count").notNull().default(0),
    /** Rows done in the current step (checking, then importing), for the progress bar. */
    processed: integer("processed").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    /** The first problems found: [{ line, column, message }]. */
    errors: jsonb("errors").notNull().default(sql`'[]'::jsonb`),
    /** The first rows as they will be imported, for the preview. */
    preview: jsonb("preview").notNull().default(sql`'[]'::jsonb`),
    importedCount: integer("imported_count").notNull().default(0),
    failure: text("failure"),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("inventory_imports_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("inventory_imports_unfinished_idx").on(t.tenantId, t.updatedAt).where(sql`${t.status} in ('checking', 'importing')`),
    check("inventory_imports_kind", sql`${t.kind} in ('items', 'opening-stock')`),
    check("inventory_imports_status", sql`${t.status} in ('checking', 'invalid', 'ready', 'importing', 'imported', 'failed')`),
    check("inventory_imports_format", sql`${t.format} in ('csv', 'xlsx')`),
    check("inventory_imports_progress", sql`${t.processed} between 0 and ${t.rowCount}`),
  ],
);

/** The uploaded file's table, kept until the import is done: the header and the rows with their lines. */
export const inventoryImportFiles = pgTable(
  "inventory_import_files",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    importId: uuid("import_id").notNull(),
    headers: jsonb("headers").$type<string[]>().notNull(),
    rows: jsonb("rows").$type<Array<{ line: number; cells: string[] }>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.importId] }),
    foreignKey({ name: "inventory_import_files_import_fk", columns: [t.tenantId, t.importId], foreignColumns: [inventoryImports.tenantId, inventoryImports.id] }).onDelete("cascade"),
  ],
);
