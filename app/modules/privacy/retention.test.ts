import { eq } from "drizzle-orm";
import { DATA_MAP } from "~/data-map.server";
import { db } from "~/db.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { postManualEntry } from "~/modules/ledger/drafts.server";
import { createParty, listParties } from "~/modules/parties/parties.server";
import { customers } from "~/modules/parties/schema";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { withOrganisationMaintenance } from "~/modules/tenancy/retention.server";
import { createOrganisationWithOwner, emailsTo, uniqueEmail } from "~/test/factories";
import { applyPrivacyRetention } from "./retention.server";
import { approveRequest, completeRequest, fileRightsRequest, unlessRefused, verifyRightsRequest } from "./rights-requests.server";
import { privacyRestrictions, rightsRequests } from "./schema";

async function latestCode(email: string) {
  return /Your code:\s*(\d{6})/.exec((await emailsTo(email, "rights-request")).at(-1)!.text)![1];
}

async function setUp() {
  const owner = await createOrganisationWithOwner();
  const org = { name: owner.organisation.name, slug: owner.organisation.slug };
  const publicActor: TenantActor = { tenantId: owner.organisation.id, userId: null, dataScope: "all" };
  const run = (now: Date) => withOrganisationMaintenance(db(), owner.organisation.id, (tx) => applyPrivacyRetention(tx, DATA_MAP, now));
  return { owner, org, publicActor, run };
}

describe("privacy retention, with a moved clock", () => {
  it("forgets codes after 15 minutes and removes unverified requests after 30 days", async () => {
    const { owner, org, publicActor, run } = await setUp();
    const start = new Date("2027-04-01T10:00:00Z");
    const { id } = await withTenant(publicActor, (tx) => fileRightsRequest(tx, { tenantId: owner.organisation.id, organisation: org, input: { right: "access", email: uniqueEmail() }, now: start }));
    expect(await run(new Date("2027-04-01T10:14:00Z"))).toMatchObject({ codesExpired: 0, unverifiedRequestsDeleted: 0 });
    expect(await run(new Date("2027-04-01T10:16:00Z"))).toMatchObject({ codesExpired: 1, unverifiedRequestsDeleted: 0 });
    const [kept] = await withTenant(owner.actor, (tx) => tx.select().from(rightsRequests).where(eq(rightsRequests.id, id)));
    expect(kept.codeHash).toBeNull();
    expect(await run(new Date("2027-04-30T10:00:00Z"))).toMatchObject({ unverifiedRequestsDeleted: 0 });
    expect(await run(new Date("2027-05-02T10:00:00Z"))).toMatchObject({ unverifiedRequestsDeleted: 1 });
    expect(await withTenant(owner.actor, (tx) => tx.select().from(rightsRequests))).toEqual([]);
  });

  it("releases the ledger lines kept after an erasure when the statutory period ends, and completes the request", async () => {
    const { owner, org, publicActor, run } = await setUp();
    const email = uniqueEmail("kept");
    await withTenant(owner.actor, async (tx) => {
      const customer = await createParty(tx, "customer", { name: "Kept Person", email, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, assignedUserId: null });
      const receivable = (await findAccountByRole(tx, "receivable"))!;
      const sales = (await findAccountByRole(tx, "sales"))!;
      await postManualEntry(tx, { entryDate: "2026-03-15", memo: "Sale", lines: [{ accountId: receivable.id, partyId: customer.id, debit: "10.00" }, { accountId: sales.id, credit: "10.00" }] });
    });
    const { id } = await withTenant(publicActor, (tx) => fileRightsRequest(tx, { tenantId: owner.organisation.id, organisation: org, input: { right: "erasure", email } }));
    const code = await latestCode(email); // read before the transaction: on PGlite the mailbox waits for its one connection
    unlessRefused(await withTenant(publicActor, (tx) => verifyRightsRequest(tx, { id, code, organisation: org })));
    await withTenant(owner.actor, (tx) => approveRequest(tx, { id, organisation: org }));
    const done = await withTenant(owner.actor, (tx) => completeRequest(tx, DATA_MAP, { id, tenantId: owner.organisation.id, organisation: org }));
    expect(done.state).toBe("partially_completed");
    const until = (await withTenant(owner.actor, (tx) => tx.select().from(privacyRestrictions))).map((r) => r.restrictedUntil);
    expect(until).toContain("2036-03-15");

    expect(await run(new Date("2036-03-15T12:00:00Z"))).toMatchObject({ requestsCompleted: 0 });
    const later = await run(new Date("2036-03-17T00:00:00Z"));
    expect(later.restrictionsReleased).toBeGreaterThanOrEqual(1);
    expect(later.requestsCompleted).toBe(1);
    const [request] = await withTenant(owner.actor, (tx) => tx.select().from(rightsRequests).where(eq(rightsRequests.id, id)));
    expect(request.state).toBe("completed");
    expect((await emailsTo(email, "rights-request")).at(-1)!.subject).toMatch(/Your request is completed/);
    expect(await run(new Date("2036-03-18T00:00:00Z"))).toMatchObject({ restrictionsReleased: 0, requestsCompleted: 0 });
  });

  it("lifts a restriction (Art. 18) when its date passes: the customer is listed again", async () => {
    const { owner, org, publicActor, run } = await setUp();
    const email = uniqueEmail("restricted");
    const customer = await withTenant(owner.actor, (tx) => createParty(tx, "customer", { name: "Restricted Person", email, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, assignedUserId: null }));
    const start = new Date();
    const { id } = await withTenant(publicActor, (tx) => fileRightsRequest(tx, { tenantId: owner.organisation.id, organisation: org, input: { right: "restriction", email }, now: start }));
    const restrictedCode = await latestCode(email);
    unlessRefused(await withTenant(publicActor, (tx) => verifyRightsRequest(tx, { id, code: restrictedCode, organisation: org, now: start })));
    await withTenant(owner.actor, (tx) => approveRequest(tx, { id, organisation: org, now: start }));
    await withTenant(owner.actor, (tx) => completeRequest(tx, DATA_MAP, { id, tenantId: owner.organisation.id, organisation: org, now: start }));
    const [restricted] = await withTenant(owner.actor, (tx) => tx.select().from(customers).where(eq(customers.id, customer.id)));
    expect(restricted.restrictedUntil).not.toBeNull();
    const hidden = await withTenant(owner.actor, (tx) => listParties(tx, "customer", { search: "Restricted Person" }));
    expect(hidden.rows).toEqual([]);
    await run(new Date(start.getTime() + 100 * 86_400_000));
    expect((await withTenant(owner.actor, (tx) => tx.select().from(customers).where(eq(customers.id, customer.id))))[0].restrictedUntil).not.toBeNull();
    await run(new Date(start.getTime() + 200 * 86_400_000));
    const [lifted] = await withTenant(owner.actor, (tx) => tx.select().from(customers).where(eq(customers.id, customer.id)));
    expect(lifted.restrictedUntil).toBeNull();
    expect(lifted.email).toBe(email);
    expect((await withTenant(owner.actor, (tx) => listParties(tx, "customer", { search: "Restricted Person" }))).rows).toHaveLength(1);
  });
});
