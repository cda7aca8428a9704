/**
 * Schemas of the ledger's forms, and the pure helpers the journal entry form shares between the server render
 * and the browser (line values, line edits, exact totals). No server-only imports here: components use it.
 */
import { z } from "zod";
import { isIsoDate } from "~/utils/dates";
import { MoneyFormatError, parseMoney } from "~/utils/money";
import { IDEMPOTENCY_FIELD } from "~/modules/tenancy/forms";
import { queryDate, queryText } from "~/utils/query-fields";
import { hiddenInput } from "~/utils/text-input";
import type { AccountType, PartyKind } from "./schema";

export const MAX_ENTRY_LINES = 200;

/** A route parameter naming a row: anything but a UUID is a 404, like another organisation's row. */
export const idParam = z.string().uuid();

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on" || value === "true");

const optionalId = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .pipe(z.string().uuid(message).nullable());

// ---------------------------------------------------------------------------------------------------------------
// Chart of accounts

// Labels keyed by the schema's types (a type-only import, so the browser bundle stays free of Drizzle); the
// Record type makes the compiler insist on one label per type.
export const ACCOUNT_TYPE_LABELS: Record<AccountType, string> = {
  asset: "Asset",
  liability: "Liability",
  equity: "Equity",
  income: "Income",
  expense: "Expense",
};

export const PARTY_KIND_LABELS: Record<PartyKind, string> = {
  customer: "Customer",
  supplier: "Supplier",
};

const accountTypes = Object.keys(ACCOUNT_TYPE_LABELS) as [AccountType, ...AccountType[]];
const partyKinds = Object.keys(PARTY_KIND_LABELS) as [PartyKind, ...PartyKind[]];

// The code's input is named accountCode: the generic form helpers never echo fields named like "code" back.
const accountObject = z.object({
  accountCode: z
    .string({ required_error: "Enter the account's code." })
    .trim()
    .min(1, "Enter the account's code.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/, "Use up to 20 letters, digits, dots or dashes, starting with a letter or digit, like 6250."),
  name: z.string({ required_error: "Enter the account's name." }).trim().min(1, "Enter the account's name.").max(100, "Use at most 100 characters."),
  type: z.enum(accountTypes, { errorMap: () => ({ message: "Choose the account's type." }) }),
  parentId: optionalId("Choose a group from the list."),
  isGroup: checkbox,
  partyKind: z
    .string()
    .optional()
    .transform((value) => value || null)
    .pipe(z.enum(partyKinds, { errorMap: () => ({ message: "Choose customer, supplier or nobody." }) }).nullable()),
});

function toAccountInput<T extends { accountCode: string }>({ accountCode, ...rest }: T) {
  return { code: accountCode, ...rest };
}

export const accountSchema = accountObject.transform(toAccountInput);

export const accountEditSchema = accountObject.extend({ intent: z.literal("save"), isActive: checkbox }).transform(({ intent: _intent, ...rest }) => toAccountInput(rest));

export const accountDeleteSchema = z.object({ intent: z.literal("delete") });

export const chartActionSchema = z.object({ intent: z.literal("seed") });

// ---------------------------------------------------------------------------------------------------------------
// Journal entries and drafts

/** What one line of the entry form holds, as typed. */
export interface LineValues {
  accountId: string;
  partyId: string;
  /** The party picker's text (the chosen party's name, or what was typed without JavaScript); not posted. */
  partyName: string;
  debit: string;
  credit: string;
  description: string;
}

export const LINE_FIELDS = ["accountId", "partyId", "partyName", "debit", "credit", "description"] as const;

export function blankLine(): LineValues {
  return { accountId: "", partyId: "", partyName: "", debit: "", credit: "", description: "" };
}

export function isBlankLine(line: Partial<LineValues>): boolean {
  return LINE_FIELDS.every((field) => !(line[field] ?? "").trim());
}

const LINE_KEY = /^lines\.(\d+)\.(accountId|partyId|partyName|debit|credit|description)$/;

/** The lines of a submitted entry form, from its flat `lines.<n>.<field>` values, in order. */
export function linesFromValues(values: Record<string, string | undefined>): LineValues[] {
  const lines: LineValues[] = [];
  for (const [key, value] of Object.entries(values)) {
    const match = LINE_KEY.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    if (index >= MAX_ENTRY_LINES) continue;
    while (lines.length <= index) lines.push(blankLine());
    lines[index][match[2] as keyof LineValues] = value ?? "";
  }
  return lines;
}

/** Flat form values for lines (the inverse of linesFromValues). */
export function valuesFromLines(lines: ReadonlyArray<Partial<LineValues>>): Record<string, string> {
  const values: Record<string, string> = {};
  lines.forEach((line, index) => {
    for (const field of LINE_FIELDS) values[`lines.${index}.${field}`] = line[field] ?? "";
  });
  return values;
}

/**
 * The form's values after an "add-line", "remove-line:<n>" or "refresh" button, which re-render the form
 * (without JavaScript these are round trips); null for any other intent.
 */
export function editLines(values: Record<string, string>, intent: string | undefined): Record<string, string> | null {
  if (intent !== "add-line" && intent !== "refresh" && !intent?.startsWith("remove-line:")) return null;
  const lines = linesFromValues(values);
  if (intent === "add-line" && lines.length < MAX_ENTRY_LINES) lines.push(blankLine());
  if (intent?.startsWith("remove-line:")) {
    const index = Number(intent.slice("remove-line:".length));
    if (Number.isInteger(index) && index >= 0 && index < lines.length) lines.splice(index, 1);
  }
  const kept = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith("lines.") && key !== "intent"));
  return { ...kept, ...valuesFromLines(lines) };
}

