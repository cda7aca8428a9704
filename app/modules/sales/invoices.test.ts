import { sql } from "drizzle-orm";
import { databaseHandle, openDatabase, queryRow, queryRows, setDatabase, type DatabaseHandle } from "~/db.server";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { partyBalance } from "~/modules/ledger/party-balances.server";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { databaseRefusal } from "~/test/expect-database";
import { appRefusal } from "~/test/expect-refusal";
import { createOrganisationWithOwner } from "~/test/factories";
import { customerFor, SALE_DATE, salesSetup } from "~/test/sales";
import { createItem } from "~/modules/inventory/items.server";
import { createDraft, getDocument, updateDraft, type DraftInput } from "./documents.server";
import { postDocument } from "./post-document.server";

type Setup = Awaited<ReturnType<typeof salesSetup>>;

function invoice(org: Setup, overrides: Partial<DraftInput> = {}): DraftInput {
  return { kind: "invoice", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "3" }], ...overrides };
}

async function stockOf(actor: TenantActor, itemId: string) {
  return withTenant(actor, (tx) => queryRow<{ on_hand: string; value: string }>(tx, sql`select on_hand_micro::text as on_hand, value_minor::text as value from stock_balances where item_id = ${itemId}::uuid`));
}

async function accountTotal(actor: TenantActor, role: "receivable" | "sales" | "tax_payable" | "cost_of_goods_sold" | "inventory") {
  return withTenant(actor, async (tx) => {
    const account = (await findAccountByRole(tx, role))!;
    const row = await queryRow<{ debit: string; credit: string }>(
      tx,
      sql`select coalesce(sum(debit_minor), 0)::text as debit, coalesce(sum(credit_minor), 0)::text as credit from journal_lines where account_id = ${account.id}::uuid`,
    );
    return BigInt(row!.debit) - BigInt(row!.credit);
  });
}

describe("invoice drafts", () => {
  it("prices a line from the item, taxes it at the item's rate, rounds per line and keeps totals exact", async () => {
    const org = await salesSetup();
    const draft = await withTenant(org.actor, (tx) =>
      createDraft(tx, invoice(org, { lines: [{ itemId: org.widget.id, quantity: "3", discountBp: 1250 }, { itemId: org.service.id, quantity: "1", unitPriceMinor: 3333n }] })),
    );
    const { document, lines } = await withTenant(org.actor, (tx) => getDocument(tx, draft.id));
    // 3 x 10.00 = 30.00, 12.5% off = 3.75, net 26.25, 20% tax 5.25; the service 33.33 without tax.
    expect(lines[0]).toMatchObject({ unitPriceMinor: 1000n, grossMinor: 3000n, discountMinor: 375n, netMinor: 2625n, taxRateBp: 2000, taxRateId: org.standard.id, taxMinor: 525n, totalMinor: 3150n });
    expect(lines[1]).toMatchObject({ unitPriceMinor: 3333n, netMinor: 3333n, taxMinor: 0n, warehouseId: null });
    expect(document).toMatchObject({ status: "draft", number: null, subtotalMinor: 6333n, discountMinor: 375n, taxMinor: 525n, totalMinor: 6483n, dueDate: "2026-04-09" });
  });

  it("refuses bad input beside its field with 400, writing nothing", async () => {
    const org = await salesSetup();
    const other = await salesSetup();
    const cases: Array<[Partial<DraftInput>, string, string]> = [
      [{ lines: [] }, "lines", "no_lines"],
      [{ lines: [{ itemId: org.widget.id, quantity: "1", unitPriceMinor: -1n }] }, "lines.0.unitPrice", "negative_price"],
      [{ lines: [{ itemId: org.widget.id, quantity: "1", discountBp: 10_001 }] }, "lines.0.discount", "invalid_discount"],
      [{ lines: [{ itemId: org.widget.id, quantity: "0" }] }, "lines.0.quantity", "non_positive_quantity"],
      [{ lines: [{ itemId: org.widget.id, quantity: "1.5" }] }, "lines.0.quantity", "too_many_decimals"],
      [{ customerId: other.customer.id }, "customerId", "unknown_customer"],
      [{ lines: [{ itemId: other.widget.id, quantity: "1" }] }, "lines.0.itemId", "unknown_item"],
      [{ lines: [{ itemId: org.widget.id, quantity: "1", taxRateId: other.standard.id }] }, "lines.0.taxRateId", "unknown_tax_rate"],
      [{ lines: [{ itemId: org.widget.id, quantity: "1", warehouseId: other.main.id }] }, "lines.0.warehouseId", "unknown_warehouse"],
    ];
    for (const [overrides, field, reason] of cases) {
      const refusal = await appRefusal(withTenant(org.actor, (tx) => createDraft(tx, invoice(org, overrides))), 400);
      expect([refusal.field, refusal.reason]).toEqual([field, reason]);
    }
    const written = await withTenant(org.actor, (tx) => queryRows(tx, sql`select 1 from sales_documents`));
    expect(written).toHaveLength(0);
  });

  it("edits a draft's lines and customer; another organisation's draft is not found", async () => {
    const org = await salesSetup();
    const other = await createOrganisationWithOwner();
    const second = await customerFor(org.actor, { name: "Beta Foods", paymentTermsDays: 7 });
    const draft = await withTenant(org.actor, (tx) => createDraft(tx, invoice(org)));
    const updated = await withTenant(org.actor, (tx) => updateDraft(tx, draft.id, { customerId: second.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "5", taxRateId: null }] }));
    expect(updated).toMatchObject({ customerId: second.id, totalMinor: 5000n, taxMinor: 0n, dueDate: "2026-03-17" });
    await appRefusal(withTenant(other.actor, (tx) => getDocument(tx, draft.id)), 404);
    await appRefusal(withTenant(other.actor, (tx) => updateDraft(tx, draft.id, { customerId: second.id, issueDate: SALE_DATE, lines: [] })), 404);
  });
});

