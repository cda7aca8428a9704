/**
 * The sales forms and list filters, read at the edge. They check what was typed (present, a number, one of the
 * choices) and turn amounts into minor units of the organisation's currency; the module checks the rest (the
 * customer and items exist in this organisation, quantities against units, prices not negative, discounts at most
 * 100%, stock) and names the field it refuses. No server-only imports: components use it.
 */
import { z } from "zod";
import { isIsoDate } from "~/utils/dates";
import { MoneyFormatError, parseMoney } from "~/utils/money";
import { queryChoice, queryUuid } from "~/utils/query-fields";
import { hiddenInput, multiline } from "~/utils/text-input";
import { IDEMPOTENCY_FIELD } from "~/modules/tenancy/forms";
import type { DocumentKind } from "./schema";

export const idParam = z.string().uuid();

export const KIND_LABELS: Record<DocumentKind, string> = {
  quotation: "Quotation",
  order: "Sales order",
  delivery: "Delivery",
  invoice: "Invoice",
  credit_note: "Credit note",
};

/** The kinds as they appear in addresses: /sales/documents/invoices. */
export const KIND_SLUGS: Record<DocumentKind, string> = {
  quotation: "quotations",
  order: "orders",
  delivery: "deliveries",
  invoice: "invoices",
  credit_note: "credit-notes",
};
export const KIND_PLURALS: Record<DocumentKind, string> = {
  quotation: "Quotations",
  order: "Sales orders",
  delivery: "Deliveries",
  invoice: "Invoices",
  credit_note: "Credit notes",
};
export const KINDS_IN_ORDER: readonly DocumentKind[] = ["quotation", "order", "delivery", "invoice", "credit_note"];

/** The kind an address names, or null (a 404). */
export function kindOfSlug(slug: string | undefined): DocumentKind | null {
  return KINDS_IN_ORDER.find((kind) => KIND_SLUGS[kind] === slug) ?? null;
}

/** Kinds that are made only from another document (a credit note from its invoice). */
export const DERIVED_ONLY: readonly DocumentKind[] = ["credit_note", "delivery"];

export const LINE_FIELDS = ["itemId", "warehouseId", "quantity", "unitPrice", "discount", "taxRateId", "sourceLineId"] as const;
export type LineField = (typeof LINE_FIELDS)[number];
export type LineValues = Record<LineField, string>;
export const BLANK_LINES = 3;
export const MAX_FORM_LINES = 50;

export const DRAFT_DATE_FIELDS = { issueDate: "date", dueDate: "due date" };

/** The header of the draft form; its lines are read by readDraftLines. */
export const draftHeaderSchema = z.object({
  [IDEMPOTENCY_FIELD]: hiddenInput(z.string().optional()),
  intent: z.enum(["save", "save-and-post"], { errorMap: () => ({ message: "Choose Save draft or Save and post." }) }),
  customerId: z.string({ required_error: "Choose a customer." }).trim().min(1, "Choose a customer.").max(64, "Choose a customer from the list."),
  issueDate: z
    .string({ required_error: "Enter the date." })
    .trim()
    .refine((value) => isIsoDate(value), "Enter the date as a real date."),
  dueDate: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || isIsoDate(value), "Enter the due date as a real date."),
  notes: multiline(z.string().trim().max(2000, "Use at most 2000 characters.").default("")),
});

export interface ParsedLine {
  itemId: string;
  warehouseId: string | null;
  quantity: string;
  unitPriceMinor: bigint | null;
  discountBp: number;
  /** undefined: the item's rate; null: no tax. */
  taxRateId: string | null | undefined;
  sourceLineId: string | null;
}

function isBlank(line: Partial<LineValues>): boolean {
  return ["itemId", "quantity", "unitPrice", "discount"].every((field) => !(line[field as LineField] ?? "").trim());
}

