import { sql } from "drizzle-orm";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { databaseRefusal } from "~/test/expect-database";
import { appRefusal } from "~/test/expect-refusal";
import { createMember, createOrganisationWithOwner } from "~/test/factories";
import { parseForm } from "~/utils/forms";
import {
  addAddress,
  addContact,
  customerExtras,
  removeAddress,
  removeContact,
  updateAddress,
  updateContact,
  updateCustomerTerms,
} from "./customer-details.server";
import { customerExtrasActionSchema, type AddressInput, type ContactInput } from "./forms";
import { createParty, getParty, updateParty } from "./parties.server";
import { customerContacts } from "./schema";

const customer = (name: string, assignedUserId: string | null = null) => ({ name, email: null, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, assignedUserId });
const contact = (overrides: Partial<ContactInput> = {}): ContactInput => ({ name: "Bea Buyer", role: "Buyer", email: "bea@acme.test", phone: null, ...overrides });
const address = (overrides: Partial<AddressInput> = {}): AddressInput => ({ label: "Warehouse", street: "1 Dock Road", city: "Leeds", postalCode: "LS1 1AA", country: "GB", isDefault: false, ...overrides });

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

async function events(actor: TenantActor, entityType: string) {
  return (await withTenant(actor, (tx) => listAuditEvents(tx, { entityType, limit: 100 }))).events.reverse();
}

