import { eq, sql } from "drizzle-orm";
import { db, queryRow } from "~/db.server";
import { purgeCancelledOrganisation } from "~/modules/tenancy/retention.server";
import { tenants } from "~/modules/tenancy/schema";
import { setItemActive } from "~/modules/inventory/items.server";
import { listReservations } from "~/modules/inventory/stock.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { partyBalance } from "~/modules/ledger/party-balances.server";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { appRefusal } from "~/test/expect-refusal";
import { SALE_DATE, salesSetup } from "~/test/sales";
import { convertDocument } from "./convert.server";
import { createDraft, getDocument, type DraftInput } from "./documents.server";
import { listDocuments } from "./list.server";
import { allocatePayment, invoiceSettlements, recordPayment } from "./payments.server";
import { postDocument } from "./post-document.server";

type Setup = Awaited<ReturnType<typeof salesSetup>>;

async function onHand(actor: TenantActor, itemId: string) {
  const row = await withTenant(actor, (tx) =>
    queryRow<{ on_hand: string; reserved: string; value: string }>(tx, sql`select on_hand_micro::text as on_hand, reserved_micro::text as reserved, value_minor::text as value from stock_balances where item_id = ${itemId}::uuid`),
  );
  return row;
}

async function postedInvoice(org: Setup, quantity = "3", extra: Partial<DraftInput> = {}) {
  return withTenant(org.actor, async (tx) => {
    const draft = await createDraft(tx, { kind: "invoice", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity }], ...extra });
    return postDocument(tx, draft.id);
  });
}

async function ledgerTotal(actor: TenantActor, role: "receivable" | "sales" | "cost_of_goods_sold" | "inventory" | "bank" | "cash" | "tax_payable") {
  return withTenant(actor, async (tx) => {
    const account = (await findAccountByRole(tx, role))!;
    const row = await queryRow<{ net: string }>(tx, sql`select coalesce(sum(debit_minor - credit_minor), 0)::text as net from journal_lines where account_id = ${account.id}::uuid`);
    return BigInt(row!.net);
  });
}

