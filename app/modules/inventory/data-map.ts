import { defineDataMap, erase, NOT_PERSONAL, personal } from "~/modules/platform/data-map";

const STOCK_RECORDS = "stock records back the books' inventory value and must be kept for the statutory period (commercial and tax law)";
const KEEP_BY_MOVE_DATE = erase.keep(STOCK_RECORDS, { kind: "statutory", from: "move_date" });
const KEEP_BY_COUNT_DATE = erase.keep(STOCK_RECORDS, { kind: "statutory", from: "count_date" });

const plain = (...names: string[]) => Object.fromEntries(names.map((name) => [name, NOT_PERSONAL]));

/**
 * The personal data of inventory: only who did what (the member who moved, counted, reserved or imported stock).
 * Goods, warehouses and quantities are nobody's personal data. Moves and counts back the books and are kept for the
 * statutory period; an import's file is working data, gone with the import.
 */
export const INVENTORY_DATA_MAP = defineDataMap("inventory", "tenant", [
  {
    table: "inventory_settings",
    purpose: "the organisation's inventory rules",
    legalBasis: "none",
    retention: "while the organisation exists",
    key: ["tenant_id"],
    columns: plain("tenant_id", "allow_negative_stock", "updated_at"),
  },
  {
    table: "items",
    purpose: "the goods and services the organisation sells and buys",
    legalBasis: "none",
    retention: "while the organisation exists",
    key: ["tenant_id", "id"],
    columns: plain(
      "tenant_id", "id", "sku", "name", "description", "category", "unit", "unit_decimals", "barcode", "sale_price_minor", "cost_minor", "tax_rate_bp",
      "reorder_level_micro", "reorder_qty_micro", "kind", "lot_tracked", "valuation", "is_active", "created_at", "updated_at",
    ),
  },
  {
    table: "item_units",
    purpose: "the units an item is counted in",
    legalBasis: "none",
    retention: "while the item exists",
    key: ["tenant_id", "item_id", "unit"],
    columns: plain("tenant_id", "item_id", "unit", "factor_micro", "barcode"),
  },
  {
    table: "warehouses",
    purpose: "where stock is kept",
    legalBasis: "none",
    retention: "while the organisation exists",
    key: ["tenant_id", "id"],
    columns: plain("tenant_id", "id", "code", "name", "address", "is_default", "is_active", "created_at", "updated_at"),
  },
  {
    table: "warehouse_bins",
    purpose: "places within a warehouse",
    legalBasis: "none",
    retention: "while the warehouse exists",
    key: ["tenant_id", "id"],
    columns: plain("tenant_id", "id", "warehouse_id", "code", "name", "is_active"),
  },
  {
    table: "lots",
    purpose: "batches of an item, with their expiry",
    legalBasis: "legal obligation",
    retention: "while the organisation exists",
    key: ["tenant_id", "id"],
    columns: plain("tenant_id", "id", "item_id", "lot_number", "expiry_date", "created_at"),
  },
  {
    table: "stock_moves",
    purpose: "the stock ledger: every change of stock, valued",
    legalBasis: "legal obligation",
    retention: "the organisation's statutory period (default 10 years)",
    recipients: "tax authorities and auditors, when they ask",
    key: ["tenant_id", "id"],
    immutable: true,
    columns: {
      ...plain(
        "tenant_id", "id", "item_id", "warehouse_id", "lot_id", "kind", "qty_micro", "unit_cost_minor", "value_minor", "qty_after_micro", "value_after_minor",
        "source_type", "source_id", "source_line", "reason", "transfer_id", "reverses_move_id", "journal_entry_id", "move_date", "posted_at",
      ),
      user_id: personal("identity", "user", KEEP_BY_MOVE_DATE),
    },
  },
  {
    table: "stock_balances",
    purpose: "stock on hand, reserved and its value per item and warehouse",
    legalBasis: "legal obligation",
    retention: "while the organisation exists",
    key: ["tenant_id", "item_id", "warehouse_id"],
    columns: plain("tenant_id", "item_id", "warehouse_id", "on_hand_micro", "reserved_micro", "value_minor", "updated_at"),
  },
  {
    table: "stock_lot_balances",
    purpose: "stock on hand per lot",
    legalBasis: "legal obligation",
    retention: "while the organisation exists",
    key: ["tenant_id", "item_id", "warehouse_id", "lot_id"],
    columns: plain("tenant_id", "item_id", "warehouse_id", "lot_id", "on_hand_micro"),
  },
  {
    table: "stock_month_balances",
    purpose: "stock and its value at any date, per item, warehouse and month",
    legalBasis: "legal obligation",
    retention: "the organisation's statutory period",
    key: ["tenant_id", "item_id", "warehouse_id", "month"],
    columns: plain("tenant_id", "item_id", "warehouse_id", "month", "qty_in_micro", "qty_out_micro", "value_in_minor", "value_out_minor"),
  },
  {
    table: "stock_warehouse_months",
    purpose: "a warehouse's stock value at any date",
    legalBasis: "legal obligation",
    retention: "the organisation's statutory period",
    key: ["tenant_id", "warehouse_id", "month"],
    columns: plain("tenant_id", "warehouse_id", "month", "qty_micro", "value_minor", "day_qty", "day_value"),
  },
  {
    table: "stock_reservations",
    purpose: "stock set aside for documents",
    legalBasis: "contract",
    retention: "until released, then while the document exists",
    key: ["tenant_id", "id"],
    columns: {
      ...plain("tenant_id", "id", "item_id", "warehouse_id", "qty_micro", "source_type", "source_id", "source_line", "status", "created_at", "closed_at"),
      created_by_user_id: personal("identity", "user", erase.anonymise("null")),
    },
  },
  {
    table: "stock_counts",
    purpose: "stock counts of a warehouse",
    legalBasis: "legal obligation",
    retention: "the organisation's statutory period",
    key: ["tenant_id", "id"],
    columns: {
      ...plain("tenant_id", "id", "warehouse_id", "count_date", "note", "status", "created_at", "posted_at"),
      created_by_user_id: personal("identity", "user", KEEP_BY_COUNT_DATE),
      posted_by_user_id: personal("identity", "user", KEEP_BY_COUNT_DATE),
    },
  },
  {
    table: "stock_count_lines",
    purpose: "counted quantities of a stock count",
    legalBasis: "legal obligation",
    retention: "the organisation's statutory period",
    key: ["tenant_id", "id"],
    columns: plain("tenant_id", "id", "count_id", "item_id", "lot_id", "counted_micro", "entered_at", "expected_micro", "move_id"),
  },
  {
    table: "inventory_imports",
    purpose: "imports of items and opening stock from files",
    legalBasis: "legitimate interests",
    retention: "while the organisation exists",
    key: ["tenant_id", "id"],
    columns: {
      ...plain(
        "tenant_id", "id", "kind", "format", "filename", "status", "row_count", "processed", "error_count", "errors", "preview", "imported_count", "failure",
        "created_at", "updated_at", "finished_at",
      ),
      created_by_user_id: personal("identity", "user", erase.anonymise("null")),
    },
  },
  {
    table: "inventory_import_files",
    purpose: "an uploaded file's rows, until it is imported",
    legalBasis: "legitimate interests",
    retention: "until the import ends",
    key: ["tenant_id", "import_id"],
    columns: plain("tenant_id", "import_id", "headers", "rows"),
  },
]);