describe("a customer's terms, contacts and addresses", () => {
  it("sets the credit limit, tax exemption and notes, audited, and writes nothing when nothing changes", async () => {
    const { actor } = await createOrganisationWithOwner();
    const acme = await withTenant(actor, (tx) => createParty(tx, "customer", customer("Acme")));
    const terms = { creditLimit: 500_000n, taxExempt: true, notes: "Pays late in August." };
    const after = await withTenant(actor, (tx) => updateCustomerTerms(tx, acme.id, terms));
    expect(after).toMatchObject({ creditLimitMinor: 500_000n, taxExempt: true, notes: "Pays late in August." });
    await withTenant(actor, (tx) => updateCustomerTerms(tx, acme.id, terms));
    await withTenant(actor, (tx) => updateCustomerTerms(tx, acme.id, { creditLimit: null, taxExempt: false, notes: null }));
    // Editing the details keeps the terms.
    await withTenant(actor, (tx) => updateParty(tx, "customer", acme.id, { ...customer("Acme Ltd"), assignedUserId: undefined }));
    expect(await withTenant(actor, (tx) => getParty(tx, "customer", acme.id))).toMatchObject({ name: "Acme Ltd", creditLimitMinor: null, taxExempt: false });
    const audited = (await events(actor, "customer")).filter((e) => e.action === "customer.terms_updated");
    expect(audited.map((e) => e.after)).toEqual([
      { creditLimitMinor: "500000", taxExempt: true, notes: "Pays late in August." },
      { creditLimitMinor: null, taxExempt: false, notes: null },
    ]);
    // The database refuses a negative limit even from code that skipped the form.
    expect(await databaseRefusal(withTenant(actor, (tx) => updateCustomerTerms(tx, acme.id, { creditLimit: -1n, taxExempt: false, notes: null })))).toMatch(/customers_credit_limit/);
  });

  it("keeps several contacts and addresses, one default address, each change audited", async () => {
    const { actor } = await createOrganisationWithOwner();
    const acme = await withTenant(actor, (tx) => createParty(tx, "customer", customer("Acme")));
    const [bea, carl] = await withTenant(actor, async (tx) => [await addContact(tx, acme.id, contact()), await addContact(tx, acme.id, contact({ name: "Carl Cash", role: "Accounts payable", email: null, phone: "+44 113 496 0000" }))]);
    await withTenant(actor, (tx) => updateContact(tx, acme.id, bea.id, contact({ phone: "+44 113 496 0001" })));
    const warehouse = await withTenant(actor, (tx) => addAddress(tx, acme.id, address({ isDefault: true })));
    const shop = await withTenant(actor, (tx) => addAddress(tx, acme.id, address({ label: "Shop", street: "2 High Street", isDefault: true })));
    let extras = await withTenant(actor, (tx) => customerExtras(tx, acme.id));
    expect(extras.contacts.map((c) => [c.name, c.phone])).toEqual([["Bea Buyer", "+44 113 496 0001"], ["Carl Cash", "+44 113 496 0000"]]);
    expect(extras.addresses.map((a) => [a.label, a.isDefault])).toEqual([["Shop", true], ["Warehouse", false]]);
    await withTenant(actor, (tx) => updateAddress(tx, acme.id, warehouse.id, address({ isDefault: true })));
    await withTenant(actor, (tx) => removeAddress(tx, acme.id, shop.id));
    await withTenant(actor, (tx) => removeContact(tx, acme.id, carl.id));
    extras = await withTenant(actor, (tx) => customerExtras(tx, acme.id));
    expect(extras.contacts.map((c) => c.name)).toEqual(["Bea Buyer"]);
    expect(extras.addresses.map((a) => [a.label, a.isDefault])).toEqual([["Warehouse", true]]);
    expect((await events(actor, "customer_contact")).map((e) => e.action)).toEqual(["customer_contact.added", "customer_contact.added", "customer_contact.updated", "customer_contact.removed"]);
    expect((await events(actor, "customer_address")).map((e) => e.action)).toEqual([
      "customer_address.added",
      "customer_address.added",
      "customer_address.updated",
      "customer_address.removed",
    ]);
    // A contact of one customer is not found through another.
    const beta = await withTenant(actor, (tx) => createParty(tx, "customer", customer("Beta")));
    expect((await appRefusal(withTenant(actor, (tx) => updateContact(tx, beta.id, bea.id, contact())))).status).toBe(404);
    expect((await appRefusal(withTenant(actor, (tx) => removeAddress(tx, beta.id, "not-a-uuid")))).status).toBe(404);
  });

  it("gives a salesman the contacts and addresses of his own customers only, in the database itself", async () => {
    const org = await createOrganisationWithOwner();
    const sally = await createMember(org.actor, "salesman");
    const sam = await createMember(org.actor, "salesman");
    const [sallys, sams] = await withTenant(org.actor, async (tx) => [await createParty(tx, "customer", customer("Sally's", sally.user.id)), await createParty(tx, "customer", customer("Sam's", sam.user.id))]);
    await withTenant(org.actor, async (tx) => {
      await addContact(tx, sallys.id, contact({ name: "Sally's contact" }));
      await addContact(tx, sams.id, contact({ name: "Sam's contact" }));
      await addAddress(tx, sams.id, address());
    });
    // Even a query that names no customer sees only the rows of his customers.
    const visible = await withTenant(sally.actor, (tx) => tx.select({ name: customerContacts.name }).from(customerContacts));
    expect(visible.map((c) => c.name)).toEqual(["Sally's contact"]);
    expect(await withTenant(sally.actor, (tx) => customerExtras(tx, sams.id))).toEqual({ contacts: [], addresses: [] });
    expect((await appRefusal(withTenant(sally.actor, (tx) => addContact(tx, sams.id, contact())))).status).toBe(404);
    // Writing straight into another salesman's customer is refused by the policy.
    expect(
      await databaseRefusal(withTenant(sally.actor, (tx) => tx.execute(sql`insert into customer_contacts (tenant_id, customer_id, name) values (app_tenant_id(), ${sams.id}, 'Sneaky')`))),
    ).toMatch(/row-level security/);
    // Reassigning the customer moves its contacts at once.
    await withTenant(org.actor, (tx) => updateParty(tx, "customer", sams.id, { ...customer("Sam's"), assignedUserId: sally.user.id }));
    expect((await withTenant(sally.actor, (tx) => customerExtras(tx, sams.id))).contacts.map((c) => c.name)).toEqual(["Sam's contact"]);
    expect((await withTenant(sam.actor, (tx) => customerExtras(tx, sams.id))).contacts).toEqual([]);
  });

  it("answers 404 for another organisation's customer", async () => {
    const a = await createOrganisationWithOwner();
    const b = await createOrganisationWithOwner();
    const theirs = await withTenant(a.actor, (tx) => createParty(tx, "customer", customer("Only in A")));
    expect((await appRefusal(withTenant(b.actor, (tx) => addAddress(tx, theirs.id, address())))).status).toBe(404);
    expect((await appRefusal(withTenant(b.actor, (tx) => updateCustomerTerms(tx, theirs.id, { creditLimit: null, taxExempt: false, notes: null })))).status).toBe(404);
  });

  it("refuses bad input beside the field", () => {
    const schema = customerExtrasActionSchema("EUR");
    const refused = (values: Record<string, string>) => {
      const result = parseForm(schema, form(values));
      return result.ok ? {} : result.errors;
    };
    expect(refused({ intent: "terms", creditLimit: "-5" })).toMatchObject({ creditLimit: "The credit limit cannot be negative." });
    expect(refused({ intent: "terms", creditLimit: "1.234" })).toMatchObject({ creditLimit: expect.stringMatching(/at most 2 decimals/) });
    expect(refused({ intent: "add-contact", name: "", email: "not-an-email" })).toMatchObject({ name: "Enter a name.", email: expect.stringMatching(/valid email/) });
    expect(refused({ intent: "add-address", label: "Depot", street: "", city: "Leeds", country: "GBR" })).toMatchObject({
      street: "Enter the street and number.",
      country: "Enter the two-letter country code, like GB or DE.",
    });
    const ok = parseForm(schema, form({ intent: "terms", creditLimit: "1,500.50", taxExempt: "on", notes: "Line one\nLine two" }));
    expect(ok).toMatchObject({ ok: true, data: { creditLimit: 150_050n, taxExempt: true, notes: "Line one\nLine two" } });
  });
});
