import { defineDataMap, NOT_PERSONAL } from "~/modules/platform/data-map";

/** The sales area's tables. Price lists hold prices, not people. */
export const SALES_DATA_MAP = defineDataMap("sales", "tenant", [
  {
    table: "price_lists",
    purpose: "pricing sales",
    legalBasis: "none",
    retention: "while the organisation uses the list",
    key: ["tenant_id", "id"],
    columns: {
      tenant_id: NOT_PERSONAL,
      id: NOT_PERSONAL,
      name: NOT_PERSONAL,
      is_default: NOT_PERSONAL,
      tax_inclusive: NOT_PERSONAL,
      discount_bp: NOT_PERSONAL,
      valid_from: NOT_PERSONAL,
      valid_until: NOT_PERSONAL,
      is_active: NOT_PERSONAL,
      created_at: NOT_PERSONAL,
      updated_at: NOT_PERSONAL,
    },
  },
  {
    table: "price_list_items",
    purpose: "pricing sales",
    legalBasis: "none",
    retention: "while the organisation uses the list",
    key: ["tenant_id", "id"],
    columns: {
      tenant_id: NOT_PERSONAL,
      id: NOT_PERSONAL,
      price_list_id: NOT_PERSONAL,
      item_id: NOT_PERSONAL,
      min_quantity_micro: NOT_PERSONAL,
      unit_price_minor: NOT_PERSONAL,
      created_at: NOT_PERSONAL,
      updated_at: NOT_PERSONAL,
    },
  },
  {
    table: "customer_price_lists",
    purpose: "pricing sales to each customer",
    legalBasis: "contract",
    retention: "while the customer buys from the organisation",
    key: ["tenant_id", "customer_id"],
    columns: {
      tenant_id: NOT_PERSONAL,
      customer_id: NOT_PERSONAL,
      price_list_id: NOT_PERSONAL,
      updated_at: NOT_PERSONAL,
    },
  },
]);
