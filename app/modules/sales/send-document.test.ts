import { getDocument as readPdf } from "pdfjs-dist/legacy/build/pdf.mjs";
import { sql } from "drizzle-orm";
import { db, queryRows } from "~/db.server";
import { listAttachments } from "~/modules/email/outbox.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { databaseRefusal } from "~/test/expect-database";
import { appRefusal } from "~/test/expect-refusal";
import { createOrganisationWithOwner, emailsTo } from "~/test/factories";
import { customerFor, SALE_DATE, salesSetup } from "~/test/sales";
import { createDraft } from "./documents.server";
import { postDocument } from "./post-document.server";
import { listSends, sendDocument } from "./send-document.server";

const ORGANISATION = { name: "Ωmega Großhandel", currency: "EUR", locale: "en-GB" };

async function pdfText(content: Buffer): Promise<string> {
  const document = await readPdf({ data: new Uint8Array(content) }).promise;
  const page = await document.getPage(1);
  return (await page.getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join(" ");
}

describe("sending a document", () => {
  it("emails a posted invoice to the customer with its PDF, records the send and audits it", async () => {
    const org = await salesSetup();
    const customer = await customerFor(org.actor, { name: "Çiftçi Ticaret", email: "Einkauf@Ciftci.example" });
    const posted = await withTenant(org.actor, async (tx) => {
      const draft = await createDraft(tx, { kind: "invoice", customerId: customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "3" }] });
      return postDocument(tx, draft.id);
    });
    const sent = await withTenant(org.actor, (tx) => sendDocument(tx, { documentId: posted.id, kind: "invoice", message: "Thank you for your order.", organisation: ORGANISATION }));
    expect(sent.to).toBe("einkauf@ciftci.example");
    const [mail] = await emailsTo("einkauf@ciftci.example", "sales-document");
    expect(mail.subject).toBe(`Invoice ${posted.number} from Ωmega Großhandel`);
    expect(mail.text).toContain("Thank you for your order.");
    expect(mail.text).toContain("€36.00");
    const [attachment] = await listAttachments(db(), mail.id);
    expect([attachment.filename, attachment.contentType]).toEqual([`${posted.number}.pdf`, "application/pdf"]);
    const text = await pdfText(attachment.content);
    for (const shown of [posted.number!, "Çiftçi Ticaret", "Ωmega Großhandel", "W-1", "36.00"]) expect(text).toContain(shown);
    const sends = await withTenant(org.actor, (tx) => listSends(tx, posted.id));
    expect(sends.map((s) => s.toAddress)).toEqual(["einkauf@ciftci.example"]);
    const audited = await withTenant(org.actor, (tx) => queryRows<{ action: string }>(tx, sql`select action from audit_events where action = 'sales.document_sent'`));
    expect(audited).toHaveLength(1);
    expect(await databaseRefusal(withTenant(org.actor, (tx) => tx.execute(sql`delete from sales_document_sends`)))).toMatch(/append-only/);
  });

  it("refuses a draft, a customer without an address unless one is given, a malformed address, and another organisation's document", async () => {
    const org = await salesSetup();
    const { draft, posted } = await withTenant(org.actor, async (tx) => {
      const draft = await createDraft(tx, { kind: "invoice", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] });
      const other = await createDraft(tx, { kind: "invoice", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] });
      return { draft, posted: await postDocument(tx, other.id) };
    });
    const send = (documentId: string, to?: string) => withTenant(org.actor, (tx) => sendDocument(tx, { documentId, kind: "invoice", to, organisation: ORGANISATION }));
    expect((await appRefusal(send(draft.id), 409)).reason).toBe("not_posted");
    expect((await appRefusal(send(posted.id), 400)).field).toBe("to");
    expect((await appRefusal(send(posted.id, "not an address"), 400)).reason).toBe("invalid_email");
    await send(posted.id, "office@acme.example");
    const stranger = await createOrganisationWithOwner();
    await appRefusal(withTenant(stranger.actor, (tx) => sendDocument(tx, { documentId: posted.id, kind: "invoice", to: "x@y.example", organisation: ORGANISATION })), 404);
    expect((await withTenant(org.actor, (tx) => listSends(tx, posted.id))).map((s) => s.toAddress)).toEqual(["office@acme.example"]);
  });
});
