import { eq, sql } from "drizzle-orm";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { post } from "~/modules/ledger/posting.server";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { removeMember } from "~/workflows/remove-member.server";
import { databaseRefusal } from "~/test/expect-database";
import { createMember, createOrganisationWithOwner } from "~/test/factories";
import { customerSchema, type CustomerInput } from "./forms";
import { partyBalance } from "~/modules/ledger/party-balances.server";
import { appRefusal } from "~/test/expect-refusal";
import { createParty, getParty, listParties, listPartyOptions, setPartyActive, updateParty } from "./parties.server";
import { listSalesmen } from "./salesmen.server";
import { customers } from "./schema";

function input(overrides: Partial<CustomerInput> = {}): CustomerInput {
  return { name: "Acme Wholesale", email: null, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, ...overrides };
}

async function customerEvents(actor: TenantActor, id: string) {
  const { events } = await withTenant(actor, (tx) => listAuditEvents(tx, { entityType: "customer", limit: 200 }));
  return events.filter((e) => e.entityId === id).reverse();
}

describe("customers", () => {
  it("creates, updates, deactivates and reactivates a customer, auditing each change with before and after", async () => {
    const { actor } = await createOrganisationWithOwner();
    const created = await withTenant(actor, (tx) => createParty(tx, "customer", input({ email: "buyer@acme.test", paymentTermsDays: 14 })));
    expect(created).toMatchObject({ name: "Acme Wholesale", email: "buyer@acme.test", paymentTermsDays: 14, isActive: true, assignedUserId: null });

    const updated = await withTenant(actor, (tx) => updateParty(tx, "customer", created.id, input({ name: "Acme Wholesale Ltd", email: "buyer@acme.test", phone: "+44 20 7946 0000", paymentTermsDays: 14 })));
    expect(updated).toMatchObject({ name: "Acme Wholesale Ltd", phone: "+44 20 7946 0000" });
    // Saving the same values again writes nothing.
    await withTenant(actor, (tx) => updateParty(tx, "customer", created.id, input({ name: "Acme Wholesale Ltd", email: "buyer@acme.test", phone: "+44 20 7946 0000", paymentTermsDays: 14 })));

    const deactivated = await withTenant(actor, (tx) => setPartyActive(tx, "customer", created.id, false));
    expect(deactivated.isActive).toBe(false);
    await withTenant(actor, (tx) => setPartyActive(tx, "customer", created.id, false));
    const reactivated = await withTenant(actor, (tx) => setPartyActive(tx, "customer", created.id, true));
    expect(reactivated.isActive).toBe(true);

    const events = await customerEvents(actor, created.id);
    expect(events.map((e) => e.action)).toEqual(["customer.created", "customer.updated", "customer.deactivated", "customer.reactivated"]);
    expect(events[0].before).toBeNull();
    expect(events[0].after).toMatchObject({ name: "Acme Wholesale", paymentTermsDays: 14 });
    expect(events[1].before).toMatchObject({ name: "Acme Wholesale", phone: null });
    expect(events[1].after).toMatchObject({ name: "Acme Wholesale Ltd", phone: "+44 20 7946 0000" });
    expect(events[2].before).toMatchObject({ isActive: true });
    expect(events[2].after).toMatchObject({ isActive: false });
  });

  it("lists by name with search in name and email, the active ones by default, a page at a time", async () => {
    const { actor } = await createOrganisationWithOwner();
    await withTenant(actor, async (tx) => {
      await createParty(tx, "customer", input({ name: "Beta Foods", email: "orders@beta.test" }));
      await createParty(tx, "customer", input({ name: "Alpha Traders", email: "info@alpha.test" }));
      await createParty(tx, "customer", input({ name: "Gamma 100% Organic", email: "hello@gamma.test" }));
      const old = await createParty(tx, "customer", input({ name: "Alpha Old", email: "old@alpha.test" }));
      await setPartyActive(tx, "customer", old.id, false);
    });
    const names = (page: { rows: Array<{ name: string }> }) => page.rows.map((r) => r.name);
    await withTenant(actor, async (tx) => {
      expect(names(await listParties(tx, "customer"))).toEqual(["Alpha Traders", "Beta Foods", "Gamma 100% Organic"]);
      expect(names(await listParties(tx, "customer", { search: "ALPHA" }))).toEqual(["Alpha Traders"]);
      expect(names(await listParties(tx, "customer", { search: "alpha", status: "all" }))).toEqual(["Alpha Old", "Alpha Traders"]);
      expect(names(await listParties(tx, "customer", { search: "beta.test" }))).toEqual(["Beta Foods"]);
      expect(names(await listParties(tx, "customer", { status: "inactive" }))).toEqual(["Alpha Old"]);
      // Wildcards typed by a person are literal characters.
      expect(names(await listParties(tx, "customer", { search: "100%" }))).toEqual(["Gamma 100% Organic"]);
      expect(names(await listParties(tx, "customer", { search: "_" }))).toEqual([]);
      const second = await listParties(tx, "customer", { pageSize: 2, page: 2 });
      expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2, pageCount: 2 });
      expect(names(second)).toEqual(["Gamma 100% Organic"]);
    });
  });

  it("answers 404 for another organisation's customer, and lists none of it", async () => {
    const a = await createOrganisationWithOwner();
    const b = await createOrganisationWithOwner();
    const theirs = await withTenant(a.actor, (tx) => createParty(tx, "customer", input({ name: "Only In A" })));
    await appRefusal(withTenant(b.actor, (tx) => getParty(tx, "customer", theirs.id)), 404);
    await appRefusal(withTenant(b.actor, (tx) => updateParty(tx, "customer", theirs.id, input({ name: "Hijacked" }))), 404);
    await appRefusal(withTenant(b.actor, (tx) => setPartyActive(tx, "customer", theirs.id, false)), 404);
    await appRefusal(withTenant(b.actor, (tx) => getParty(tx, "customer", "not-a-uuid")), 404);
    expect((await withTenant(b.actor, (tx) => listParties(tx, "customer", { status: "all" }))).total).toBe(0);
    expect(await withTenant(a.actor, (tx) => getParty(tx, "customer", theirs.id))).toMatchObject({ name: "Only In A", isActive: true });
  });

  it("shows the receivable balance from the ledger's party balances", async () => {
    const { actor } = await createOrganisationWithOwner();
    const customer = await withTenant(actor, (tx) => createParty(tx, "customer", input()));
    expect(await withTenant(actor, (tx) => partyBalance(tx, "customer", customer.id))).toBe(0n);
    await withTenant(actor, async (tx) => {
      const receivable = (await findAccountByRole(tx, "receivable"))!;
      const sales = (await findAccountByRole(tx, "sales"))!;
      const cash = (await findAccountByRole(tx, "cash"))!;
      await post(tx, {
        entryDate: "2026-03-10",
        memo: "Invoice",
        source: { type: "manual" },
        lines: [
          { accountId: receivable.id, debitMinor: 12050n, partyId: customer.id },
          { accountId: sales.id, creditMinor: 12050n },
        ],
      });
      await post(tx, {
        entryDate: "2026-04-02",
        memo: "Part payment",
        source: { type: "manual" },
        lines: [
          { accountId: cash.id, debitMinor: 2050n },
          { accountId: receivable.id, creditMinor: 2050n, partyId: customer.id },
        ],
      });
    });
    expect(await withTenant(actor, (tx) => partyBalance(tx, "customer", customer.id))).toBe(10000n);
  });
});