/** A percentage with at most two decimals ("12.5") as basis points (1250); null when it is not one. */
export function percentToBasisPoints(text: string): number | null {
  const match = /^(\d{1,5})(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export function basisPointsToPercent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const fraction = bp % 100;
  return fraction ? `${whole}.${String(fraction).padStart(2, "0").replace(/0$/, "")}` : String(whole);
}

/**
 * The non-blank lines of a submitted draft form (`lines.<n>.<field>`), renumbered from 0 so that the module's
 * `lines.<n>.<field>` refusals match the form shown again, with the problems of what cannot even be read.
 */
export function readDraftLines(values: Record<string, string>, currency: string): { lines: ParsedLine[]; values: Record<string, string>; errors: Record<string, string> } {
  const raw: Array<Partial<LineValues>> = [];
  for (const [key, value] of Object.entries(values)) {
    const match = /^lines\.(\d+)\.([a-zA-Z]+)$/.exec(key);
    if (!match || !(LINE_FIELDS as readonly string[]).includes(match[2])) continue;
    const index = Number(match[1]);
    if (index >= MAX_FORM_LINES) continue;
    while (raw.length <= index) raw.push({});
    raw[index][match[2] as LineField] = value;
  }
  const kept = raw.filter((line) => !isBlank(line));
  const compacted: Record<string, string> = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith("lines.")));
  const errors: Record<string, string> = {};
  const lines: ParsedLine[] = kept.map((line, index) => {
    for (const field of LINE_FIELDS) compacted[`lines.${index}.${field}`] = (line[field] ?? "").slice(0, 200);
    const at = (field: LineField) => `lines.${index}.${field}`;
    const itemId = (line.itemId ?? "").trim();
    if (!itemId) errors[at("itemId")] = "Choose an item.";
    const quantity = (line.quantity ?? "").trim();
    if (!quantity) errors[at("quantity")] = "Enter the quantity.";
    let unitPriceMinor: bigint | null = null;
    const price = (line.unitPrice ?? "").trim();
    if (price) {
      try {
        unitPriceMinor = parseMoney(price.slice(0, 40), currency);
      } catch (error) {
        if (!(error instanceof MoneyFormatError)) throw error;
        errors[at("unitPrice")] = error.message;
      }
    }
    const discountText = (line.discount ?? "").trim();
    const discountBp = discountText ? percentToBasisPoints(discountText) : 0;
    if (discountBp === null) errors[at("discount")] = "Enter the discount as a percentage, like 10 or 12.5.";
    const tax = (line.taxRateId ?? "").trim();
    return {
      itemId,
      warehouseId: (line.warehouseId ?? "").trim() || null,
      quantity: quantity.slice(0, 40),
      unitPriceMinor,
      discountBp: discountBp ?? 0,
      taxRateId: tax === "" ? undefined : tax === "none" ? null : tax,
      sourceLineId: (line.sourceLineId ?? "").trim() || null,
    };
  });
  return { lines, values: compacted, errors };
}

/** Flat form values of lines (to show a draft in its form). */
export function valuesFromLines(lines: ReadonlyArray<Partial<LineValues>>): Record<string, string> {
  const values: Record<string, string> = {};
  lines.forEach((line, index) => {
    for (const field of LINE_FIELDS) values[`lines.${index}.${field}`] = line[field] ?? "";
  });
  return values;
}

/** The detail page's buttons. */
export const documentActionSchema = z.object({
  intent: z.union([z.enum(["post", "delete", "send"]), z.string().regex(/^convert:(order|delivery|invoice|credit_note)$/)], {
    errorMap: () => ({ message: "Choose one of the page's buttons." }),
  }),
  /** Sending: the address (the customer's when empty) and a message. */
  to: z.string().max(254, "An email address is at most 254 characters.").optional(),
  message: z.string().max(2000, "The message is at most 2,000 characters.").optional(),
});

export const PAYMENT_DATE_FIELDS = { paymentDate: "payment date" };

export const paymentHeaderSchema = z.object({
  intent: z.literal("record"),
  customerId: z.string({ required_error: "Choose a customer." }).trim().min(1, "Choose a customer.").max(64, "Choose a customer from the list."),
  method: z.enum(["cash", "bank_transfer", "card"], { errorMap: () => ({ message: "Choose cash, bank transfer or card." }) }),
  reference: z.string().trim().max(100, "Use at most 100 characters.").default(""),
  paymentDate: z
    .string({ required_error: "Enter the payment date." })
    .trim()
    .refine((value) => isIsoDate(value), "Enter the payment date as a real date."),
  amount: z.string({ required_error: "Enter the amount." }).trim().min(1, "Enter the amount.").max(40, "That amount is too long."),
  keepAsCredit: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true"),
  [IDEMPOTENCY_FIELD]: hiddenInput(z.string().optional()),
});

/** The allocation fields of the payment form: `allocations.<n>.invoiceId` and `.amount`, blank amounts left out. */
export function readAllocations(values: Record<string, string>, currency: string): { allocations: Array<{ invoiceId: string; amountMinor: bigint; row: number }>; errors: Record<string, string> } {
  const rows: Array<{ invoiceId?: string; amount?: string }> = [];
  for (const [key, value] of Object.entries(values)) {
    const match = /^allocations\.(\d+)\.(invoiceId|amount)$/.exec(key);
    if (!match || Number(match[1]) >= 200) continue;
    const index = Number(match[1]);
    while (rows.length <= index) rows.push({});
    rows[index][match[2] as "invoiceId" | "amount"] = value;
  }
  const errors: Record<string, string> = {};
  const allocations: Array<{ invoiceId: string; amountMinor: bigint; row: number }> = [];
  rows.forEach((row, index) => {
    const amount = (row.amount ?? "").trim();
    if (!amount) return;
    try {
      allocations.push({ invoiceId: (row.invoiceId ?? "").trim(), amountMinor: parseMoney(amount.slice(0, 40), currency), row: index });
    } catch (error) {
      if (!(error instanceof MoneyFormatError)) throw error;
      errors[`allocations.${index}.amount`] = error.message;
    }
  });
  return { allocations, errors };
}

/** The list's filters (query string). */
export const documentFilterSchema = z.object({
  customerId: queryUuid,
  status: queryChoice(["draft", "posted", "cancelled", "unpaid", "partially_paid", "paid", "overdue"]),
  after: z.string().max(600).optional(),
});
