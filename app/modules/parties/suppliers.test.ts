import { listAuditEvents } from "~/modules/audit/audit.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { post } from "~/modules/ledger/posting.server";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { createMember, createOrganisationWithOwner } from "~/test/factories";
import { supplierSchema, type SupplierInput } from "./forms";
import { partyBalance } from "~/modules/ledger/party-balances.server";
import { appRefusal } from "~/test/expect-refusal";
import { createParty, getParty, listParties, setPartyActive, updateParty } from "./parties.server";

function input(overrides: Partial<SupplierInput> = {}): SupplierInput {
  return { name: "Northwind Supply", email: null, phone: null, taxId: null, address: null, paymentTermsDays: 30, ...overrides };
}

async function supplierEvents(actor: TenantActor, id: string) {
  const { events } = await withTenant(actor, (tx) => listAuditEvents(tx, { entityType: "supplier", limit: 200 }));
  return events.filter((e) => e.entityId === id).reverse();
}

describe("suppliers", () => {
  it("creates, updates, deactivates and reactivates a supplier, auditing each change with before and after", async () => {
    const { actor } = await createOrganisationWithOwner();
    const created = await withTenant(actor, (tx) => createParty(tx, "supplier", input({ taxId: "GB123456789", paymentTermsDays: 45 })));
    expect(created).toMatchObject({ name: "Northwind Supply", taxId: "GB123456789", paymentTermsDays: 45, isActive: true });

    await withTenant(actor, (tx) => updateParty(tx, "supplier", created.id, input({ taxId: "GB123456789", paymentTermsDays: 60, address: "1 Dock Road" })));
    await withTenant(actor, (tx) => updateParty(tx, "supplier", created.id, input({ taxId: "GB123456789", paymentTermsDays: 60, address: "1 Dock Road" })));
    expect(await withTenant(actor, (tx) => getParty(tx, "supplier", created.id))).toMatchObject({ paymentTermsDays: 60, address: "1 Dock Road" });
    expect((await withTenant(actor, (tx) => setPartyActive(tx, "supplier", created.id, false))).isActive).toBe(false);
    expect((await withTenant(actor, (tx) => setPartyActive(tx, "supplier", created.id, true))).isActive).toBe(true);

    const events = await supplierEvents(actor, created.id);
    expect(events.map((e) => e.action)).toEqual(["supplier.created", "supplier.updated", "supplier.deactivated", "supplier.reactivated"]);
    expect(events[0].after).toMatchObject({ name: "Northwind Supply", paymentTermsDays: 45 });
    expect(events[1].before).toMatchObject({ paymentTermsDays: 45, address: null });
    expect(events[1].after).toMatchObject({ paymentTermsDays: 60, address: "1 Dock Road" });
    expect(events[2].before).toMatchObject({ isActive: true });
    expect(events[2].after).toMatchObject({ isActive: false });
  });

  it("lists by name with search in name and email and a status filter", async () => {
    const { actor } = await createOrganisationWithOwner();
    await withTenant(actor, async (tx) => {
      await createParty(tx, "supplier", input({ name: "Paper Mill", email: "sales@papermill.test" }));
      await createParty(tx, "supplier", input({ name: "Ink Works", email: "ink@works.test" }));
      const gone = await createParty(tx, "supplier", input({ name: "Old Paper Co", email: "hello@oldpaper.test" }));
      await setPartyActive(tx, "supplier", gone.id, false);
    });
    await withTenant(actor, async (tx) => {
      const names = async (filter: Parameters<typeof listParties>[2]) => (await listParties(tx, "supplier", filter)).rows.map((s) => s.name);
      expect(await names({})).toEqual(["Ink Works", "Paper Mill"]);
      expect(await names({ search: "paper" })).toEqual(["Paper Mill"]);
      expect(await names({ search: "paper", status: "all" })).toEqual(["Old Paper Co", "Paper Mill"]);
      expect(await names({ search: "WORKS.TEST" })).toEqual(["Ink Works"]);
      expect(await names({ status: "inactive" })).toEqual(["Old Paper Co"]);
      expect(await listParties(tx, "supplier", { status: "all", pageSize: 2, page: 2 })).toMatchObject({ total: 3, pageCount: 2, rows: [{ name: "Paper Mill" }] });
    });
  });

  it("answers 404 for another organisation's supplier", async () => {
    const a = await createOrganisationWithOwner();
    const b = await createOrganisationWithOwner();
    const theirs = await withTenant(a.actor, (tx) => createParty(tx, "supplier", input()));
    await appRefusal(withTenant(b.actor, (tx) => getParty(tx, "supplier", theirs.id)), 404);
    await appRefusal(withTenant(b.actor, (tx) => updateParty(tx, "supplier", theirs.id, input({ name: "Hijacked" }))), 404);
    await appRefusal(withTenant(b.actor, (tx) => setPartyActive(tx, "supplier", theirs.id, false)), 404);
    await appRefusal(withTenant(b.actor, (tx) => getParty(tx, "supplier", "42")), 404);
    expect(await withTenant(b.actor, (tx) => partyBalance(tx, "supplier", theirs.id))).toBe(0n);
    expect(await withTenant(a.actor, (tx) => getParty(tx, "supplier", theirs.id))).toMatchObject({ name: "Northwind Supply", isActive: true });
  });

  it("is visible to everyone with purchasing access, salesman scope or not", async () => {
    const owner = await createOrganisationWithOwner();
    const storekeeper = await createMember(owner.actor, "storekeeper");
    const supplier = await withTenant(storekeeper.actor, (tx) => createParty(tx, "supplier", input()));
    expect((await withTenant(owner.actor, (tx) => listParties(tx, "supplier"))).rows.map((s) => s.id)).toEqual([supplier.id]);
  });

  it("shows the payable balance from the ledger's party balances", async () => {
    const { actor } = await createOrganisationWithOwner();
    const supplier = await withTenant(actor, (tx) => createParty(tx, "supplier", input()));
    await withTenant(actor, async (tx) => {
      const payable = (await findAccountByRole(tx, "payable"))!;
      const inventory = (await findAccountByRole(tx, "inventory"))!;
      const bank = (await findAccountByRole(tx, "bank"))!;
      await post(tx, {
        entryDate: "2026-03-10",
        memo: "Bill",
        source: { type: "manual" },
        lines: [
          { accountId: inventory.id, debitMinor: 80000n },
          { accountId: payable.id, creditMinor: 80000n, partyId: supplier.id },
        ],
      });
      await post(tx, {
        entryDate: "2026-03-20",
        memo: "Payment",
        source: { type: "manual" },
        lines: [
          { accountId: payable.id, debitMinor: 30000n, partyId: supplier.id },
          { accountId: bank.id, creditMinor: 30000n },
        ],
      });
    });
    expect(await withTenant(actor, (tx) => partyBalance(tx, "supplier", supplier.id))).toBe(50000n);
  });
});

describe("the supplier form", () => {
  it("accepts blanks for the optional fields and refuses bad values field by field", () => {
    expect(supplierSchema.parse({ name: "Mill", email: "", phone: " ", taxId: "", address: "", paymentTermsDays: "30" })).toEqual({
      name: "Mill",
      email: null,
      phone: null,
      taxId: null,
      address: null,
      paymentTermsDays: 30,
    });
    const bad = supplierSchema.safeParse({ name: " ", email: "mill@", phone: "", address: "a".repeat(1001), paymentTermsDays: "1000" });
    expect(bad.success).toBe(false);
    expect(new Set(bad.error!.issues.map((i) => i.path[0]))).toEqual(new Set(["name", "email", "address", "paymentTermsDays"]));
  });
});