describe("assigning customers to salesmen", () => {
  it("lets an admin assign a customer to a salesman and audits the assignment", async () => {
    const owner = await createOrganisationWithOwner();
    const admin = await createMember(owner.actor, "admin");
    const salesman = await createMember(owner.actor, "salesman", { name: "Sam Seller" });
    expect(await withTenant(admin.actor, (tx) => listSalesmen(tx))).toEqual([{ userId: salesman.user.id, name: "Sam Seller", email: salesman.user.email }]);

    const customer = await withTenant(admin.actor, (tx) => createParty(tx, "customer", input({ assignedUserId: salesman.user.id })));
    expect(customer.assignedUserId).toBe(salesman.user.id);
    expect((await withTenant(admin.actor, (tx) => getParty(tx, "customer", customer.id))).assignedUserName).toBe("Sam Seller");

    // Omitting the field keeps the salesman; a blank choice unassigns.
    await withTenant(admin.actor, (tx) => updateParty(tx, "customer", customer.id, input({ name: "Renamed" })));
    expect((await withTenant(admin.actor, (tx) => getParty(tx, "customer", customer.id))).assignedUserId).toBe(salesman.user.id);
    await withTenant(admin.actor, (tx) => updateParty(tx, "customer", customer.id, input({ name: "Renamed", assignedUserId: null })));
    expect((await withTenant(admin.actor, (tx) => getParty(tx, "customer", customer.id))).assignedUserId).toBeNull();

    const events = await customerEvents(owner.actor, customer.id);
    expect(events.map((e) => e.action)).toEqual(["customer.created", "customer.updated", "customer.assigned"]);
    expect(events[0].after).toMatchObject({ assignedUserId: salesman.user.id });
    expect(events[2].before).toEqual({ assignedUserId: salesman.user.id });
    expect(events[2].after).toEqual({ assignedUserId: null });
  });

  it("keeps the name of a salesman who left on the customers still assigned to him", async () => {
    const owner = await createOrganisationWithOwner();
    const salesman = await createMember(owner.actor, "salesman", { name: "Sam Seller" });
    const customer = await withTenant(owner.actor, (tx) => createParty(tx, "customer", input({ assignedUserId: salesman.user.id })));
    await withTenant(owner.actor, (tx) => removeMember(tx, "owner", salesman.membership.id));
    expect((await withTenant(owner.actor, (tx) => getParty(tx, "customer", customer.id))).assignedUserName).toBe("Sam Seller");
    const { rows } = await withTenant(owner.actor, (tx) => listParties(tx, "customer"));
    expect(rows.find((c) => c.id === customer.id)?.assignedUserName).toBe("Sam Seller");
  });

  it("refuses with 400 an assignee who is not a salesman of this organisation, and writes nothing", async () => {
    const owner = await createOrganisationWithOwner();
    const admin = await createMember(owner.actor, "admin");
    const accountant = await createMember(owner.actor, "accountant");
    const elsewhere = await createOrganisationWithOwner();
    const foreignSalesman = await createMember(elsewhere.actor, "salesman");

    for (const userId of [accountant.user.id, admin.user.id, foreignSalesman.user.id, crypto.randomUUID()]) {
      const refusal = await appRefusal(withTenant(admin.actor, (tx) => createParty(tx, "customer", input({ assignedUserId: userId }))), 400);
      expect(refusal.field).toBe("assignedUserId");
    }
    const customer = await withTenant(admin.actor, (tx) => createParty(tx, "customer", input()));
    const refusal = await appRefusal(withTenant(admin.actor, (tx) => updateParty(tx, "customer", customer.id, input({ name: "Changed", assignedUserId: accountant.user.id }))), 400);
    expect(refusal.field).toBe("assignedUserId");
    const customersNow = await withTenant(owner.actor, (tx) => listParties(tx, "customer", { status: "all" }));
    expect(customersNow.rows.map((c) => [c.name, c.assignedUserId])).toEqual([["Acme Wholesale", null]]);
  });

  it("parses the assignment field: absent keeps, blank unassigns, anything but an id is refused", () => {
    const base = { name: "X", paymentTermsDays: "30" };
    expect(customerSchema.parse(base).assignedUserId).toBeUndefined();
    expect(customerSchema.parse({ ...base, assignedUserId: "" }).assignedUserId).toBeNull();
    expect(customerSchema.safeParse({ ...base, assignedUserId: "Bob" }).success).toBe(false);
  });
});