describe("posting an invoice", () => {
  it("numbers it, issues the stock, books receivable, revenue, tax and cost of goods once, and audits it", async () => {
    const org = await salesSetup();
    const draft = await withTenant(org.actor, (tx) => createDraft(tx, invoice(org, { lines: [{ itemId: org.widget.id, quantity: "3" }, { itemId: org.service.id, quantity: "1" }] })));
    const posted = await withTenant(org.actor, (tx) => postDocument(tx, draft.id));
    expect(posted).toMatchObject({ status: "posted", number: "INV-2026-000001", totalMinor: 8600n });
    expect(await stockOf(org.actor, org.widget.id)).toEqual({ on_hand: "7000000", value: "2800" });
    expect(await accountTotal(org.actor, "receivable")).toBe(8600n);
    expect(await accountTotal(org.actor, "sales")).toBe(-8000n);
    expect(await accountTotal(org.actor, "tax_payable")).toBe(-600n);
    expect(await accountTotal(org.actor, "cost_of_goods_sold")).toBe(1200n);
    expect(await accountTotal(org.actor, "inventory")).toBe(2800n);
    const balance = await withTenant(org.actor, (tx) => partyBalance(tx, "customer", org.customer.id));
    expect(balance).toBe(8600n);
    const { lines } = await withTenant(org.actor, (tx) => getDocument(tx, draft.id));
    expect(lines[0]).toMatchObject({ stockQtyMicro: 3_000_000n, stockValueMinor: 1200n });
    const { events } = await withTenant(org.actor, (tx) => listAuditEvents(tx, { entityType: "sales_document", limit: 10 }));
    expect(events.map((e) => e.action)).toEqual(["sales.invoice_posted", "sales.draft_created"]);
  });

  it("is immutable once posted, in the module and in the database", async () => {
    const org = await salesSetup();
    const draft = await withTenant(org.actor, (tx) => createDraft(tx, invoice(org)));
    await withTenant(org.actor, (tx) => postDocument(tx, draft.id));
    const refusal = await appRefusal(withTenant(org.actor, (tx) => updateDraft(tx, draft.id, { customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] })), 409);
    expect(refusal.reason).toBe("already_posted");
    expect(await databaseRefusal(withTenant(org.actor, (tx) => tx.execute(sql`update sales_documents set total_minor = 1 where id = ${draft.id}::uuid`)))).toMatch(/immutable/);
    expect(await databaseRefusal(withTenant(org.actor, (tx) => tx.execute(sql`update sales_document_lines set unit_price_minor = 1 where document_id = ${draft.id}::uuid`)))).toMatch(/immutable/);
    expect(await databaseRefusal(withTenant(org.actor, (tx) => tx.execute(sql`delete from sales_documents where id = ${draft.id}::uuid`)))).toMatch(/immutable/);
  });

  it("refuses a quantity the stock cannot cover, naming what is available, and writes nothing", async () => {
    const org = await salesSetup({ stock: "2" });
    const draft = await withTenant(org.actor, (tx) => createDraft(tx, invoice(org)));
    const refusal = await appRefusal(withTenant(org.actor, (tx) => postDocument(tx, draft.id)), 400);
    expect([refusal.field, refusal.reason]).toEqual(["lines.0.quantity", "insufficient_stock"]);
    expect(refusal.message).toContain("2 pcs");
    const { document } = await withTenant(org.actor, (tx) => getDocument(tx, draft.id));
    expect(document.status).toBe("draft");
    expect(await stockOf(org.actor, org.widget.id)).toEqual({ on_hand: "2000000", value: "800" });
    // The refused posting gave its number back: the next one is still the first.
    await withTenant(org.actor, (tx) => updateDraft(tx, draft.id, { customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "2" }] }));
    expect((await withTenant(org.actor, (tx) => postDocument(tx, draft.id))).number).toBe("INV-2026-000001");
  });

  it("answers a second posting of the same draft with 409 already posted", async () => {
    const org = await salesSetup();
    const draft = await withTenant(org.actor, (tx) => createDraft(tx, invoice(org)));
    await withTenant(org.actor, (tx) => postDocument(tx, draft.id));
    const refusal = await appRefusal(withTenant(org.actor, (tx) => postDocument(tx, draft.id)), 409);
    expect(refusal.reason).toBe("already_posted");
    expect(refusal.message).toContain("already posted");
  });

  it("posts a zero-priced service invoice without a ledger entry and with no stock", async () => {
    const org = await salesSetup();
    const free = await withTenant(org.actor, (tx) => createItem(tx, { sku: "F-1", name: "Advice", kind: "service" }));
    const draft = await withTenant(org.actor, (tx) => createDraft(tx, invoice(org, { lines: [{ itemId: free.id, quantity: "1" }] })));
    const posted = await withTenant(org.actor, (tx) => postDocument(tx, draft.id));
    expect(posted).toMatchObject({ number: "INV-2026-000001", journalEntryId: null, totalMinor: 0n });
  });
});

