import { randomUUID } from "node:crypto";
import { withTenant } from "~/modules/tenancy/context.server";
import { action as draftAction } from "~/routes/app.$org.ledger.drafts.$draftId";
import { createOrganisationWithOwner } from "~/test/factories";
import { formPost, respond, sessionCookie } from "~/test/requests";
import { findAccountByRole } from "./accounts.server";
import { createDraft } from "./drafts.server";

/** An organisation with its owner signed in, and two of its accounts. */
async function signedInOrganisation() {
  const org = await createOrganisationWithOwner();
  const { cash, bank } = await withTenant(org.actor, async (tx) => ({
    cash: (await findAccountByRole(tx, "cash"))!,
    bank: (await findAccountByRole(tx, "bank"))!,
  }));
  return { ...org, cash, bank, cookie: await sessionCookie(org.user.id) };
}

describe("the draft form's round trips", () => {
  it("answer 404 for a draft that does not exist or is another organisation's, and re-render an existing one", async () => {
    const a = await signedInOrganisation();
    const b = await signedInOrganisation();
    const draft = await withTenant(b.actor, (tx) => createDraft(tx, { entryDate: "2026-03-01", memo: "B's", lines: [{ accountId: b.cash.id, debit: "1" }] }));
    const fields = { entryDate: "2026-03-01", memo: "", "lines.0.accountId": a.cash.id, "lines.0.debit": "1", "lines.1.accountId": a.bank.id, "lines.1.credit": "1" };
    for (const intent of ["refresh", "add-line", "remove-line:1"]) {
      for (const draftId of [randomUUID(), draft.id]) {
        const response = await respond(draftAction, formPost(`/app/${a.tenant.slug}/ledger/drafts/${draftId}`, { ...fields, intent }, { cookie: a.cookie }), {
          org: a.tenant.slug,
          draftId,
        });
        expect([intent, response.status]).toEqual([intent, 404]);
        expect(((await response.json()) as { message: string }).message).toBe("That draft does not exist in this organisation.");
      }
    }
    const own = await respond(draftAction, formPost(`/app/${b.tenant.slug}/ledger/drafts/${draft.id}`, { ...fields, intent: "add-line" }, { cookie: b.cookie }), {
      org: b.tenant.slug,
      draftId: draft.id,
    });
    expect(own.status).toBe(200);
    const { values } = (await own.json()) as { values: Record<string, string> };
    expect(values["lines.2.accountId"]).toBe("");
  });
});
