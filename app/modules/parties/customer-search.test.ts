import { sql } from "drizzle-orm";
import { db, queryRows } from "~/db.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { createMember, createOrganisationWithOwner } from "~/test/factories";
import { partySearchQuerySchema } from "./forms";
import { createParty, searchParties, setPartyActive } from "./parties.server";

/*
 * The customer search of the party pickers (the combobox): prefix matches first, then names that contain the
 * text, row-level security and the salesman's scope applied, fast at 20,000 customers.
 */

const customer = (name: string, assignedUserId: string | null = null) => ({
  name,
  email: null,
  phone: null,
  taxId: null,
  billingAddress: null,
  paymentTermsDays: 30,
  assignedUserId,
});

describe("searching customers and suppliers", () => {
  it("finds prefix matches first, then names containing the text, in any case, of the kind asked, active and unrestricted only", async () => {
    const { actor } = await createOrganisationWithOwner();
    const hidden = await withTenant(actor, async (tx) => {
      for (const name of ["Acme Wholesale", "ACME Retail", "The Acme Shop", "Beta Foods", "Ácme Accents", "100% Acme_ish"]) await createParty(tx, "customer", customer(name));
      const old = await createParty(tx, "customer", customer("Acme Closed"));
      await setPartyActive(tx, "customer", old.id, false);
      await createParty(tx, "supplier", { name: "Acme Supplies", email: null, phone: null, taxId: null, address: null, paymentTermsDays: 30 });
      return createParty(tx, "customer", customer("Acme Restricted"));
    });
    await db().execute(sql`update customers set restricted_until = current_date + 30 where id = ${hidden.id}`);
    const names = async (query: string, kind?: "customer" | "supplier", limit?: number) =>
      (await withTenant(actor, (tx) => searchParties(tx, { query, kind, limit }))).map((p) => `${p.name} (${p.kind})`);

    expect(await names("acme", "customer")).toEqual(["ACME Retail (customer)", "Acme Wholesale (customer)", "100% Acme_ish (customer)", "The Acme Shop (customer)"]);
    expect(await names("ACME R", "customer")).toEqual(["ACME Retail (customer)"]);
    expect(await names("acme")).toEqual([
      "ACME Retail (customer)",
      "Acme Supplies (supplier)",
      "Acme Wholesale (customer)",
      "100% Acme_ish (customer)",
      "The Acme Shop (customer)",
    ]);
    // Accented letters are letters like the others; wildcards typed are plain characters.
    expect(await names("ácme", "customer")).toEqual(["Ácme Accents (customer)"]);
    expect(await names("100%", "customer")).toEqual(["100% Acme_ish (customer)"]);
    expect(await names("e_i", "customer")).toEqual(["100% Acme_ish (customer)"]);
    expect(await names("%", "customer")).toEqual([]);
    // One letter finds prefixes only; nothing typed lists the first by name; the limit holds.
    expect(await names("e", "customer")).toEqual([]);
    expect(await names("", "customer", 2)).toEqual(["100% Acme_ish (customer)", "ACME Retail (customer)"]);
    expect(await names("zzz", "customer")).toEqual([]);
  });

  it("keeps the search name equal to lower(name) whoever writes the name", async () => {
    const { actor } = await createOrganisationWithOwner();
    const created = await withTenant(actor, (tx) => createParty(tx, "customer", customer("Grüne Wiese GmbH")));
    await db().execute(sql`update customers set name = 'Blaue Lagune', search_name = 'tampered' where id = ${created.id}`);
    const [row] = await queryRows<{ search_name: string }>(db(), sql`select search_name from customers where id = ${created.id}`);
    expect(row.search_name).toBe("blaue lagune");
  });

  it("obeys the salesman's scope and the organisation's boundary", async () => {
    const org = await createOrganisationWithOwner();
    const other = await createOrganisationWithOwner();
    const sally = await createMember(org.actor, "salesman", { name: "Sally" });
    const sam = await createMember(org.actor, "salesman", { name: "Sam" });
    await withTenant(org.actor, async (tx) => {
      await createParty(tx, "customer", customer("Scope Sally's", sally.user.id));
      await createParty(tx, "customer", customer("Scope Sam's", sam.user.id));
      await createParty(tx, "customer", customer("Scope Nobody's"));
    });
    await withTenant(other.actor, (tx) => createParty(tx, "customer", customer("Scope Elsewhere")));
    const names = async (actor: typeof org.actor) => (await withTenant(actor, (tx) => searchParties(tx, { query: "scope", kind: "customer" }))).map((p) => p.name);
    expect(await names(org.actor)).toEqual(["Scope Nobody's", "Scope Sally's", "Scope Sam's"]);
    expect(await names(sally.actor)).toEqual(["Scope Sally's"]);
    expect(await names(sam.actor)).toEqual(["Scope Sam's"]);
    expect(await names(other.actor)).toEqual(["Scope Elsewhere"]);
  });

  it("reads the query string's text and kind, and ignores a kind it does not know", () => {
    expect(partySearchQuerySchema.safeParse({ q: " acme ", kind: "customer" })).toMatchObject({ success: true, data: { q: "acme", kind: "customer" } });
    expect(partySearchQuerySchema.safeParse({ kind: "employee" }).success).toBe(false);
    expect(partySearchQuerySchema.safeParse({ q: "x".repeat(101) }).success).toBe(false);
  });

  it("answers within a generous bound at 20,000 customers, through the index, for an owner and a salesman", async () => {
    const org = await createOrganisationWithOwner();
    const sally = await createMember(org.actor, "salesman", { name: "Sally" });
    // Background data in bulk with SQL (as the tables' owner): 20,000 customers, every tenth one Sally's.
    await db().execute(sql`
      insert into customers (tenant_id, name, assigned_user_id)
      select ${org.organisation.id}::uuid,
             (array['Alpha','Bravo','Charlie','Delta','Echo','Foxtrot','Golf','Hotel'])[1 + g % 8] || ' Trading ' || lpad(g::text, 5, '0'),
             case when g % 10 = 0 then ${sally.user.id}::uuid end
        from generate_series(1, 20000) g`);
    await db().execute(sql`analyze customers`);

    const timed = async (actor: typeof org.actor, query: string) => {
      const started = performance.now();
      const found = await withTenant(actor, (tx) => searchParties(tx, { query, kind: "customer" }));
      return { found, ms: performance.now() - started };
    };
    await timed(org.actor, "warm up");
    const owner = await timed(org.actor, "delta trading 1");
    expect(owner.found).toHaveLength(10);
    expect(owner.found.every((c) => c.name.startsWith("Delta Trading 1"))).toBe(true);
    const contains = await timed(org.actor, "ing 0001");
    expect(contains.found.map((c) => c.name)).toEqual(expect.arrayContaining(["Bravo Trading 00017", "Alpha Trading 00016"]));
    const salesman = await timed(sally.actor, "alpha");
    expect(salesman.found.length).toBe(10);
    expect(salesman.found.every((c) => c.name.startsWith("Alpha") && Number(c.name.slice(-5)) % 10 === 0)).toBe(true);
    // Generous: the embedded database in a shared CI machine; PostgreSQL answers in a few milliseconds.
    for (const { ms } of [owner, contains, salesman]) expect(ms).toBeLessThan(500);

    // The prefix is an index condition under the policies (starts_with is leakproof), not a filter over 20,000 rows.
    const plan = await withTenant(org.actor, (tx) =>
      queryRows<{ "QUERY PLAN": string }>(tx, sql`explain select id from customers where is_active and starts_with(search_name, lower(${"delta"})) order by search_name collate "C" limit 10`),
    );
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toMatch(/customers_search_idx[\s\S]*Index Cond: .*search_name/);
  });
});
