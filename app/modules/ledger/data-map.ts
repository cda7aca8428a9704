import { defineDataMap, erase, NOT_PERSONAL, personal } from "~/modules/platform/data-map";

const BOOKS = "the books must be kept for the statutory period (commercial and tax law)";
const KEEP_BY_ENTRY_DATE = erase.keep(BOOKS, { kind: "statutory", from: "entry_date" });
const KEEP_BY_PERIOD = erase.keep(BOOKS, { kind: "statutory", from: "period_start" });

const plain = (...names: string[]) => Object.fromEntries(names.map((name) => [name, NOT_PERSONAL]));

/**
 * The personal data of the ledger. Posted rows cannot change (a trigger refuses it): a person's lines are kept
 * for the organisation's statutory period, restricted, and named through the customer or supplier row, which
 * erasure anonymises.
 */
export const LEDGER_DATA_MAP = defineDataMap("ledger", "tenant", [
  {
    table: "accounts",
    purpose: "the chart of accounts",
    legalBasis: "legal obligation",
    retention: "while the organisation exists",
    key: ["tenant_id", "id"],
    columns: plain("tenant_id", "id", "code", "name", "type", "parent_id", "is_group", "is_active", "role", "party_kind", "created_at", "updated_at"),
  },
  {
    table: "fiscal_periods",
    purpose: "closing the books by period",
    legalBasis: "legal obligation",
    retention: "while the organisation exists",
    key: ["tenant_id", "id"],
    columns: { ...plain("tenant_id", "id", "start_date", "end_date", "status", "locked_at"), locked_by_user_id: personal("identity", "user", erase.keep(BOOKS, { kind: "statutory", from: "end_date" })) },
  },
  {
    table: "number_series",
    purpose: "gapless document numbers",
    legalBasis: "legal obligation",
    retention: "while the organisation exists",
    key: ["tenant_id", "key", "year"],
    columns: plain("tenant_id", "key", "year", "last_value"),
  },
  {
    table: "journal_entries",
    purpose: "the books: posted journal entries",
    legalBasis: "legal obligation",
    retention: "the organisation's statutory period (default 10 years)",
    recipients: "tax authorities and auditors, when they ask",
    key: ["tenant_id", "id"],
    immutable: true,
    columns: {
      ...plain("tenant_id", "id", "number", "entry_date", "source_type", "source_id", "reverses_entry_id", "currency", "total_minor", "posted_at"),
      memo: personal("communication", "customer", KEEP_BY_ENTRY_DATE),
      posted_by_user_id: personal("identity", "user", KEEP_BY_ENTRY_DATE),
    },
  },
  {
    table: "journal_lines",
    purpose: "the books: what each entry owes to or by whom",
    legalBasis: "legal obligation",
    retention: "the organisation's statutory period (default 10 years)",
    recipients: "tax authorities and auditors, when they ask",
    key: ["tenant_id", "entry_id", "line_no"],
    immutable: true,
    locate: [
      { by: "reference", column: "customer_id", table: "customers" },
      { by: "reference", column: "supplier_id", table: "suppliers" },
    ],
    columns: {
      ...plain("tenant_id", "entry_id", "line_no", "account_id", "currency", "entry_date", "due_date"),
      customer_id: personal("identity", "customer", KEEP_BY_ENTRY_DATE),
      supplier_id: personal("identity", "supplier_contact", KEEP_BY_ENTRY_DATE),
      debit_minor: personal("financial", "customer", KEEP_BY_ENTRY_DATE),
      credit_minor: personal("financial", "customer", KEEP_BY_ENTRY_DATE),
      description: personal("communication", "customer", KEEP_BY_ENTRY_DATE),
    },
  },
  {
    table: "account_balances",
    purpose: "balances per account and period",
    legalBasis: "legal obligation",
    retention: "the organisation's statutory period",
    key: ["tenant_id", "account_id", "period_start"],
    columns: plain("tenant_id", "account_id", "period_start", "debit_minor", "credit_minor", "day_debits", "day_credits"),
  },
  {
    table: "party_balances",
    purpose: "what each customer and supplier owes or is owed, per period",
    legalBasis: "legal obligation",
    retention: "the organisation's statutory period",
    key: ["tenant_id", "account_id", "party_kind", "party_id", "period_start"],
    locate: [
      { by: "reference", column: "party_id", table: "customers" },
      { by: "reference", column: "party_id", table: "suppliers" },
    ],
    columns: {
      ...plain("tenant_id", "account_id", "party_kind", "period_start"),
      party_id: personal("identity", "customer", KEEP_BY_PERIOD),
      debit_minor: personal("financial", "customer", KEEP_BY_PERIOD),
      credit_minor: personal("financial", "customer", KEEP_BY_PERIOD),
      day_debits: personal("financial", "customer", KEEP_BY_PERIOD),
      day_credits: personal("financial", "customer", KEEP_BY_PERIOD),
    },
  },
  {
    table: "tax_rates",
    purpose: "the tax rates documents charge",
    legalBasis: "legal obligation",
    retention: "while the organisation exists",
    key: ["tenant_id", "id"],
    columns: plain("tenant_id", "id", "name", "rate_bp", "account_id", "is_active", "created_at", "updated_at"),
  },
  {
    table: "journal_drafts",
    purpose: "journal entries being prepared",
    legalBasis: "legitimate interests",
    retention: "until posted or discarded",
    key: ["tenant_id", "id"],
    columns: {
      ...plain("tenant_id", "id", "entry_date", "created_at", "updated_at"),
      memo: personal("communication", "customer", erase.anonymise("null")),
      lines: personal("financial", "customer", erase.keep("a draft's lines are the member's work in progress; erasure of the customer row leaves them naming no one", { kind: "months", months: 12, from: "updated_at" })),
      created_by_user_id: personal("identity", "user", erase.anonymise("null")),
    },
  },
]);
