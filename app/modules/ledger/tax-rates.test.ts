import { and, eq } from "drizzle-orm";
import { auditEvents } from "~/modules/audit/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { databaseRefusal } from "~/test/expect-database";
import { appRefusal } from "~/test/expect-refusal";
import { createOrganisationWithOwner } from "~/test/factories";
import { createAccount, findAccountByRole, listAccounts, updateAccount } from "./accounts.server";
import { basisPointsToPercent, percentToBasisPoints, taxRateEditSchema, taxRateSchema } from "./forms";
import { taxRates } from "./schema";
import { createTaxRate, getTaxRate, listTaxRates, updateTaxRate } from "./tax-rates.server";

async function setup() {
  const org = await createOrganisationWithOwner();
  const accounts = await withTenant(org.actor, async (tx) => {
    const all = await listAccounts(tx);
    return {
      taxPayable: (await findAccountByRole(tx, "tax_payable"))!,
      prepaid: all.find((a) => a.code === "1500")!,
      assetsGroup: all.find((a) => a.code === "1000")!,
      rent: all.find((a) => a.code === "6200")!,
    };
  });
  return { ...org, ...accounts };
}

describe("a tax rate's percentage", () => {
  it.each([
    ["20", 2000],
    ["7.5", 750],
    ["12,25", 1225],
    ["0", 0],
    ["100", 10000],
    [" 19 % ", 1900],
  ])("reads %j as %i basis points", (typed, basisPoints) => {
    expect(percentToBasisPoints(typed)).toBe(basisPoints);
  });

  it.each(["", "abc", "-5", "100.01", "101", "7.125", "1e2", "20 percent", "20\u0000"])("refuses %j", (typed) => {
    expect(percentToBasisPoints(typed)).toBeNull();
  });

  it.each([
    [2000, "20"],
    [750, "7.5"],
    [1225, "12.25"],
    [5, "0.05"],
    [0, "0"],
  ])("shows %i basis points as %s", (basisPoints, shown) => {
    expect(basisPointsToPercent(basisPoints)).toBe(shown);
    expect(percentToBasisPoints(shown)).toBe(basisPoints);
  });

  it("is refused beside its field in the form, with what to type", () => {
    const parsed = taxRateSchema.safeParse({ name: "Standard", rate: "twenty", accountId: "6c1f1b55-3f0d-4d38-9d1f-1f0e1b6b9a01" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["rate", "Enter the rate as a percentage from 0 to 100 with at most two decimals, like 20 or 7.5."],
    ]);
    expect(taxRateEditSchema.parse({ name: " Reduced ", rate: "5", accountId: "6c1f1b55-3f0d-4d38-9d1f-1f0e1b6b9a01", isActive: "on" })).toEqual({
      name: "Reduced",
      rateBp: 500,
      accountId: "6c1f1b55-3f0d-4d38-9d1f-1f0e1b6b9a01",
      isActive: true,
    });
  });
});

