/*
 * Customers' payments: recorded and posted at once (bank or cash debited, receivable credited with the customer as
 * party), allocated to one or more open invoices, partly if need be. What is not allocated is the customer's credit
 * (the receivable goes below zero), kept only when the person says so, and allocated later with allocatePayment.
 */
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { findAccountsByRoles } from "~/modules/ledger/accounts.server";
import { nextNumber } from "~/modules/ledger/numbers.server";
import { organisationSettings, post } from "~/modules/ledger/posting.server";
import { getParty } from "~/modules/parties/parties.server";
import { AppError, isAppError } from "~/modules/platform/errors";
import { isIsoDate, todayIn } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { toDecimalString } from "~/utils/money";
import { PAYMENT_METHODS, salesDocuments, salesPaymentAllocations, salesPayments, type PaymentMethod } from "./schema";
import type { SalesDocument } from "./documents.server";

export type Payment = typeof salesPayments.$inferSelect;
export type Allocation = typeof salesPaymentAllocations.$inferSelect;

export const PAYMENT_SERIES = "PAY";

export const INVOICE_STATUSES = ["draft", "unpaid", "partially_paid", "paid", "overdue", "cancelled"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  unpaid: "Unpaid",
  partially_paid: "Partially paid",
  paid: "Paid",
  overdue: "Overdue",
  cancelled: "Cancelled",
};

/** What has settled the invoice `d` (a column reference of the outer statement): allocations and posted credit notes. */
export function settledSql(invoiceId: SQL): SQL {
  return sql`((select coalesce(sum(a.amount_minor), 0) from sales_payment_allocations a where a.tenant_id = app_tenant_id() and a.invoice_id = ${invoiceId})
    + (select coalesce(sum(c.total_minor), 0) from sales_documents c where c.tenant_id = app_tenant_id() and c.source_document_id = ${invoiceId} and c.kind = 'credit_note' and c.status = 'posted'))`;
}

/** The invoice's status from its totals: paid, partly, unpaid, overdue (past its due date and not paid). */
export function invoiceStatus(invoice: Pick<SalesDocument, "status" | "totalMinor" | "dueDate">, settledMinor: bigint, today: string): InvoiceStatus {
  if (invoice.status === "draft") return "draft";
  if (invoice.status === "cancelled") return "cancelled";
  if (settledMinor >= invoice.totalMinor) return "paid";
  if (invoice.dueDate && invoice.dueDate < today) return "overdue";
  return settledMinor > 0n ? "partially_paid" : "unpaid";
}

/** The SQL condition of a status, for list filters, over the invoice `d` with its settled amount `settled`. */
export function invoiceStatusCondition(status: InvoiceStatus, today: string): SQL {
  const settled = settledSql(sql`d.id`);
  switch (status) {
    case "draft":
    case "cancelled":
      return sql`d.status = ${status}`;
    case "paid":
      return sql`d.status = 'posted' and ${settled} >= d.total_minor`;
    case "overdue":
      return sql`d.status = 'posted' and ${settled} < d.total_minor and d.due_date < ${today}::date`;
    case "partially_paid":
      return sql`d.status = 'posted' and ${settled} < d.total_minor and ${settled} > 0 and (d.due_date is null or d.due_date >= ${today}::date)`;
    case "unpaid":
      return sql`d.status = 'posted' and ${settled} = 0 and d.total_minor > 0 and (d.due_date is null or d.due_date >= ${today}::date)`;
  }
}