/** Exact totals of typed amounts (bigint minor units); amounts that are not numbers are counted, not added. */
export function amountTotals(lines: ReadonlyArray<{ debit?: string; credit?: string }>, currency: string) {
  let debit = 0n;
  let credit = 0n;
  let invalid = 0;
  const add = (text: string | undefined): bigint => {
    if (!text?.trim()) return 0n;
    try {
      const minor = parseMoney(text, currency);
      if (minor < 0n) {
        invalid++;
        return 0n;
      }
      return minor;
    } catch (error) {
      if (!(error instanceof MoneyFormatError)) throw error;
      invalid++;
      return 0n;
    }
  };
  for (const line of lines) {
    debit += add(line.debit);
    credit += add(line.credit);
  }
  return { debit, credit, difference: debit - credit, invalid };
}

const lineSchema = z.object({
  accountId: z.string().trim().max(64, "Choose an account from the list.").default(""),
  partyId: z.string().trim().max(64, "Choose a customer or supplier from the list.").default(""),
  debit: z.string().trim().max(40, "That amount is too long.").default(""),
  credit: z.string().trim().max(40, "That amount is too long.").default(""),
  description: z.string().trim().max(500, "A line's description can have at most 500 characters.").default(""),
});

/** The date fields of the entry and reversal forms, typed in the organisation's locale (see parseForm). */
export const ENTRY_DATE_FIELDS = { entryDate: "entry date" };
export const REVERSAL_DATE_FIELDS = { entryDate: "reversal's date" };
/** The date filters of the journal list's query string. */
export const ENTRY_FILTER_DATE_FIELDS = { from: "start date", to: "end date" };

/** The entry form (new entry and draft): header fields and its non-blank lines, as typed. */
export const entryFormSchema = z.preprocess(
  (raw) => {
    const flat = (raw ?? {}) as Record<string, string | undefined>;
    return { entryDate: flat.entryDate, memo: flat.memo, intent: flat.intent, [IDEMPOTENCY_FIELD]: flat[IDEMPOTENCY_FIELD], lines: linesFromValues(flat) };
  },
  z
    .object({
      // Read by the route (performOnce); named here so that a damaged token is refused above the form, not beside a field.
      [IDEMPOTENCY_FIELD]: hiddenInput(z.string().optional()),
    intent: z.enum(["save-draft", "post"], { errorMap: () => ({ message: "Choose Save draft or Post entry." }) }),
    entryDate: z
      .string({ required_error: "Enter the entry date." })
      .trim()
      .refine((value) => isIsoDate(value), "Enter the entry date as YYYY-MM-DD."),
    memo: z.string().trim().max(500, "Use at most 500 characters.").default(""),
    lines: z
      .array(lineSchema)
      .max(MAX_ENTRY_LINES, `An entry can have at most ${MAX_ENTRY_LINES} lines.`)
      .transform((lines) => lines.filter((line) => !isBlankLine(line))),
    })
    .transform(({ [IDEMPOTENCY_FIELD]: _token, ...entry }) => entry),
);