describe("payments", () => {
  it("settles invoices partly and fully, posts bank against receivable, and shows the invoices' status", async () => {
    const org = await salesSetup();
    const first = await postedInvoice(org, "3"); // 36.00
    const second = await postedInvoice(org, "1"); // 12.00
    await withTenant(org.actor, (tx) =>
      recordPayment(tx, { customerId: org.customer.id, method: "bank_transfer", reference: "TX-1", paymentDate: SALE_DATE, amountMinor: 4000n, allocations: [{ invoiceId: first.id, amountMinor: 3600n }, { invoiceId: second.id, amountMinor: 400n }] }),
    );
    const settled = await withTenant(org.actor, (tx) => invoiceSettlements(tx, [first.id, second.id]));
    expect([settled.get(first.id), settled.get(second.id)]).toEqual([3600n, 400n]);
    expect(await ledgerTotal(org.actor, "bank")).toBe(4000n);
    expect(await withTenant(org.actor, (tx) => partyBalance(tx, "customer", org.customer.id))).toBe(800n);
    const page = await withTenant(org.actor, (tx) => listDocuments(tx, { kind: "invoice" }));
    const status = new Map(page.rows.map((r) => [r.id, [r.shownStatus, r.outstandingMinor]]));
    expect(status.get(first.id)).toEqual(["paid", 0n]);
    // The second invoice fell due 30 days after 2026-03-10, a date long past: overdue.
    expect(status.get(second.id)).toEqual(["overdue", 800n]);
    const paid = await withTenant(org.actor, (tx) => listDocuments(tx, { kind: "invoice", status: "paid" }));
    expect(paid.rows.map((r) => r.id)).toEqual([first.id]);
    const overdue = await withTenant(org.actor, (tx) => listDocuments(tx, { kind: "invoice", status: "overdue" }));
    expect(overdue.rows.map((r) => r.id)).toEqual([second.id]);
  });

  it("refuses an over-payment unless kept as credit, and uses the credit later", async () => {
    const org = await salesSetup();
    const invoice = await postedInvoice(org, "1"); // 12.00
    const input = { customerId: org.customer.id, method: "cash" as const, paymentDate: SALE_DATE, amountMinor: 2000n, allocations: [{ invoiceId: invoice.id, amountMinor: 1200n }] };
    const refusal = await appRefusal(withTenant(org.actor, (tx) => recordPayment(tx, input)), 400);
    expect([refusal.field, refusal.reason]).toEqual(["amount", "unallocated_payment"]);
    const over = await appRefusal(withTenant(org.actor, (tx) => recordPayment(tx, { ...input, allocations: [{ invoiceId: invoice.id, amountMinor: 1300n }] })), 400);
    expect([over.field, over.reason]).toEqual(["allocations.0.amount", "over_allocation"]);
    expect(await ledgerTotal(org.actor, "cash")).toBe(0n);
    const payment = await withTenant(org.actor, (tx) => recordPayment(tx, { ...input, keepAsCredit: true }));
    expect(payment.number).toBe("PAY-2026-000001");
    expect(await ledgerTotal(org.actor, "cash")).toBe(2000n);
    expect(await withTenant(org.actor, (tx) => partyBalance(tx, "customer", org.customer.id))).toBe(-800n);
    const next = await postedInvoice(org, "1");
    await withTenant(org.actor, (tx) => allocatePayment(tx, payment.id, [{ invoiceId: next.id, amountMinor: 800n }]));
    const tooMuch = await appRefusal(withTenant(org.actor, (tx) => allocatePayment(tx, payment.id, [{ invoiceId: next.id, amountMinor: 1n }])), 400);
    expect(tooMuch.reason).toBe("allocations_exceed_payment");
    expect((await withTenant(org.actor, (tx) => invoiceSettlements(tx, [next.id]))).get(next.id)).toBe(800n);
  });

  it("refuses another tenant's or a draft invoice as an allocation, and another tenant's customer", async () => {
    const org = await salesSetup();
    const other = await salesSetup();
    const theirs = await postedInvoice(other, "1");
    const draft = await withTenant(org.actor, (tx) => createDraft(tx, { kind: "invoice", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] }));
    for (const invoiceId of [theirs.id, draft.id, "not-a-uuid"]) {
      const refusal = await appRefusal(withTenant(org.actor, (tx) => recordPayment(tx, { customerId: org.customer.id, method: "card", paymentDate: SALE_DATE, amountMinor: 100n, allocations: [{ invoiceId, amountMinor: 100n }] })), 400);
      expect(refusal.field).toBe("allocations.0.invoiceId");
    }
    const customer = await appRefusal(withTenant(org.actor, (tx) => recordPayment(tx, { customerId: other.customer.id, method: "card", paymentDate: SALE_DATE, amountMinor: 100n, allocations: [], keepAsCredit: true })), 400);
    expect(customer.field).toBe("customerId");
  });
});