describe("tax rates", () => {
  it("are created on a tax account, listed by rate with their account, and audited", async () => {
    const org = await setup();
    await withTenant(org.actor, async (tx) => {
      const standard = await createTaxRate(tx, { name: "Standard rate", rateBp: 2000, accountId: org.taxPayable.id });
      await createTaxRate(tx, { name: "Reduced rate", rateBp: 500, accountId: org.taxPayable.id });
      await createTaxRate(tx, { name: "Recoverable input tax", rateBp: 2000, accountId: org.prepaid.id });
      const listed = await listTaxRates(tx);
      expect(listed.map((r) => [r.name, r.rateBp, r.accountCode])).toEqual([
        ["Reduced rate", 500, "2200"],
        ["Recoverable input tax", 2000, "1500"],
        ["Standard rate", 2000, "2200"],
      ]);
      const [event] = await tx.select().from(auditEvents).where(and(eq(auditEvents.action, "ledger.tax_rate_created"), eq(auditEvents.entityId, standard.id)));
      expect(event.after).toMatchObject({ name: "Standard rate", rateBp: 2000 });
    });
  });

  it("refuses a second rate of the same name, whatever its case, beside the name", async () => {
    const org = await setup();
    await withTenant(org.actor, (tx) => createTaxRate(tx, { name: "Standard", rateBp: 2000, accountId: org.taxPayable.id }));
    const refusal = await appRefusal(withTenant(org.actor, (tx) => createTaxRate(tx, { name: "STANDARD", rateBp: 1900, accountId: org.taxPayable.id })), 409);
    expect([refusal.field, refusal.message]).toEqual(["name", "Another tax rate is already called STANDARD."]);
  });

  it("refuses a group, an inactive, an income or expense account, and another organisation's account, beside the account", async () => {
    const org = await setup();
    const other = await setup();
    const oldTax = { code: "2250", name: "Old tax", type: "liability" as const, parentId: null, isGroup: false, partyKind: null };
    const inactive = await withTenant(org.actor, async (tx) => updateAccount(tx, (await createAccount(tx, oldTax)).id, { ...oldTax, isActive: false }));
    const cases: Array<[string, RegExp]> = [
      [org.assetsGroup.id, /is a group/],
      [inactive.id, /is inactive/],
      [org.rent.id, /is an expense account: tax is posted to a liability/],
      [other.taxPayable.id, /does not exist in this organisation/],
    ];
    for (const [accountId, message] of cases) {
      const refusal = await appRefusal(withTenant(org.actor, (tx) => createTaxRate(tx, { name: `Rate ${accountId}`, rateBp: 1000, accountId })), 400);
      expect(refusal.field).toBe("accountId");
      expect(refusal.message).toMatch(message);
    }
    expect(await withTenant(org.actor, (tx) => listTaxRates(tx))).toEqual([]);
  });

  it("change for new documents, keep their audit trail, and can be set inactive", async () => {
    const org = await setup();
    const rate = await withTenant(org.actor, (tx) => createTaxRate(tx, { name: "Standard", rateBp: 2000, accountId: org.taxPayable.id }));
    const after = await withTenant(org.actor, (tx) => updateTaxRate(tx, rate.id, { name: "Standard rate", rateBp: 1900, accountId: org.taxPayable.id, isActive: false }));
    expect([after.name, after.rateBp, after.isActive]).toEqual(["Standard rate", 1900, false]);
    await withTenant(org.actor, async (tx) => {
      expect(await listTaxRates(tx, { activeOnly: true })).toEqual([]);
      const [event] = await tx.select().from(auditEvents).where(and(eq(auditEvents.action, "ledger.tax_rate_updated"), eq(auditEvents.entityId, rate.id)));
      expect([event.before, event.after]).toMatchObject([{ rateBp: 2000, isActive: true }, { rateBp: 1900, isActive: false }]);
    });
  });

  it("are another organisation's business: its rates are not found, not listed and not changed", async () => {
    const org = await setup();
    const other = await setup();
    const theirs = await withTenant(other.actor, (tx) => createTaxRate(tx, { name: "Theirs", rateBp: 2000, accountId: other.taxPayable.id }));
    await appRefusal(withTenant(org.actor, (tx) => getTaxRate(tx, theirs.id)), 404);
    await appRefusal(withTenant(org.actor, (tx) => updateTaxRate(tx, theirs.id, { name: "Mine now", rateBp: 0, accountId: org.taxPayable.id, isActive: true })), 404);
    expect(await withTenant(org.actor, (tx) => listTaxRates(tx))).toEqual([]);
    expect((await withTenant(other.actor, (tx) => getTaxRate(tx, theirs.id))).name).toBe("Theirs");
  });

  it("are checked by the database too: a rate over 100% or a blank name cannot be stored", async () => {
    const org = await setup();
    expect(
      await databaseRefusal(withTenant(org.actor, (tx) => tx.insert(taxRates).values({ tenantId: org.actor.tenantId, name: "Too much", rateBp: 10001, accountId: org.taxPayable.id }))),
    ).toMatch(/tax_rates_rate/);
    expect(await databaseRefusal(withTenant(org.actor, (tx) => tx.insert(taxRates).values({ tenantId: org.actor.tenantId, name: "", rateBp: 0, accountId: org.taxPayable.id })))).toMatch(
      /tax_rates_name/,
    );
  });
});