describe("posting at once (separate connections)", () => {
  let many: DatabaseHandle | undefined;
  let previous: DatabaseHandle | undefined;
  beforeAll(async () => {
    previous = databaseHandle();
    if (previous.kind === "postgres" && previous.url) {
      many = await openDatabase({ url: previous.url, maxConnections: 30 });
      setDatabase(many);
    }
  });
  afterAll(async () => {
    if (previous) setDatabase(previous);
    await many?.close();
  });

  it("posts a double-submitted draft once: the other request is told it was already posted", async () => {
    const org = await salesSetup();
    const draft = await withTenant(org.actor, (tx) => createDraft(tx, invoice(org)));
    const results = await Promise.allSettled([withTenant(org.actor, (tx) => postDocument(tx, draft.id)), withTenant(org.actor, (tx) => postDocument(tx, draft.id))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(refused[0].reason).toMatchObject({ status: 409, reason: "already_posted" });
    expect(await stockOf(org.actor, org.widget.id)).toMatchObject({ on_hand: "7000000" });
    expect(await accountTotal(org.actor, "receivable")).toBe(3600n);
  });

  it("gives 20 concurrent postings in one series 20 gapless numbers", async () => {
    const org = await salesSetup({ stock: "100" });
    const drafts = [];
    for (let i = 0; i < 20; i++) {
      drafts.push(await withTenant(org.actor, (tx) => createDraft(tx, invoice(org, { lines: [{ itemId: org.widget.id, quantity: "1" }, { itemId: org.service.id, quantity: "1" }] }))));
    }
    const posted = await Promise.all(drafts.map((d) => withTenant(org.actor, (tx) => postDocument(tx, d.id))));
    const numbers = posted.map((p) => p.number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `INV-2026-${String(i + 1).padStart(6, "0")}`));
    expect(await stockOf(org.actor, org.widget.id)).toMatchObject({ on_hand: "80000000" });
  });
});
