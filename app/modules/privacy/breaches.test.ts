import { DATA_MAP } from "~/data-map.server";
import { leads } from "~/modules/crm/schema";
import { createParty } from "~/modules/parties/parties.server";
import { customers } from "~/modules/parties/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner } from "~/test/factories";
import { sql } from "drizzle-orm";
import { queryRows } from "~/db.server";
import { breachReport, listBreaches, moveBreach, recordBreach } from "./breaches.server";

const party = (name: string) => ({ name, email: `${name.toLowerCase()}@example.test`, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, assignedUserId: null });

describe("the breach register", () => {
  it("counts the people of two tables touched in a week, names the categories and starts the 72-hour clock", async () => {
    const { actor, organisation } = await createOrganisationWithOwner();
    const other = await createOrganisationWithOwner();
    const now = new Date();
    const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
    await withTenant(actor, async (tx) => {
      for (const name of ["Anna", "Ben", "Cleo"]) await createParty(tx, "customer", party(name));
      // Written before the window and never audited since: not affected.
      await tx.insert(customers).values({ tenantId: organisation.id, name: "Old", email: "old@example.test", createdAt: new Date("2020-01-01"), updatedAt: new Date("2020-01-01") });
      await tx.insert(leads).values([
        { tenantId: organisation.id, name: "Dora", email: "dora@example.test", updatedAt: new Date(now.getTime() - 86_400_000) },
        { tenantId: organisation.id, name: "Emil", email: "emil@example.test", updatedAt: new Date(now.getTime() - 2 * 86_400_000) },
        { tenantId: organisation.id, name: "Fay", email: "fay@example.test", updatedAt: new Date(now.getTime() - 30 * 86_400_000) },
      ]);
    });
    // Another organisation's rows are not counted.
    await withTenant(other.actor, (tx) => createParty(tx, "customer", party("Gus")));

    const discoveredAt = new Date(now.getTime() - 2 * 3_600_000);
    const { impact, notifyBy } = await withTenant(actor, (tx) =>
      recordBreach(tx, DATA_MAP, { description: "A laptop with an export was stolen", systems: "sales exports", tables: ["customers", "leads"], discoveredAt, windowStart: weekAgo, windowEnd: new Date(now.getTime() + 60_000) }),
    );
    expect(impact.perTable).toEqual({ customers: 3, leads: 2 });
    expect(impact.affected).toBe(5);
    expect(impact.categories).toEqual(expect.arrayContaining(["Identity (names, tax numbers)", "Contact details (email, phone)"]));
    expect(notifyBy.getTime() - discoveredAt.getTime()).toBe(72 * 3_600_000);
    const [listed] = await withTenant(actor, (tx) => listBreaches(tx, now));
    expect(listed.hoursLeft).toBe(70);
    expect(listed.affectedEstimate).toBe(5);
    expect(breachReport(listed, { name: organisation.name })).toMatch(/Approximate number of people concerned: 5/);
  });

  it("moves through its states, each audited, and asks for the reason when it does not notify", async () => {
    const { actor } = await createOrganisationWithOwner();
    const now = new Date();
    const { breach } = await withTenant(actor, (tx) => recordBreach(tx, DATA_MAP, { description: "Mail sent to the wrong list", systems: "email", tables: ["leads"], discoveredAt: now, windowStart: now, windowEnd: now }));
    await expect(withTenant(actor, (tx) => moveBreach(tx, { id: breach.id, to: "dismissed" }))).rejects.toMatchObject({ code: "invalid", field: "reason" });
    await expect(withTenant(actor, (tx) => moveBreach(tx, { id: breach.id, to: "subjects_notified" }))).rejects.toMatchObject({ code: "conflict" });
    await withTenant(actor, (tx) => moveBreach(tx, { id: breach.id, to: "confirmed" }));
    await withTenant(actor, (tx) => moveBreach(tx, { id: breach.id, to: "authority_notified" }));
    await withTenant(actor, (tx) => moveBreach(tx, { id: breach.id, to: "closed", reason: "The data was encrypted: no high risk to the people (Art. 34(3)(a))." }));
    const events = await withTenant(actor, (tx) => queryRows<{ action: string }>(tx, sql`select action from audit_events where entity_id = ${breach.id} order by id`));
    expect(events.map((e) => e.action)).toEqual(["breach.suspected", "breach.confirmed", "breach.authority_notified", "breach.closed"]);
    const other = await createOrganisationWithOwner();
    await expect(withTenant(other.actor, (tx) => moveBreach(tx, { id: breach.id, to: "closed", reason: "x" }))).rejects.toMatchObject({ code: "not_found" });
  });
});
