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
import { customers, PARTY_KINDS, suppliers } from "../parties/schema";
import { tenants } from "../tenancy/schema";

export const ACCOUNT_TYPES = ["asset", "liability", "equity", "income", "expense"] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Accounts the posting of other areas looks up by role rather than by code. */
export const ACCOUNT_ROLES = [
  "receivable",
  "payable",
  "cash",
  "bank",
  "inventory",
  "cost_of_goods_sold",
  "sales",
  "tax_payable",
  "rounding",
  "retained_earnings",
  "goods_received",
  "stock_adjustment",
] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export { PARTY_KINDS, type PartyKind } from "../parties/schema";

export const accounts = pgTable(
  "accounts",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    code: text("code").notNull(),
    name: text("name").notNull(),
    type: text("type", { enum: ACCOUNT_TYPES }).notNull(),
    parentId: uuid("parent_id"),
    isGroup: boolean("is_group").notNull().default(false),
    isActive: boolean("is_active").notNull().default(true),
    role: text("role", { enum: ACCOUNT_ROLES }),
    /** Lines on this account must name a party of this kind (receivables: customers, payables: suppliers). */
    partyKind: text("party_kind", { enum: PARTY_KINDS }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("accounts_tenant_code_unique").on(t.tenantId, t.code),
    uniqueIndex("accounts_tenant_role_unique").on(t.tenantId, t.role).where(sql`${t.role} is not null`),
    foreignKey({ name: "accounts_parent_fk", columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
    check("accounts_code_format", sql`${t.code} ~ '^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$'`),
  ],
);

export const fiscalPeriods = pgTable(
  "fiscal_periods",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    startDate: date("start_date").notNull(),
    endDate: date("end_date").notNull(),
    status: text("status", { enum: ["open", "locked"] }).notNull().default("open"),
    lockedAt: timestamp("locked_at", { withTimezone: true }),
    lockedByUserId: uuid("locked_by_user_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("fiscal_periods_tenant_start_unique").on(t.tenantId, t.startDate),
    check("fiscal_periods_range", sql`${t.endDate} >= ${t.startDate}`),
  ],
);

/** Gapless numbers: the row is locked by the posting transaction, so a rolled-back posting gives its number back. */
export const numberSeries = pgTable(
  "number_series",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    year: integer("year").notNull(),
    lastValue: bigint("last_value", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key, t.year] })],
);

export const journalEntries = pgTable(
  "journal_entries",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    number: text("number").notNull(),
    entryDate: date("entry_date").notNull(),
    memo: text("memo").notNull(),
    sourceType: text("source_type").notNull(),
    sourceId: text("source_id"),
    reversesEntryId: uuid("reverses_entry_id"),
    currency: text("currency").notNull(),
    totalMinor: bigint("total_minor", { mode: "bigint" }).notNull(),
    postedAt: timestamp("posted_at", { withTimezone: true }).notNull().defaultNow(),
    postedByUserId: uuid("posted_by_user_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("journal_entries_tenant_number_unique").on(t.tenantId, t.number),
    uniqueIndex("journal_entries_one_reversal").on(t.tenantId, t.reversesEntryId).where(sql`${t.reversesEntryId} is not null`),
    index("journal_entries_date_idx").on(t.tenantId, t.entryDate),
    index("journal_entries_source_idx").on(t.tenantId, t.sourceType, t.sourceId),
    foreignKey({ name: "journal_entries_reverses_fk", columns: [t.tenantId, t.reversesEntryId], foreignColumns: [t.tenantId, t.id] }),
  ],
);