describe("quotation to paid invoice", () => {
  it("reserves on the order, issues on a partial delivery, invoices without issuing again, and releases as it goes", async () => {
    const org = await salesSetup();
    const quotation = await withTenant(org.actor, async (tx) => {
      const draft = await createDraft(tx, { kind: "quotation", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "6" }, { itemId: org.service.id, quantity: "1" }] });
      return postDocument(tx, draft.id);
    });
    expect(quotation.number).toBe("QT-2026-000001");
    const order = await withTenant(org.actor, async (tx) => postDocument(tx, (await convertDocument(tx, quotation.id, "order", { issueDate: SALE_DATE })).id));
    expect(await onHand(org.actor, org.widget.id)).toMatchObject({ on_hand: "10000000", reserved: "6000000" });

    const { lines: orderLines } = await withTenant(org.actor, (tx) => getDocument(tx, order.id));
    const delivery = await withTenant(org.actor, async (tx) =>
      postDocument(tx, (await convertDocument(tx, order.id, "delivery", { issueDate: SALE_DATE, lines: [{ sourceLineId: orderLines[0].id, quantity: "4" }] })).id),
    );
    expect(delivery.number).toBe("DN-2026-000001");
    expect(await onHand(org.actor, org.widget.id)).toMatchObject({ on_hand: "6000000", reserved: "2000000" });
    // More than is open on the order is refused.
    await appRefusal(withTenant(org.actor, (tx) => convertDocument(tx, order.id, "delivery", { lines: [{ sourceLineId: orderLines[0].id, quantity: "3" }] })), 400);

    // Invoicing the whole order: 4 were delivered (not issued again), 2 leave now.
    const invoice = await withTenant(org.actor, async (tx) => postDocument(tx, (await convertDocument(tx, order.id, "invoice", { issueDate: SALE_DATE })).id));
    expect(await onHand(org.actor, org.widget.id)).toMatchObject({ on_hand: "4000000", reserved: "0" });
    const reservations = await withTenant(org.actor, (tx) => listReservations(tx, { itemId: org.widget.id }));
    expect(reservations).toEqual([]);
    expect(invoice.totalMinor).toBe(6n * 1200n + 5000n);
    expect(await ledgerTotal(org.actor, "cost_of_goods_sold")).toBe(2400n);
    await appRefusal(withTenant(org.actor, (tx) => convertDocument(tx, order.id, "invoice")), 409);

    await withTenant(org.actor, (tx) => recordPayment(tx, { customerId: org.customer.id, method: "bank_transfer", paymentDate: SALE_DATE, amountMinor: invoice.totalMinor, allocations: [{ invoiceId: invoice.id, amountMinor: invoice.totalMinor }] }));
    const page = await withTenant(org.actor, (tx) => listDocuments(tx, { kind: "invoice" }));
    expect(page.rows[0]).toMatchObject({ id: invoice.id, shownStatus: "paid", outstandingMinor: 0n });
    expect(await withTenant(org.actor, (tx) => partyBalance(tx, "customer", org.customer.id))).toBe(0n);
  });

  it("makes an invoice straight from a quotation, issuing its stock; a quotation cannot become a credit note", async () => {
    const org = await salesSetup();
    const quotation = await withTenant(org.actor, async (tx) =>
      postDocument(tx, (await createDraft(tx, { kind: "quotation", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "2", discountBp: 500 }] })).id),
    );
    const invoice = await withTenant(org.actor, async (tx) => postDocument(tx, (await convertDocument(tx, quotation.id, "invoice", { issueDate: SALE_DATE })).id));
    // 2 x 10.00 less 5% = 19.00, 20% tax 3.80.
    expect(invoice).toMatchObject({ number: "INV-2026-000001", totalMinor: 2280n, sourceDocumentId: quotation.id });
    expect(await onHand(org.actor, org.widget.id)).toMatchObject({ on_hand: "8000000" });
    expect((await appRefusal(withTenant(org.actor, (tx) => convertDocument(tx, quotation.id, "credit_note")), 400)).reason).toBe("invalid_conversion");
  });

  it("invoices a delivery without issuing its goods again", async () => {
    const org = await salesSetup();
    const order = await withTenant(org.actor, async (tx) =>
      postDocument(tx, (await createDraft(tx, { kind: "order", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "5" }] })).id),
    );
    const delivery = await withTenant(org.actor, async (tx) => postDocument(tx, (await convertDocument(tx, order.id, "delivery", { issueDate: SALE_DATE })).id));
    expect(await onHand(org.actor, org.widget.id)).toMatchObject({ on_hand: "5000000", reserved: "0" });
    await withTenant(org.actor, async (tx) => postDocument(tx, (await convertDocument(tx, delivery.id, "invoice", { issueDate: SALE_DATE })).id));
    expect(await onHand(org.actor, org.widget.id)).toMatchObject({ on_hand: "5000000", reserved: "0" });
    await appRefusal(withTenant(org.actor, (tx) => convertDocument(tx, delivery.id, "invoice")), 409);
    await appRefusal(withTenant(org.actor, (tx) => convertDocument(tx, order.id, "invoice")), 409);
  });
});

