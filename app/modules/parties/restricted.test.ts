import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner } from "~/test/factories";
import { createParty, findParties, listParties, listPartyOptions } from "./parties.server";
import { customers, suppliers } from "./schema";

const details = { email: null, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, assignedUserId: null };

describe("restricted parties", () => {
  it("are left out of the party dropdown and the lists, yet still found for the books, until the restriction ends", async () => {
    const owner = await createOrganisationWithOwner();
    const { kept, hidden, hiddenSupplier } = await withTenant(owner.actor, async (tx) => ({
      kept: await createParty(tx, "customer", { ...details, name: "Visible Customer" }),
      hidden: await createParty(tx, "customer", { ...details, name: "Restricted Customer" }),
      hiddenSupplier: await createParty(tx, "supplier", { name: "Restricted Supplier", email: null, phone: null, taxId: null, address: null, paymentTermsDays: 30 }),
    }));
    await db().update(customers).set({ restrictedUntil: sql`current_date + 30` }).where(eq(customers.id, hidden.id));
    await db().update(suppliers).set({ restrictedUntil: sql`current_date + 30` }).where(eq(suppliers.id, hiddenSupplier.id));

    const options = await withTenant(owner.actor, (tx) => listPartyOptions(tx));
    expect(options.map((o) => o.name)).toContain("Visible Customer");
    expect(options.map((o) => o.id)).not.toContain(hidden.id);
    expect(options.map((o) => o.id)).not.toContain(hiddenSupplier.id);
    const list = await withTenant(owner.actor, (tx) => listParties(tx, "customer", { status: "all" }));
    expect(list.rows.map((r) => r.id)).toEqual([kept.id]);
    expect(list.total).toBe(1);
    // The books still name it: a journal line's party is looked up by id.
    expect((await withTenant(owner.actor, (tx) => findParties(tx, [hidden.id]))).map((p) => p.name)).toEqual(["Restricted Customer"]);

    // The restriction ended yesterday: the party is offered again.
    await db().update(customers).set({ restrictedUntil: sql`current_date - 1` }).where(eq(customers.id, hidden.id));
    expect((await withTenant(owner.actor, (tx) => listPartyOptions(tx))).map((o) => o.id)).toContain(hidden.id);
  });
});