export const journalLines = pgTable(
  "journal_lines",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    entryId: uuid("entry_id").notNull(),
    lineNo: integer("line_no").notNull(),
    accountId: uuid("account_id").notNull(),
    customerId: uuid("customer_id"),
    supplierId: uuid("supplier_id"),
    debitMinor: bigint("debit_minor", { mode: "bigint" }).notNull().default(sql`0`),
    creditMinor: bigint("credit_minor", { mode: "bigint" }).notNull().default(sql`0`),
    currency: text("currency").notNull(),
    description: text("description"),
    entryDate: date("entry_date").notNull(),
    dueDate: date("due_date"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.entryId, t.lineNo] }),
    foreignKey({ name: "journal_lines_entry_fk", columns: [t.tenantId, t.entryId], foreignColumns: [journalEntries.tenantId, journalEntries.id] }),
    foreignKey({ name: "journal_lines_account_fk", columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    foreignKey({ name: "journal_lines_customer_fk", columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ name: "journal_lines_supplier_fk", columns: [t.tenantId, t.supplierId], foreignColumns: [suppliers.tenantId, suppliers.id] }),
    index("journal_lines_account_date_idx").on(t.tenantId, t.accountId, t.entryDate),
    index("journal_lines_customer_idx").on(t.tenantId, t.customerId, t.entryDate).where(sql`${t.customerId} is not null`),
    index("journal_lines_supplier_idx").on(t.tenantId, t.supplierId, t.entryDate).where(sql`${t.supplierId} is not null`),
    check("journal_lines_one_side", sql`(${t.debitMinor} > 0 and ${t.creditMinor} = 0) or (${t.creditMinor} > 0 and ${t.debitMinor} = 0)`),
    check("journal_lines_one_party", sql`${t.customerId} is null or ${t.supplierId} is null`),
  ],
);

/**
 * The days of a month in a balance row: the debits (or credits) of day 1 to 31 of the month, zero on days the
 * month does not have. A range that starts or ends mid-month takes its edge days from here, in the same row as
 * the month's total, so no report sums lines and posting moves no more rows than before.
 */
const dayAmounts = (name: string) =>
  bigint(name, { mode: "bigint" })
    .array()
    .notNull()
    .default(sql`array_fill(0::bigint, array[31])`);

/** Movements per account and month (and per day within it), kept by the posting transaction: reports read these, not the lines. */
export const accountBalances = pgTable(
  "account_balances",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull(),
    periodStart: date("period_start").notNull(),
    debitMinor: bigint("debit_minor", { mode: "bigint" }).notNull(),
    creditMinor: bigint("credit_minor", { mode: "bigint" }).notNull(),
    dayDebits: dayAmounts("day_debits"),
    dayCredits: dayAmounts("day_credits"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.accountId, t.periodStart] }),
    foreignKey({ name: "account_balances_account_fk", columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    check("account_balances_days", sql`array_length(${t.dayDebits}, 1) = 31 and array_length(${t.dayCredits}, 1) = 31`),
  ],
);

/** Movements per account, party and month (and per day within it). */
export const partyBalances = pgTable(
  "party_balances",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull(),
    partyKind: text("party_kind", { enum: PARTY_KINDS }).notNull(),
    partyId: uuid("party_id").notNull(),
    periodStart: date("period_start").notNull(),
    debitMinor: bigint("debit_minor", { mode: "bigint" }).notNull(),
    creditMinor: bigint("credit_minor", { mode: "bigint" }).notNull(),
    dayDebits: dayAmounts("day_debits"),
    dayCredits: dayAmounts("day_credits"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.accountId, t.partyId, t.periodStart] }),
    foreignKey({ name: "party_balances_account_fk", columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    index("party_balances_party_idx").on(t.tenantId, t.partyKind, t.partyId),
    check("party_balances_days", sql`array_length(${t.dayDebits}, 1) = 31 and array_length(${t.dayCredits}, 1) = 31`),
  ],
);

export interface DraftLine {
  accountId: string;
  partyId?: string | null;
  debit?: string;
  credit?: string;
  description?: string;
}

/** Manual entries before posting: editable, unnumbered, not in the books. */
export const journalDrafts = pgTable(
  "journal_drafts",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    entryDate: date("entry_date").notNull(),
    memo: text("memo").notNull().default(""),
    lines: jsonb("lines").$type<DraftLine[]>().notNull().default(sql`'[]'::jsonb`),
    createdByUserId: uuid("created_by_user_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/**
 * The tax rates an organisation charges and pays (sales and purchase documents, an item's default): a name, the
 * rate in hundredths of a percent (2000 = 20%) and the account the tax is posted to.
 */
export const taxRates = pgTable(
  "tax_rates",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    rateBp: integer("rate_bp").notNull(),
    accountId: uuid("account_id").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("tax_rates_tenant_name_unique").on(t.tenantId, sql`lower(${t.name})`),
    foreignKey({ name: "tax_rates_account_fk", columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    check("tax_rates_rate", sql`${t.rateBp} between 0 and 10000`),
    check("tax_rates_name", sql`length(${t.name}) between 1 and 60`),
  ],
);