describe("credit notes", () => {
  it("credits part of an invoice, takes the goods back at the cost they left with, and reverses revenue, tax and receivable", async () => {
    const org = await salesSetup();
    const invoice = await postedInvoice(org, "3");
    const { lines } = await withTenant(org.actor, (tx) => getDocument(tx, invoice.id));
    const credit = await withTenant(org.actor, async (tx) => postDocument(tx, (await convertDocument(tx, invoice.id, "credit_note", { issueDate: SALE_DATE, lines: [{ sourceLineId: lines[0].id, quantity: "1" }] })).id));
    expect(credit).toMatchObject({ number: "CN-2026-000001", totalMinor: 1200n });
    expect(await onHand(org.actor, org.widget.id)).toMatchObject({ on_hand: "8000000", value: "3200" });
    expect(await ledgerTotal(org.actor, "cost_of_goods_sold")).toBe(800n);
    expect(await ledgerTotal(org.actor, "sales")).toBe(-2000n);
    expect(await ledgerTotal(org.actor, "tax_payable")).toBe(-400n);
    expect(await withTenant(org.actor, (tx) => partyBalance(tx, "customer", org.customer.id))).toBe(2400n);
    expect((await withTenant(org.actor, (tx) => invoiceSettlements(tx, [invoice.id]))).get(invoice.id)).toBe(1200n);
    // The rest, then nothing more.
    await withTenant(org.actor, async (tx) => postDocument(tx, (await convertDocument(tx, invoice.id, "credit_note", { issueDate: SALE_DATE })).id));
    expect(await onHand(org.actor, org.widget.id)).toMatchObject({ on_hand: "10000000", value: "4000" });
    await appRefusal(withTenant(org.actor, (tx) => convertDocument(tx, invoice.id, "credit_note")), 409);
    expect(await withTenant(org.actor, (tx) => partyBalance(tx, "customer", org.customer.id))).toBe(0n);
  });

  it("makes the credit note of an item switched off since, posts it once the item is on again; a new line for it is refused", async () => {
    const org = await salesSetup();
    const invoice = await postedInvoice(org, "2");
    await withTenant(org.actor, (tx) => setItemActive(tx, org.widget.id, false));
    const draft = await withTenant(org.actor, (tx) => convertDocument(tx, invoice.id, "credit_note", { issueDate: SALE_DATE }));
    const inactive = await appRefusal(withTenant(org.actor, (tx) => postDocument(tx, draft.id)), 409);
    expect([inactive.field, inactive.reason]).toEqual(["lines.0.itemId", "inactive_item"]);
    await withTenant(org.actor, (tx) => setItemActive(tx, org.widget.id, true));
    expect((await withTenant(org.actor, (tx) => postDocument(tx, draft.id))).totalMinor).toBe(2400n);
    await withTenant(org.actor, (tx) => setItemActive(tx, org.widget.id, false));
    const refusal = await appRefusal(withTenant(org.actor, (tx) => createDraft(tx, { kind: "invoice", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] })), 400);
    expect([refusal.field, refusal.reason]).toEqual(["lines.0.itemId", "inactive_item"]);
  });

  it("is refused without a posted invoice", async () => {
    const org = await salesSetup();
    const draft = await withTenant(org.actor, (tx) => createDraft(tx, { kind: "credit_note", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] }));
    expect((await appRefusal(withTenant(org.actor, (tx) => postDocument(tx, draft.id)), 400)).reason).toBe("no_invoice");
  });
});

describe("purging an organisation", () => {
  it("deletes its posted documents, lines, payments and allocations past their triggers", async () => {
    const org = await salesSetup();
    const invoice = await postedInvoice(org, "2");
    await withTenant(org.actor, (tx) => recordPayment(tx, { customerId: org.customer.id, method: "cash", paymentDate: SALE_DATE, amountMinor: 1000n, allocations: [{ invoiceId: invoice.id, amountMinor: 1000n }] }));
    await db().update(tenants).set({ status: "cancelled", cancelledAt: sql`now() - interval '31 days'` }).where(eq(tenants.id, org.organisation.id));
    expect(await purgeCancelledOrganisation(db(), org.organisation.id, 30)).toBe(true);
    for (const table of ["sales_documents", "sales_document_lines", "sales_payments", "sales_payment_allocations"]) {
      const left = await queryRow<{ n: string }>(db(), sql`select count(*)::text as n from ${sql.identifier(table)} where tenant_id = ${org.organisation.id}::uuid`);
      expect(left?.n, table).toBe("0");
    }
  });
});
