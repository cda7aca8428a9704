/**
 * The sales document routes as Remix calls them, for the three kinds of member: a salesman gets a 404 for every
 * route that names a document of a customer not his (page, print view, edit, actions) and lists without them; the
 * customer's salesman gets the pages; a viewer reads but may not write (403); bad input is a 400 beside its field.
 */
import { randomUUID } from "node:crypto";
import { updateParty } from "~/modules/parties/parties.server";
import { createDraft } from "~/modules/sales/documents.server";
import { postDocument } from "~/modules/sales/post-document.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { action as detailAction, loader as detailLoader } from "~/routes/app.$org.sales+/documents.$kind.$documentId._index";
import { action as editAction, loader as editLoader } from "~/routes/app.$org.sales+/documents.$kind.$documentId.edit";
import { loader as printLoader } from "~/routes/app.$org.sales+/documents.$kind.$documentId.print";
import { loader as listLoader } from "~/routes/app.$org.sales+/documents.$kind._index";
import { action as newAction, loader as newLoader } from "~/routes/app.$org.sales+/documents.$kind.new";
import { loader as paymentLoader } from "~/routes/app.$org.sales+/payments.new";
import { createMember } from "./factories";
import { formPost, getRequest, respond, sessionCookie } from "./requests";
import { customerInput, SALE_DATE, salesSetup } from "./sales";

async function setup() {
  const org = await salesSetup();
  const sam = await createMember(org.actor, "salesman", { name: "Sam Seller" });
  const tina = await createMember(org.actor, "salesman", { name: "Tina Trader" });
  const viewer = await createMember(org.actor, "viewer");
  await withTenant(org.actor, (tx) => updateParty(tx, "customer", org.customer.id, { ...customerInput(), assignedUserId: sam.user.id }));
  const [invoice, draft] = await withTenant(org.actor, async (tx) => [
    await postDocument(tx, (await createDraft(tx, { kind: "invoice", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] })).id),
    await createDraft(tx, { kind: "invoice", customerId: org.customer.id, issueDate: SALE_DATE, lines: [{ itemId: org.widget.id, quantity: "1" }] }),
  ]);
  const cookies = { owner: await sessionCookie(org.user.id), sam: await sessionCookie(sam.user.id), tina: await sessionCookie(tina.user.id), viewer: await sessionCookie(viewer.user.id) };
  return { org, invoice, draft, cookies };
}

describe("the sales document routes", () => {
  it("answer a salesman 404 for another salesman's customer's documents on every route that names one, and leave them out of lists", async () => {
    const { org, invoice, draft, cookies } = await setup();
    const slug = org.organisation.slug;
    const paramsOf = (documentId: string) => ({ org: slug, kind: "invoices", documentId });
    const page = (documentId: string, suffix = "") => `/app/${slug}/sales/documents/invoices/${documentId}${suffix}`;
    for (const [who, expected] of [
      ["tina", 404],
      ["sam", 200],
      ["owner", 200],
    ] as const) {
      const cookie = cookies[who];
      expect((await respond(detailLoader, getRequest(page(invoice.id), { cookie }), paramsOf(invoice.id))).status, `${who}: page`).toBe(expected);
      expect((await respond(printLoader, getRequest(page(invoice.id, "/print"), { cookie }), paramsOf(invoice.id))).status, `${who}: print`).toBe(expected);
      expect((await respond(editLoader, getRequest(page(draft.id, "/edit"), { cookie }), paramsOf(draft.id))).status, `${who}: edit`).toBe(expected);
    }
    for (const intent of ["post", "delete", "convert:credit_note"]) {
      const target = intent === "convert:credit_note" ? invoice.id : draft.id;
      expect((await respond(detailAction, formPost(page(target), { intent }, { cookie: cookies.tina }), paramsOf(target))).status, intent).toBe(404);
    }
    expect((await respond(editAction, formPost(page(draft.id, "/edit"), { intent: "save", customerId: org.customer.id, issueDate: SALE_DATE }, { cookie: cookies.tina }), paramsOf(draft.id))).status).toBe(404);
    const list = async (cookie: string) => ((await (await respond(listLoader, getRequest(`/app/${slug}/sales/documents/invoices`, { cookie }), { org: slug, kind: "invoices" })).json()) as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
    expect(await list(cookies.tina)).toEqual([]);
    expect((await list(cookies.sam)).sort()).toEqual([invoice.id, draft.id].sort());
    const payment = (await (await respond(paymentLoader, getRequest(`/app/${slug}/sales/payments/new?customerId=${org.customer.id}`, { cookie: cookies.tina }), { org: slug })).json()) as { customerId: string; invoices: unknown[] };
    expect(payment).toMatchObject({ customerId: "", invoices: [] });
    // Another kind's address for the invoice, and an address that is no kind, are not found either.
    expect((await respond(detailLoader, getRequest(page(invoice.id), { cookie: cookies.owner }), { org: slug, kind: "orders", documentId: invoice.id })).status).toBe(404);
    expect((await respond(listLoader, getRequest(`/app/${slug}/sales/documents/bills`, { cookie: cookies.owner }), { org: slug, kind: "bills" })).status).toBe(404);
  });

  it("let a viewer read but not write, and refuse bad input with 400 beside the field", async () => {
    const { org, draft, cookies } = await setup();
    const slug = org.organisation.slug;
    expect((await respond(newLoader, getRequest(`/app/${slug}/sales/documents/invoices/new`, { cookie: cookies.viewer }), { org: slug, kind: "invoices" })).status).toBe(403);
    expect((await respond(detailAction, formPost(`/app/${slug}/sales/documents/invoices/${draft.id}`, { intent: "post" }, { cookie: cookies.viewer }), { org: slug, kind: "invoices", documentId: draft.id })).status).toBe(403);
    const refused = await respond(
      newAction,
      formPost(`/app/${slug}/sales/documents/invoices/new`, { intent: "save", idempotencyToken: randomUUID(), customerId: org.customer.id, issueDate: SALE_DATE, "lines.0.itemId": org.widget.id, "lines.0.quantity": "1", "lines.0.discount": "120" }, { cookie: cookies.owner }),
      { org: slug, kind: "invoices" },
    );
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { errors: Record<string, string> };
    expect(body.errors["lines.0.discount"]).toMatch(/between 0% and 100%/);
    const noLines = await respond(newAction, formPost(`/app/${slug}/sales/documents/invoices/new`, { intent: "save", idempotencyToken: randomUUID(), customerId: org.customer.id, issueDate: SALE_DATE }, { cookie: cookies.owner }), { org: slug, kind: "invoices" });
    expect(noLines.status).toBe(400);
    expect(((await noLines.json()) as { errors: Record<string, string> }).errors.lines).toBe("Add at least one line.");
  });
});