describe("the salesman scope", () => {
  async function salesTeam() {
    const owner = await createOrganisationWithOwner();
    const sally = await createMember(owner.actor, "salesman", { name: "Sally" });
    const sam = await createMember(owner.actor, "salesman", { name: "Sam" });
    const [sallys, sams, unassigned] = await withTenant(owner.actor, async (tx) => [
      await createParty(tx, "customer", input({ name: "Sally's Shop", assignedUserId: sally.user.id })),
      await createParty(tx, "customer", input({ name: "Sam's Shop", assignedUserId: sam.user.id })),
      await createParty(tx, "customer", input({ name: "Nobody's Shop" })),
    ]);
    return { owner, sally, sam, sallys, sams, unassigned };
  }

  it("lets the database show a salesman only the customers assigned to him", async () => {
    const { owner, sally, sallys } = await salesTeam();
    const seen = await withTenant(sally.actor, (tx) => tx.select({ name: customers.name }).from(customers));
    expect(seen).toEqual([{ name: sallys.name }]);
    expect((await withTenant(sally.actor, (tx) => listParties(tx, "customer", { status: "all" }))).rows.map((c) => c.name)).toEqual(["Sally's Shop"]);
    expect((await withTenant(sally.actor, (tx) => listPartyOptions(tx))).filter((p) => p.kind === "customer").map((p) => p.name)).toEqual(["Sally's Shop"]);
    expect((await withTenant(owner.actor, (tx) => listParties(tx, "customer"))).total).toBe(3);
  });

  it("changes nothing when a salesman updates another salesman's customer, and the module answers 404", async () => {
    const { owner, sally, sams, unassigned } = await salesTeam();
    const touched = await withTenant(sally.actor, (tx) =>
      tx.update(customers).set({ name: "Stolen", assignedUserId: sql`app_user_id()` }).where(eq(customers.id, sams.id)).returning(),
    );
    expect(touched).toEqual([]);
    await appRefusal(withTenant(sally.actor, (tx) => getParty(tx, "customer", sams.id)), 404);
    await appRefusal(withTenant(sally.actor, (tx) => updateParty(tx, "customer", sams.id, input({ name: "Stolen" }))), 404);
    await appRefusal(withTenant(sally.actor, (tx) => setPartyActive(tx, "customer", unassigned.id, false)), 404);
    expect(await withTenant(owner.actor, (tx) => getParty(tx, "customer", sams.id))).toMatchObject({ name: "Sam's Shop", isActive: true });
  });

  it("refuses at the database a salesman's insert of a customer assigned to someone else, or moving his own away", async () => {
    const { sally, sam, sallys } = await salesTeam();
    expect(
      await databaseRefusal(
        withTenant(sally.actor, (tx) => tx.insert(customers).values({ tenantId: sql`app_tenant_id()`, name: "For Sam", assignedUserId: sam.user.id })),
      ),
    ).toMatch(/row-level security/);
    expect(
      await databaseRefusal(withTenant(sally.actor, (tx) => tx.insert(customers).values({ tenantId: sql`app_tenant_id()`, name: "Nobody's" }))),
    ).toMatch(/row-level security/);
    expect(
      await databaseRefusal(withTenant(sally.actor, (tx) => tx.update(customers).set({ assignedUserId: sam.user.id }).where(eq(customers.id, sallys.id)))),
    ).toMatch(/row-level security/);
  });

  it("assigns a salesman's new customer to himself, whoever the form names, and keeps it his on update", async () => {
    const { owner, sally, sam } = await salesTeam();
    const mine = await withTenant(sally.actor, (tx) => createParty(tx, "customer", input({ name: "Sally's New", assignedUserId: sam.user.id })));
    expect(mine.assignedUserId).toBe(sally.user.id);
    const kept = await withTenant(sally.actor, (tx) => updateParty(tx, "customer", mine.id, input({ name: "Sally's Newer", assignedUserId: null })));
    expect(kept).toMatchObject({ name: "Sally's Newer", assignedUserId: sally.user.id });
    expect((await customerEvents(owner.actor, mine.id)).map((e) => e.action)).toEqual(["customer.created", "customer.updated"]);
  });

  it("shows a salesman no balance of a customer he cannot see", async () => {
    const { owner, sally, sams } = await salesTeam();
    await withTenant(owner.actor, async (tx) => {
      const receivable = (await findAccountByRole(tx, "receivable"))!;
      const sales = (await findAccountByRole(tx, "sales"))!;
      await post(tx, {
        entryDate: "2026-03-10",
        memo: "Invoice",
        source: { type: "manual" },
        lines: [
          { accountId: receivable.id, debitMinor: 5000n, partyId: sams.id },
          { accountId: sales.id, creditMinor: 5000n },
        ],
      });
    });
    expect(await withTenant(owner.actor, (tx) => partyBalance(tx, "customer", sams.id))).toBe(5000n);
    expect(await withTenant(sally.actor, (tx) => partyBalance(tx, "customer", sams.id))).toBe(0n);
  });
});

describe("the customer form", () => {
  it("accepts blanks for the optional fields and refuses bad values field by field", () => {
    const ok = customerSchema.parse({ name: "  Acme  ", email: " Buyer@Acme.TEST ", phone: "", taxId: "", billingAddress: "", paymentTermsDays: "0" });
    expect(ok).toEqual({ name: "Acme", email: "buyer@acme.test", phone: null, taxId: null, billingAddress: null, paymentTermsDays: 0 });
    const bad = customerSchema.safeParse({ name: "", email: "not-an-email", phone: "1".repeat(51), taxId: "x".repeat(51), billingAddress: "a".repeat(1001), paymentTermsDays: "366" });
    expect(bad.success).toBe(false);
    const fields = new Set(bad.error!.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(["name", "email", "phone", "taxId", "billingAddress", "paymentTermsDays"]));
    expect(customerSchema.safeParse({ name: "x".repeat(201), paymentTermsDays: "30" }).success).toBe(false);
    for (const days of ["-1", "1.5", "", "abc"]) expect(customerSchema.safeParse({ name: "X", paymentTermsDays: days }).success).toBe(false);
    expect(customerSchema.parse({ name: "X", paymentTermsDays: "365" }).paymentTermsDays).toBe(365);
  });
});