/** Settled and outstanding amounts of invoices, by id. */
export async function invoiceSettlements(tx: Tx, invoiceIds: string[]): Promise<Map<string, bigint>> {
  const ids = invoiceIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; settled: string }>(
    tx,
    sql`select d.id, ${settledSql(sql`d.id`)}::text as settled from sales_documents d where d.id = any(${`{${ids.join(",")}}`}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, BigInt(r.settled)]));
}

export interface AllocationInput {
  invoiceId: string;
  amountMinor: bigint;
  /** The row of the form it came from, for the field a refusal names (its place in the list by default). */
  row?: number;
}

export interface PaymentInput {
  customerId: string;
  method: PaymentMethod;
  reference?: string;
  paymentDate: string;
  amountMinor: bigint;
  allocations: AllocationInput[];
  /** What is not allocated stays as the customer's credit; without it an unallocated rest is refused. */
  keepAsCredit?: boolean;
}

/**
 * Locks the invoices (in id order) and checks each allocation against what the invoice still has open: a posted
 * invoice of this customer, more than zero, not more than outstanding.
 */
async function checkAllocations(tx: Tx, customerId: string, allocations: AllocationInput[], currency: string): Promise<bigint> {
  const ids = allocations.map((a) => a.invoiceId);
  if (new Set(ids).size !== ids.length) throw new AppError("invalid", "Allocate to each invoice once.", { reason: "duplicate_allocation", field: "allocations" });
  const valid = ids.filter(isUuid);
  const invoices = valid.length
    ? await tx.select().from(salesDocuments).where(inArray(salesDocuments.id, valid)).orderBy(asc(salesDocuments.id)).for("update")
    : [];
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const settled = await invoiceSettlements(tx, valid);
  let total = 0n;
  for (const [index, allocation] of allocations.entries()) {
    const row = allocation.row ?? index;
    const field = `allocations.${row}.amount`;
    const invoice = byId.get(allocation.invoiceId);
    if (!invoice || invoice.kind !== "invoice" || invoice.status !== "posted" || invoice.customerId !== customerId) {
      throw new AppError("invalid", "Choose an open invoice of this customer.", { reason: "unknown_invoice", field: `allocations.${row}.invoiceId` });
    }
    if (allocation.amountMinor <= 0n) throw new AppError("invalid", "Allocate an amount greater than zero.", { reason: "invalid_amount", field });
    const outstanding = invoice.totalMinor - (settled.get(invoice.id) ?? 0n);
    if (allocation.amountMinor > outstanding) {
      throw new AppError("invalid", `${invoice.number} has ${toDecimalString(outstanding > 0n ? outstanding : 0n, currency)} ${currency} open; allocate at most that.`, { reason: "over_allocation", field });
    }
    total += allocation.amountMinor;
  }
  return total;
}

async function writeAllocations(tx: Tx, paymentId: string, allocations: AllocationInput[]) {
  if (allocations.length === 0) return;
  await tx.insert(salesPaymentAllocations).values(allocations.map((a) => ({ tenantId: sql`app_tenant_id()`, paymentId, invoiceId: a.invoiceId, amountMinor: a.amountMinor })));
}

/** Records and posts a payment with its allocations, in one transaction. */
export async function recordPayment(tx: Tx, input: PaymentInput): Promise<Payment> {
  let customer;
  try {
    customer = await getParty(tx, "customer", input.customerId);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") throw new AppError("invalid", "Choose a customer of this organisation.", { reason: "unknown_customer", field: "customerId" });
    throw error;
  }
  if (!PAYMENT_METHODS.includes(input.method)) throw new AppError("invalid", "Choose cash, bank transfer or card.", { reason: "invalid_method", field: "method" });
  if (!isIsoDate(input.paymentDate)) throw new AppError("invalid", "Enter the date as YYYY-MM-DD.", { reason: "invalid_date", field: "paymentDate" });
  const reference = (input.reference ?? "").trim();
  if (reference.length > 100) throw new AppError("invalid", "The reference is at most 100 characters.", { reason: "reference_too_long", field: "reference" });
  if (input.amountMinor <= 0n) throw new AppError("invalid", "The amount must be greater than zero.", { reason: "invalid_amount", field: "amount" });
  const { currency } = await organisationSettings(tx);
  const allocated = await checkAllocations(tx, customer.id, input.allocations, currency);
  if (allocated > input.amountMinor) {
    throw new AppError("invalid", `The allocations add up to ${toDecimalString(allocated, currency)} ${currency}, more than the payment.`, { reason: "allocations_exceed_payment", field: "amount" });
  }
  if (allocated < input.amountMinor && !input.keepAsCredit) {
    throw new AppError(
      "invalid",
      `${toDecimalString(input.amountMinor - allocated, currency)} ${currency} of the payment is not allocated to an invoice: allocate it, or choose to keep it as the customer's credit.`,
      { reason: "unallocated_payment", field: "amount" },
    );
  }
  const roles = await findAccountsByRoles(tx, ["bank", "cash", "receivable"]);
  const debit = roles.get(input.method === "cash" ? "cash" : "bank") ?? roles.get("bank");
  const receivable = roles.get("receivable");
  if (!debit || !receivable) throw new AppError("conflict", "The chart of accounts needs bank, cash and receivable accounts (by role) to record payments.", { reason: "missing_account" });

  const number = await nextNumber(tx, PAYMENT_SERIES, Number(input.paymentDate.slice(0, 4)));
  const entry = await post(tx, {
    entryDate: input.paymentDate,
    memo: `Payment ${number} from ${customer.name}`.slice(0, 500),
    source: { type: "payment", id: number },
    lines: [
      { accountId: debit.id, debitMinor: input.amountMinor, description: reference || number },
      { accountId: receivable.id, creditMinor: input.amountMinor, partyId: customer.id, description: reference || number },
    ],
  });
  const [payment] = await tx
    .insert(salesPayments)
    .values({
      tenantId: sql`app_tenant_id()`,
      number,
      customerId: customer.id,
      method: input.method,
      reference,
      paymentDate: input.paymentDate,
      amountMinor: input.amountMinor,
      currency,
      accountId: debit.id,
      journalEntryId: entry.id,
      createdByUserId: sql`app_user_id()`,
    })
    .returning();
  await writeAllocations(tx, payment.id, input.allocations);
  await recordAudit(tx, { action: "sales.payment_recorded", entityType: "sales_payment", entityId: payment.id, after: { ...payment, allocations: input.allocations.map(({ invoiceId, amountMinor }) => ({ invoiceId, amountMinor })) } });
  return payment;
}

