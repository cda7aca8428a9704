import { defineDataMap, erase, NOT_PERSONAL, personal } from "~/modules/platform/data-map";

const BOOKS = "invoices, credit notes and payments back the books and must be kept for the statutory period (commercial and tax law)";
const KEEP_BY_ISSUE_DATE = erase.keep(BOOKS, { kind: "statutory", from: "issue_date" });
const KEEP_BY_PAYMENT_DATE = erase.keep(BOOKS, { kind: "statutory", from: "payment_date" });
const KEEP_BY_CREATION = erase.keep(BOOKS, { kind: "statutory", from: "created_at" });

const plain = (...names: string[]) => Object.fromEntries(names.map((name) => [name, NOT_PERSONAL]));

/**
 * The personal data of sales: what was sold to and paid by a customer (a sole trader is a person), and which
 * member wrote and posted it. Posted documents and payments cannot change (triggers), so a person's rows are kept
 * for the statutory period, restricted, and named through the customer row, which erasure anonymises.
 */
export const SALES_DATA_MAP = defineDataMap("sales", "tenant", [
  {
    table: "sales_documents",
    auditEntityType: "sales_document",
    changedAt: "updated_at",
    purpose: "selling to customers: quotations, orders, deliveries, invoices and credit notes",
    legalBasis: "contract",
    retention: "the organisation's statutory period (default 10 years) after the document's date",
    recipients: "tax authorities and auditors, when they ask",
    key: ["tenant_id", "id"],
    immutable: true,
    locate: [{ by: "reference", column: "customer_id", table: "customers" }],
    columns: {
      ...plain("tenant_id", "id", "kind", "status", "number", "issue_date", "due_date", "currency", "source_document_id", "journal_entry_id", "posted_at", "created_at", "updated_at"),
      customer_id: personal("identity", "customer", KEEP_BY_ISSUE_DATE),
      subtotal_minor: personal("financial", "customer", KEEP_BY_ISSUE_DATE),
      discount_minor: personal("financial", "customer", KEEP_BY_ISSUE_DATE),
      tax_minor: personal("financial", "customer", KEEP_BY_ISSUE_DATE),
      total_minor: personal("financial", "customer", KEEP_BY_ISSUE_DATE),
      notes: personal("communication", "customer", KEEP_BY_ISSUE_DATE),
      created_by_user_id: personal("identity", "user", KEEP_BY_ISSUE_DATE),
      posted_by_user_id: personal("identity", "user", KEEP_BY_ISSUE_DATE),
    },
  },
  {
    table: "sales_document_lines",
    purpose: "what a sales document sells: items, quantities, prices, discounts and tax",
    legalBasis: "contract",
    retention: "with its document",
    recipients: "tax authorities and auditors, when they ask",
    key: ["tenant_id", "id"],
    immutable: true,
    locate: [{ by: "reference", column: "document_id", table: "sales_documents" }],
    columns: plain(
      "tenant_id", "id", "document_id", "line_no", "item_id", "description", "warehouse_id", "quantity_micro", "unit_price_minor", "discount_bp", "tax_rate_id",
      "tax_rate_bp", "gross_minor", "discount_minor", "net_minor", "tax_minor", "total_minor", "source_line_id", "stock_qty_micro", "stock_value_minor",
    ),
  },
  {
    table: "sales_payments",
    auditEntityType: "sales_payment",
    purpose: "the customers' payments and what they settle",
    legalBasis: "legal obligation",
    retention: "the organisation's statutory period (default 10 years) after the payment",
    recipients: "tax authorities and auditors, when they ask",
    key: ["tenant_id", "id"],
    immutable: true,
    locate: [{ by: "reference", column: "customer_id", table: "customers" }],
    columns: {
      ...plain("tenant_id", "id", "number", "method", "payment_date", "currency", "account_id", "journal_entry_id", "created_at"),
      customer_id: personal("identity", "customer", KEEP_BY_PAYMENT_DATE),
      amount_minor: personal("financial", "customer", KEEP_BY_PAYMENT_DATE),
      reference: personal("financial", "customer", KEEP_BY_PAYMENT_DATE),
      created_by_user_id: personal("identity", "user", KEEP_BY_PAYMENT_DATE),
    },
  },
  {
    table: "sales_payment_allocations",
    purpose: "which invoices a payment settles",
    legalBasis: "legal obligation",
    retention: "with its payment",
    key: ["tenant_id", "id"],
    immutable: true,
    locate: [{ by: "reference", column: "payment_id", table: "sales_payments" }],
    columns: { ...plain("tenant_id", "id", "payment_id", "invoice_id", "created_at"), amount_minor: personal("financial", "customer", KEEP_BY_CREATION) },
  },
  {
    table: "sales_document_sends",
    purpose: "when a document was emailed to the customer, and to which address",
    legalBasis: "legal obligation",
    retention: "with its document: the organisation's statutory period",
    key: ["tenant_id", "id"],
    immutable: true,
    locate: [{ by: "reference", column: "document_id", table: "sales_documents" }],
    columns: {
      ...plain("tenant_id", "id", "document_id", "sent_at"),
      to_address: personal("contact", "customer", erase.keep(BOOKS, { kind: "statutory", from: "sent_at" })),
      sent_by_user_id: personal("identity", "user", erase.keep(BOOKS, { kind: "statutory", from: "sent_at" })),
    },
  },
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
