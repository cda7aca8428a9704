import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { items, warehouses } from "../inventory/schema";
import { accounts, journalEntries, taxRates } from "../ledger/schema";
import { customers } from "../parties/schema";
import { tenants } from "../tenancy/schema";

/*
 * Sales documents (docs/decisions/0024-sales-documents.md): one table for quotations, orders, deliveries, invoices
 * and credit notes, their lines, and the customers' payments with their allocations to invoices. Money in bigint
 * minor units, quantities in bigint millionths of the item's base unit (inventory/quantities.ts). A document is
 * editable while a draft; posting gives it the next gapless number of its series and freezes it (a trigger).
 * Row-level security: the tenant, and for a salesman (data scope "assigned") only his customers' documents.
 */

export const DOCUMENT_KINDS = ["quotation", "order", "delivery", "invoice", "credit_note"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_STATUSES = ["draft", "posted", "cancelled"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const PAYMENT_METHODS = ["cash", "bank_transfer", "card"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const tenantColumn = () =>
  uuid("tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" });
const minor = (name: string) => bigint(name, { mode: "bigint" });
const micro = (name: string) => bigint(name, { mode: "bigint" });

export const salesDocuments = pgTable(
  "sales_documents",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    kind: text("kind", { enum: DOCUMENT_KINDS }).notNull(),
    status: text("status", { enum: DOCUMENT_STATUSES }).notNull().default("draft"),
    customerId: uuid("customer_id").notNull(),
    /** Given at posting, gapless per series and year (ledger's number series); null on drafts. */
    number: text("number"),
    issueDate: date("issue_date").notNull(),
    dueDate: date("due_date"),
    currency: text("currency").notNull(),
    subtotalMinor: minor("subtotal_minor").notNull().default(sql`0`),
    discountMinor: minor("discount_minor").notNull().default(sql`0`),
    taxMinor: minor("tax_minor").notNull().default(sql`0`),
    totalMinor: minor("total_minor").notNull().default(sql`0`),
    /** The document this one was made from (an order's quotation, an invoice's order or delivery, a credit note's invoice). */
    sourceDocumentId: uuid("source_document_id"),
    notes: text("notes").notNull().default(""),
    journalEntryId: uuid("journal_entry_id"),
    createdByUserId: uuid("created_by_user_id"),
    postedByUserId: uuid("posted_by_user_id"),
    postedAt: timestamp("posted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("sales_documents_number_unique").on(t.tenantId, t.kind, t.number).where(sql`${t.number} is not null`),
    foreignKey({ name: "sales_documents_customer_fk", columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ name: "sales_documents_source_fk", columns: [t.tenantId, t.sourceDocumentId], foreignColumns: [t.tenantId, t.id] }),
    foreignKey({ name: "sales_documents_journal_entry_fk", columns: [t.tenantId, t.journalEntryId], foreignColumns: [journalEntries.tenantId, journalEntries.id] }),
    index("sales_documents_list_idx").on(t.tenantId, t.kind, t.issueDate, t.id),
    index("sales_documents_customer_idx").on(t.tenantId, t.customerId, t.kind, t.issueDate),
    index("sales_documents_source_idx").on(t.tenantId, t.sourceDocumentId).where(sql`${t.sourceDocumentId} is not null`),
    check("sales_documents_posted_numbered", sql`(${t.status} = 'draft') or ${t.number} is not null`),
    check("sales_documents_totals", sql`${t.subtotalMinor} >= 0 and ${t.discountMinor} >= 0 and ${t.taxMinor} >= 0 and ${t.totalMinor} >= 0`),
    check("sales_documents_notes", sql`length(${t.notes}) <= 2000`),
  ],
);

export const salesDocumentLines = pgTable(
  "sales_document_lines",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    documentId: uuid("document_id").notNull(),
    lineNo: integer("line_no").notNull(),
    itemId: uuid("item_id").notNull(),
    description: text("description").notNull().default(""),
    /** Where stock goes out of (or comes back into, for a credit note); null for a service. */
    warehouseId: uuid("warehouse_id"),
    quantityMicro: micro("quantity_micro").notNull(),
    unitPriceMinor: minor("unit_price_minor").notNull(),
    /** Hundredths of a percent off the line: 0 to 10000. */
    discountBp: integer("discount_bp").notNull().default(0),
    taxRateId: uuid("tax_rate_id"),
    /** The rate the line is taxed at, copied when chosen so later changes of the rate do not move it. */
    taxRateBp: integer("tax_rate_bp").notNull().default(0),
    /** Quantity times price, before the discount (rounded per line). */
    grossMinor: minor("gross_minor").notNull().default(sql`0`),
    discountMinor: minor("discount_minor").notNull().default(sql`0`),
    netMinor: minor("net_minor").notNull().default(sql`0`),
    taxMinor: minor("tax_minor").notNull().default(sql`0`),
    totalMinor: minor("total_minor").notNull().default(sql`0`),
    /** The line of the document this one came from: partial deliveries and invoices of an order line. */
    sourceLineId: uuid("source_line_id"),
    /** What posting this line took out of stock (or put back), and the cost it went at. */
    stockQtyMicro: micro("stock_qty_micro").notNull().default(sql`0`),
    stockValueMinor: minor("stock_value_minor").notNull().default(sql`0`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("sales_document_lines_line_unique").on(t.tenantId, t.documentId, t.lineNo),
    foreignKey({ name: "sales_document_lines_document_fk", columns: [t.tenantId, t.documentId], foreignColumns: [salesDocuments.tenantId, salesDocuments.id] }).onDelete("cascade"),
    foreignKey({ name: "sales_document_lines_item_fk", columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    foreignKey({ name: "sales_document_lines_warehouse_fk", columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    foreignKey({ name: "sales_document_lines_tax_rate_fk", columns: [t.tenantId, t.taxRateId], foreignColumns: [taxRates.tenantId, taxRates.id] }),
    foreignKey({ name: "sales_document_lines_source_fk", columns: [t.tenantId, t.sourceLineId], foreignColumns: [t.tenantId, t.id] }),
    index("sales_document_lines_source_idx").on(t.tenantId, t.sourceLineId).where(sql`${t.sourceLineId} is not null`),
    check("sales_document_lines_amounts", sql`${t.quantityMicro} > 0 and ${t.unitPriceMinor} >= 0 and ${t.discountBp} between 0 and 10000 and ${t.taxRateBp} between 0 and 10000`),
    check("sales_document_lines_description", sql`length(${t.description}) <= 500`),
  ],
);

/** A customer's payment: posted when recorded (bank or cash debited, receivable credited), never changed. */
export const salesPayments = pgTable(
  "sales_payments",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    number: text("number").notNull(),
    customerId: uuid("customer_id").notNull(),
    method: text("method", { enum: PAYMENT_METHODS }).notNull(),
    reference: text("reference").notNull().default(""),
    paymentDate: date("payment_date").notNull(),
    amountMinor: minor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    /** The bank or cash account debited. */
    accountId: uuid("account_id").notNull(),
    journalEntryId: uuid("journal_entry_id").notNull(),
    createdByUserId: uuid("created_by_user_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("sales_payments_number_unique").on(t.tenantId, t.number),
    foreignKey({ name: "sales_payments_customer_fk", columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ name: "sales_payments_account_fk", columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    foreignKey({ name: "sales_payments_journal_entry_fk", columns: [t.tenantId, t.journalEntryId], foreignColumns: [journalEntries.tenantId, journalEntries.id] }),
    index("sales_payments_customer_idx").on(t.tenantId, t.customerId, t.paymentDate),
    check("sales_payments_amount", sql`${t.amountMinor} > 0`),
    check("sales_payments_reference", sql`length(${t.reference}) <= 100`),
  ],
);

/** How much of a payment settles which invoice; what is not allocated is the customer's credit. Append-only. */
export const salesPaymentAllocations = pgTable(
  "sales_payment_allocations",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    paymentId: uuid("payment_id").notNull(),
    invoiceId: uuid("invoice_id").notNull(),
    amountMinor: minor("amount_minor").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "sales_payment_allocations_payment_fk", columns: [t.tenantId, t.paymentId], foreignColumns: [salesPayments.tenantId, salesPayments.id] }),
    foreignKey({ name: "sales_payment_allocations_invoice_fk", columns: [t.tenantId, t.invoiceId], foreignColumns: [salesDocuments.tenantId, salesDocuments.id] }),
    index("sales_payment_allocations_invoice_idx").on(t.tenantId, t.invoiceId),
    index("sales_payment_allocations_payment_idx").on(t.tenantId, t.paymentId),
    check("sales_payment_allocations_amount", sql`${t.amountMinor} > 0`),
  ],
);

/** When a document was emailed, to whom and by whom (the email itself, with the PDF, goes through the outbox). Append-only. */
export const salesDocumentSends = pgTable(
  "sales_document_sends",
  {
    tenantId: tenantColumn(),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    documentId: uuid("document_id").notNull(),
    toAddress: text("to_address").notNull(),
    sentByUserId: uuid("sent_by_user_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "sales_document_sends_document_fk", columns: [t.tenantId, t.documentId], foreignColumns: [salesDocuments.tenantId, salesDocuments.id] }),
    index("sales_document_sends_document_idx").on(t.tenantId, t.documentId, t.sentAt),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// Price lists (docs/decisions/0025-price-lists-and-customer-search.md): a default list per organisation, a
// list per customer, item prices with quantity breaks, an optional discount, prices with or without tax.
// ---------------------------------------------------------------------------------------------------------

export const priceLists = pgTable(
  "price_lists",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    /** The list of customers who have none of their own; at most one per organisation. */
    isDefault: boolean("is_default").notNull().default(false),
    /** Prices entered with tax included (retail) or without (wholesale). */
    taxInclusive: boolean("tax_inclusive").notNull().default(false),
    /** A discount on every price of the list, in basis points (1250 = 12.5%). */
    discountBp: integer("discount_bp").notNull().default(0),
    /** The days the list applies (inclusive); null: open-ended. */
    validFrom: date("valid_from"),
    validUntil: date("valid_until"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("price_lists_tenant_name_unique").on(t.tenantId, sql`lower(${t.name})`),
    uniqueIndex("price_lists_one_default").on(t.tenantId).where(sql`${t.isDefault}`),
    check("price_lists_discount", sql`${t.discountBp} between 0 and 10000`),
    check("price_lists_dates", sql`${t.validFrom} is null or ${t.validUntil} is null or ${t.validFrom} <= ${t.validUntil}`),
  ],
);

/** An item's price on a list from a quantity on: the break with the largest minimum not above the quantity applies. */
export const priceListItems = pgTable(
  "price_list_items",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    priceListId: uuid("price_list_id").notNull(),
    itemId: uuid("item_id").notNull(),
    /** From this quantity on, in millionths of the item's base unit (0: any quantity). */
    minQuantityMicro: bigint("min_quantity_micro", { mode: "bigint" }).notNull().default(sql`0`),
    unitPriceMinor: bigint("unit_price_minor", { mode: "bigint" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "price_list_items_list_fk", columns: [t.tenantId, t.priceListId], foreignColumns: [priceLists.tenantId, priceLists.id] }).onDelete("cascade"),
    foreignKey({ name: "price_list_items_item_fk", columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    uniqueIndex("price_list_items_break_unique").on(t.tenantId, t.priceListId, t.itemId, t.minQuantityMicro),
    index("price_list_items_item_idx").on(t.tenantId, t.itemId),
    check("price_list_items_amounts", sql`${t.unitPriceMinor} >= 0 and ${t.minQuantityMicro} >= 0`),
  ],
);

/** The price list a customer buys from (none: the default list). Sales' own table, since parties may not know sales. */
export const customerPriceLists = pgTable(
  "customer_price_lists",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").notNull(),
    priceListId: uuid("price_list_id").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId] }),
    foreignKey({ name: "customer_price_lists_customer_fk", columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }).onDelete("cascade"),
    foreignKey({ name: "customer_price_lists_list_fk", columns: [t.tenantId, t.priceListId], foreignColumns: [priceLists.tenantId, priceLists.id] }),
    index("customer_price_lists_list_idx").on(t.tenantId, t.priceListId),
  ],
);