/** The part of a payment not yet allocated: the customer's credit from it. */
export async function unallocatedOf(tx: Tx, paymentId: string): Promise<bigint> {
  const rows = await queryRows<{ rest: string }>(
    tx,
    sql`select (p.amount_minor - coalesce((select sum(a.amount_minor) from sales_payment_allocations a where a.payment_id = p.id), 0))::text as rest
      from sales_payments p where p.id = ${paymentId}::uuid`,
  );
  return BigInt(rows[0]?.rest ?? "0");
}

/** Uses a payment's kept credit for open invoices of its customer. */
export async function allocatePayment(tx: Tx, paymentId: string, allocations: AllocationInput[]): Promise<Payment> {
  if (!isUuid(paymentId)) throw new AppError("not_found", "That payment does not exist in this organisation.", { reason: "unknown_payment" });
  const [payment] = await tx.select().from(salesPayments).where(eq(salesPayments.id, paymentId)).for("update");
  if (!payment) throw new AppError("not_found", "That payment does not exist in this organisation.", { reason: "unknown_payment" });
  if (allocations.length === 0) throw new AppError("invalid", "Choose an invoice to allocate to.", { reason: "no_allocations", field: "allocations" });
  const allocated = await checkAllocations(tx, payment.customerId, allocations, payment.currency);
  const rest = await unallocatedOf(tx, paymentId);
  if (allocated > rest) {
    throw new AppError("invalid", `Only ${toDecimalString(rest, payment.currency)} ${payment.currency} of ${payment.number} is not allocated yet.`, { reason: "allocations_exceed_payment", field: "amount" });
  }
  await writeAllocations(tx, paymentId, allocations);
  await recordAudit(tx, { action: "sales.payment_allocated", entityType: "sales_payment", entityId: paymentId, after: { allocations } });
  return payment;
}

export interface PaymentWithAllocations {
  payment: Payment;
  allocations: Array<Allocation & { invoiceNumber: string | null }>;
}

/** The payments allocated to an invoice, with the amount of each. */
export async function paymentsOfInvoice(tx: Tx, invoiceId: string): Promise<Array<{ payment: Payment; amountMinor: bigint }>> {
  if (!isUuid(invoiceId)) return [];
  const rows = await tx
    .select({ payment: salesPayments, amountMinor: salesPaymentAllocations.amountMinor })
    .from(salesPaymentAllocations)
    .innerJoin(salesPayments, and(eq(salesPayments.tenantId, salesPaymentAllocations.tenantId), eq(salesPayments.id, salesPaymentAllocations.paymentId)))
    .where(eq(salesPaymentAllocations.invoiceId, invoiceId))
    .orderBy(asc(salesPayments.paymentDate), asc(salesPayments.number));
  return rows;
}

/** Today in the organisation's time zone, for statuses that depend on the date. */
export async function organisationToday(tx: Tx): Promise<string> {
  return todayIn((await organisationSettings(tx)).timeZone);
}