export const draftDeleteSchema = z.object({ intent: z.literal("delete") });

export const reverseSchema = z.object({
  intent: z.literal("reverse"),
  entryDate: z
    .string({ required_error: "Enter the reversal's date." })
    .trim()
    .refine((value) => isIsoDate(value), "Enter the reversal's date as YYYY-MM-DD."),
  memo: z.string().trim().max(500, "Use at most 500 characters.").default(""),
});

/** Filters and cursor of the journal list (query string, read with readQuery: what does not parse is ignored, and the page says so). */
export const entryFilterSchema = z.object({
  from: queryDate,
  to: queryDate,
  number: queryText(40),
  before: z
    .string()
    .refine((cursor) => parseEntryCursor(cursor) !== undefined && cursor.length <= 51, "Use the Older entries link to page back.")
    .optional(),
});

/** The keyset cursor of the journal list: the last entry shown, by date and number. */
export function entryCursor(entry: { entryDate: string; number: string }): string {
  return `${entry.entryDate}~${entry.number}`;
}

export function parseEntryCursor(cursor: string | undefined): { entryDate: string; number: string } | undefined {
  if (!cursor) return undefined;
  const [entryDate, ...rest] = cursor.split("~");
  const number = rest.join("~");
  return isIsoDate(entryDate) && number ? { entryDate, number } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Periods

export const periodActionSchema = z.object({
  intent: z.enum(["lock", "reopen"], { errorMap: () => ({ message: "Choose Lock or Reopen." }) }),
  period: z
    .string({ required_error: "Choose a period." })
    .refine((value) => isIsoDate(value) && value.endsWith("-01"), "Choose a period by its first day, like 2026-03-01."),
});

export const SOURCE_LABELS: Record<string, string> = {
  manual: "Manual entry",
  reversal: "Reversal",
  opening: "Opening balances",
  invoice: "Sales invoice",
  credit_note: "Credit note",
  payment: "Payment",
  bill: "Supplier bill",
  stock_move: "Stock move",
};

// ---------------------------------------------------------------------------------------------------------------
// Tax rates

/** A percentage as typed ("20", "7.5", "12,25") in hundredths of a percent (basis points): 20% is 2000. */
export function percentToBasisPoints(percent: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(percent.trim().replace(/\s*%$/, ""));
  if (!match) return null;
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return basisPoints <= 10_000 ? basisPoints : null;
}

/** Basis points as the percentage a person reads: 2000 is "20", 750 is "7.5", 1225 is "12.25". */
export function basisPointsToPercent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const hundredths = basisPoints % 100;
  return hundredths === 0 ? String(whole) : `${whole}.${String(hundredths).padStart(2, "0").replace(/0$/, "")}`;
}

const taxRateObject = z.object({
  name: z.string({ required_error: "Enter the tax rate's name." }).trim().min(1, "Enter the tax rate's name, like Standard rate.").max(60, "Use at most 60 characters."),
  rate: z
    .string({ required_error: "Enter the rate as a percentage, like 20 or 7.5." })
    .transform((value, ctx) => {
      const basisPoints = percentToBasisPoints(value);
      if (basisPoints === null) {
        ctx.addIssue({ code: "custom", message: "Enter the rate as a percentage from 0 to 100 with at most two decimals, like 20 or 7.5." });
        return z.NEVER;
      }
      return basisPoints;
    }),
  accountId: z.string({ required_error: "Choose the account the tax is posted to." }).trim().uuid("Choose the account the tax is posted to."),
});

export const taxRateSchema = taxRateObject.transform(({ rate, ...rest }) => ({ ...rest, rateBp: rate }));

export const taxRateEditSchema = taxRateObject.extend({ isActive: checkbox }).transform(({ rate, ...rest }) => ({ ...rest, rateBp: rate }));
