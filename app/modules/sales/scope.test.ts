import { sql } from "drizzle-orm";
import { queryRows } from "~/db.server";
import { updateParty } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { databaseRefusal } from "~/test/expect-database";
import { appRefusal } from "~/test/expect-refusal";
import { createMember } from "~/test/factories";
import { customerInput, SALE_DATE, salesSetup } from "~/test/sales";
import { createDraft, getDocument } from "./documents.server";
import { listDocuments } from "./list.server";
import { recordPayment } from "./payments.server";
import { postDocument } from "./post-document.server";

async function scopedSetup() {
  const org = await salesSetup();
  const sam = await createMember(org.actor, "salesman", { name: "Sam Seller" });
  const tina = await createMember(org.actor, "salesman", { name: "Tina Trader" });
  const customer = await withTenant(org.actor, (tx) => updateParty(tx, "customer", org.customer.id, { ...customerInput(), assignedUserId: sam.user.id }));
  const invoice = await withTenant(org.actor, async (tx) =>
    postDocument(tx, (await createDraft(tx, { kind: "invoice", customerId: customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] })).id),
  );
  await withTenant(org.actor, (tx) =>
    recordPayment(tx, { customerId: customer.id, method: "cash", paymentDate: SALE_DATE, amountMinor: 500n, allocations: [{ invoiceId: invoice.id, amountMinor: 500n }] }),
  );
  return { ...org, sam, tina, invoice };
}

async function visibleRows(actor: Parameters<typeof withTenant>[0]) {
  return withTenant(actor, async (tx) => {
    const count = async (table: string) => (await queryRows(tx, sql`select 1 from ${sql.identifier(table)}`)).length;
    return {
      documents: await count("sales_documents"),
      lines: await count("sales_document_lines"),
      payments: await count("sales_payments"),
      allocations: await count("sales_payment_allocations"),
    };
  });
}

describe("the salesman's scope over sales", () => {
  it("shows a salesman his customers' documents, lines, payments and allocations only, in lists and by id", async () => {
    const org = await scopedSetup();
    expect(await visibleRows(org.sam.actor)).toEqual({ documents: 1, lines: 1, payments: 1, allocations: 1 });
    expect(await visibleRows(org.tina.actor)).toEqual({ documents: 0, lines: 0, payments: 0, allocations: 0 });
    expect((await withTenant(org.sam.actor, (tx) => listDocuments(tx, { kind: "invoice" }))).rows.map((r) => r.id)).toEqual([org.invoice.id]);
    expect((await withTenant(org.tina.actor, (tx) => listDocuments(tx, { kind: "invoice" }))).rows).toEqual([]);
    await withTenant(org.sam.actor, (tx) => getDocument(tx, org.invoice.id));
    expect((await appRefusal(withTenant(org.tina.actor, (tx) => getDocument(tx, org.invoice.id)), 404)).reason).toBe("unknown_document");
  });

  it("moves the documents with the customer the moment it is reassigned", async () => {
    const org = await scopedSetup();
    await withTenant(org.actor, (tx) => updateParty(tx, "customer", org.customer.id, { ...customerInput(), assignedUserId: org.tina.user.id }));
    expect(await visibleRows(org.sam.actor)).toEqual({ documents: 0, lines: 0, payments: 0, allocations: 0 });
    expect(await visibleRows(org.tina.actor)).toEqual({ documents: 1, lines: 1, payments: 1, allocations: 1 });
    await appRefusal(withTenant(org.sam.actor, (tx) => getDocument(tx, org.invoice.id)), 404);
  });

  it("lets a salesman write documents only for his own customers", async () => {
    const org = await scopedSetup();
    const draft = await withTenant(org.sam.actor, (tx) => createDraft(tx, { kind: "order", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] }));
    expect((await withTenant(org.sam.actor, (tx) => postDocument(tx, draft.id))).number).toBe("SO-2026-000001");
    const refusal = await appRefusal(withTenant(org.tina.actor, (tx) => createDraft(tx, { kind: "order", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] })), 400);
    expect(refusal.field).toBe("customerId");
    // Straight SQL meets the policy too.
    const message = await databaseRefusal(
      withTenant(org.tina.actor, (tx) =>
        tx.execute(sql`insert into sales_documents (tenant_id, kind, customer_id, issue_date, currency) values (app_tenant_id(), 'invoice', ${org.customer.id}::uuid, ${SALE_DATE}::date, 'EUR')`),
      ),
    );
    expect(message).toMatch(/row-level security/);
  });
});
