import { describe, expect, it } from "vitest";
import { DATA_MAP } from "~/data-map.server";
import { leads } from "~/modules/crm/schema";
import { createParty } from "~/modules/parties/parties.server";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner, emailsTo, uniqueEmail } from "~/test/factories";
import { approveRequest, completeRequest, fileRightsRequest, rightsRequestDetail } from "./rights-requests.server";

async function refusal(promise: Promise<unknown>): Promise<{ code: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; field?: string };
  }
  throw new Error("expected a refusal");
}

describe("rectification", () => {
  it("lists the customer and the lead the map found for the address, and completes with a note the requester is told", async () => {
    const owner = await createOrganisationWithOwner();
    const other = await createOrganisationWithOwner();
    const org = { name: owner.organisation.name, slug: owner.organisation.slug };
    const email = uniqueEmail("rectify");
    const { customer } = await withTenant(owner.actor, async (tx) => {
      const customer = await createParty(tx, "customer", { name: "Erika Mustermann", email, phone: null, taxId: null, billingAddress: "Old Street 1", paymentTermsDays: 30, assignedUserId: null });
      await tx.insert(leads).values({ tenantId: owner.organisation.id, name: "Erika M.", email, message: "Call me" });
      return { customer };
    });
    // Another organisation's customer with the same address is not this organisation's to correct.
    await withTenant(other.actor, (tx) => createParty(tx, "customer", { name: "Erika elsewhere", email, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, assignedUserId: null }));
    const verifiedActor: TenantActor = { ...owner.actor };
    const { id } = await withTenant(verifiedActor, (tx) =>
      fileRightsRequest(tx, { tenantId: owner.organisation.id, organisation: org, input: { right: "rectification", email, description: "My address is New Street 2" }, verifiedUserId: owner.user.id }),
    );
    const detail = await withTenant(owner.actor, (tx) => rightsRequestDetail(tx, DATA_MAP, id));
    expect(detail.records.map((r) => [r.table, r.label])).toEqual(
      expect.arrayContaining([
        ["customers", "Erika Mustermann"],
        ["leads", "Erika M."],
      ]),
    );
    expect(detail.records.find((r) => r.table === "customers")?.id).toBe(customer.id);
    expect(detail.records.map((r) => r.label)).not.toContain("Erika elsewhere");

    await withTenant(owner.actor, (tx) => approveRequest(tx, { id, organisation: org }));
    expect(await refusal(withTenant(owner.actor, (tx) => completeRequest(tx, DATA_MAP, { id, tenantId: owner.organisation.id, organisation: org, note: "" })))).toMatchObject({ code: "invalid", field: "note" });
    const result = await withTenant(owner.actor, (tx) => completeRequest(tx, DATA_MAP, { id, tenantId: owner.organisation.id, organisation: org, note: "Billing address changed to New Street 2" }));
    expect(result).toMatchObject({ state: "completed" });
    expect((await emailsTo(email, "rights-request")).at(-1)!.text).toContain("Billing address changed to New Street 2");
  });
});
