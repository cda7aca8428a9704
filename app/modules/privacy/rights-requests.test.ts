import { eq, sql } from "drizzle-orm";
import { DATA_MAP } from "~/data-map.server";
import { db, queryRows } from "~/db.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { postManualEntry } from "~/modules/ledger/drafts.server";
import { createParty } from "~/modules/parties/parties.server";
import { customers } from "~/modules/parties/schema";
import { leads } from "~/modules/crm/schema";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner, emailsTo, uniqueEmail } from "~/test/factories";
import { findPersonalData } from "./personal-data.server";
import {
  approveRequest,
  cancelRequest,
  completeRequest,
  denyRequest,
  extendRequest,
  fileRightsRequest,
  listRightsRequests,
  openPackage,
  resendRightsRequestCode,
  rightsRequestDetail,
  unlessRefused,
  verifyRightsRequest,
} from "./rights-requests.server";
import { erasureLog, marketingSuppressions, privacyRestrictions, rightsRequests } from "./schema";

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: string; reason?: string; message: string };
    return { code: e.code, reason: e.reason, message: e.message };
  }
  throw new Error("expected a refusal");
}

async function latestCode(email: string): Promise<string> {
  const messages = await emailsTo(email, "rights-request");
  const match = /Your code:\s*(\d{6})/.exec(messages.at(-1)?.text ?? "");
  if (!match) throw new Error(`no code mailed to ${email}`);
  return match[1];
}

async function organisation() {
  const owner = await createOrganisationWithOwner();
  const org = { name: owner.organisation.name, slug: owner.organisation.slug };
  const publicActor: TenantActor = { tenantId: owner.organisation.id, userId: null, dataScope: "all" };
  const file = (email: string, right: "erasure" | "access" | "objection" | "restriction" = "erasure", now = new Date()) =>
    withTenant(publicActor, (tx) => fileRightsRequest(tx, { tenantId: owner.organisation.id, organisation: org, input: { right, email }, now }));
  const verify = async (id: string, code: string, now = new Date()) => unlessRefused(await withTenant(publicActor, (tx) => verifyRightsRequest(tx, { id, code, organisation: org, now })));
  return { owner, org, publicActor, file, verify, team: owner.actor };
}

async function customerWithBooks(actor: TenantActor, email: string) {
  return withTenant(actor, async (tx) => {
    const customer = await createParty(tx, "customer", { name: "Erika Mustermann", email, phone: "+49 30 555", taxId: "DE999", billingAddress: "Hauptstr. 1", paymentTermsDays: 30, assignedUserId: null });
    const receivable = (await findAccountByRole(tx, "receivable"))!;
    const sales = (await findAccountByRole(tx, "sales"))!;
    await postManualEntry(tx, {
      entryDate: "2026-06-01",
      memo: "Invoice 1",
      lines: [
        { accountId: receivable.id, partyId: customer.id, debit: "120.00", description: "Goods for Erika" },
        { accountId: sales.id, credit: "120.00" },
      ],
    });
    return customer;
  });
}

describe("filing and verifying a rights request", () => {
  it("answers the same for a known and an unknown address, and mails a code either way", async () => {
    const { owner, file } = await organisation();
    const known = uniqueEmail("known");
    await customerWithBooks(owner.actor, known);
    const unknown = uniqueEmail("unknown");
    const a = await file(known);
    const b = await file(unknown);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(a.state).toBe("unverified");
    expect(b.state).toBe("unverified");
    expect(await latestCode(known)).toMatch(/^\d{6}$/);
    expect(await latestCode(unknown)).toMatch(/^\d{6}$/);
    const [stored] = await db().select().from(rightsRequests).where(eq(rightsRequests.id, a.id));
    expect(stored.codeHash).not.toContain(await latestCode(known));
    expect(stored.codeHash).toHaveLength(64);
  });

  it("verifies with the code and sets the due date one calendar month later", async () => {
    const { file, verify } = await organisation();
    const email = uniqueEmail();
    const now = new Date("2027-01-31T10:00:00Z");
    const { id } = await file(email, "erasure", now);
    const result = await verify(id, await latestCode(email), new Date("2027-01-31T10:05:00Z"));
    expect(result.dueAt.toISOString()).toBe("2027-02-28T10:05:00.000Z");
    expect(result.reference).toMatch(/^PR-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect((await emailsTo(email, "rights-request")).at(-1)!.text).toContain("2027-02-28");
  });

  it("refuses wrong codes with the attempts left, locks after five, and a new code works", async () => {
    const { org, publicActor, file, verify } = await organisation();
    const email = uniqueEmail();
    const { id } = await file(email);
    const code = await latestCode(email);
    const wrong = code === "000000" ? "111111" : "000000";
    const first = await refusal(verify(id, wrong));
    expect(first).toMatchObject({ code: "invalid", reason: "wrong" });
    expect(first.message).toMatch(/4 attempts left/);
    for (let i = 0; i < 3; i++) await refusal(verify(id, wrong));
    expect(await refusal(verify(id, wrong))).toMatchObject({ code: "throttled", reason: "attempts" });
    expect(await refusal(verify(id, code))).toMatchObject({ code: "throttled", reason: "attempts" });
    await withTenant(publicActor, (tx) => resendRightsRequestCode(tx, { id, organisation: org }));
    const fresh = await latestCode(email);
    await expect(verify(id, fresh)).resolves.toMatchObject({ reference: expect.any(String) });
  });

  it("refuses an expired code and limits how many codes are sent", async () => {
    const { org, publicActor, file, verify } = await organisation();
    const email = uniqueEmail();
    const start = new Date("2027-03-01T09:00:00Z");
    const { id } = await file(email, "access", start);
    expect(await refusal(verify(id, await latestCode(email), new Date("2027-03-01T09:16:00Z")))).toMatchObject({ code: "invalid", reason: "expired" });
    await withTenant(publicActor, (tx) => resendRightsRequestCode(tx, { id, organisation: org, now: start }));
    await withTenant(publicActor, (tx) => resendRightsRequestCode(tx, { id, organisation: org, now: start }));
    expect(await refusal(withTenant(publicActor, (tx) => resendRightsRequestCode(tx, { id, organisation: org, now: start })))).toMatchObject({ code: "throttled", reason: "sends" });
  });

  it("answers a forged id and another organisation's request as not found", async () => {
    const { file, verify } = await organisation();
    const other = await organisation();
    const email = uniqueEmail();
    const { id } = await file(email);
    expect(await refusal(verify("not-a-uuid", "123456"))).toMatchObject({ code: "not_found" });
    expect(await refusal(verify("00000000-0000-4000-8000-000000000000", "123456"))).toMatchObject({ code: "not_found" });
    expect(await refusal(other.verify(id, await latestCode(email)))).toMatchObject({ code: "not_found" });
    expect(await refusal(withTenant(other.team, (tx) => rightsRequestDetail(tx, DATA_MAP, id)))).toMatchObject({ code: "not_found" });
    expect(await refusal(withTenant(other.team, (tx) => approveRequest(tx, { id, organisation: other.org })))).toMatchObject({ code: "not_found" });
  });
});

describe("a signed-in user's request", () => {
  it("is verified at once, due a month later, with no code mailed", async () => {
    const { owner, org } = await organisation();
    const now = new Date("2027-02-10T12:00:00Z");
    const filed = await withTenant({ ...owner.actor }, (tx) =>
      fileRightsRequest(tx, { tenantId: owner.organisation.id, organisation: org, input: { right: "access", email: owner.user.email }, verifiedUserId: owner.user.id, now }),
    );
    expect(filed.state).toBe("verified");
    const [stored] = await db().select().from(rightsRequests).where(eq(rightsRequests.id, filed.id));
    expect(stored.dueAt!.toISOString()).toBe("2027-03-10T12:00:00.000Z");
    expect(stored.codeHash).toBeNull();
    const mails = await emailsTo(owner.user.email, "rights-request");
    expect(mails.map((m) => m.text).join("\n")).not.toMatch(/Your code/);
  });
});

describe("the privacy team's work", () => {
  it("denies only with a reason, which the requester is told with the right to complain", async () => {
    const { org, file, verify, team } = await organisation();
    const email = uniqueEmail();
    const { id } = await file(email);
    await verify(id, await latestCode(email));
    expect(await refusal(withTenant(team, (tx) => denyRequest(tx, { id, reason: "", organisation: org })))).toMatchObject({ code: "invalid" });
    await withTenant(team, (tx) => denyRequest(tx, { id, reason: "We could not confirm that the address is yours.", organisation: org }));
    const text = (await emailsTo(email, "rights-request")).at(-1)!.text;
    expect(text).toContain("We could not confirm");
    expect(text).toMatch(/complaint with a supervisory authority/);
    expect(await refusal(withTenant(team, (tx) => approveRequest(tx, { id, organisation: org })))).toMatchObject({ code: "conflict" });
  });

  it("extends once, by up to two months, before the first month ends; lists overdue and due-soon requests", async () => {
    const { org, file, verify, team } = await organisation();
    const email = uniqueEmail();
    const start = new Date("2027-05-10T08:00:00Z");
    const { id } = await file(email, "erasure", start);
    await verify(id, await latestCode(email), start);
    const soon = await withTenant(team, (tx) => listRightsRequests(tx, { due: "week" }, new Date("2027-06-05T08:00:00Z")));
    expect(soon.map((r) => r.id)).toEqual([id]);
    expect(soon[0].dueSoon).toBe(true);
    const late = await withTenant(team, (tx) => listRightsRequests(tx, { due: "overdue" }, new Date("2027-06-11T08:00:00Z")));
    expect(late[0]).toMatchObject({ id, overdue: true });
    expect(await refusal(withTenant(team, (tx) => extendRequest(tx, { id, months: 3, reason: "Many records", organisation: org, now: start })))).toMatchObject({ code: "invalid" });
    expect(await refusal(withTenant(team, (tx) => extendRequest(tx, { id, months: 2, reason: "Many records", organisation: org, now: new Date("2027-06-11T08:00:00Z") })))).toMatchObject({ reason: "late" });
    const { dueAt } = await withTenant(team, (tx) => extendRequest(tx, { id, months: 2, reason: "Many records to check", organisation: org, now: start }));
    expect(dueAt.toISOString().slice(0, 10)).toBe("2027-08-10");
    expect((await emailsTo(email, "rights-request")).at(-1)!.text).toContain("Many records to check");
    expect(await refusal(withTenant(team, (tx) => extendRequest(tx, { id, months: 1, reason: "Again please", organisation: org, now: start })))).toMatchObject({ reason: "extended" });
    await withTenant(team, (tx) => cancelRequest(tx, { id, organisation: org }));
    const audit = await queryRows<{ action: string }>(db(), sql`select action from audit_events where entity_id = ${id} order by id`);
    expect(audit.map((a) => a.action)).toEqual(["rights_request.unverified", "rights_request.verified", "rights_request.verified", "rights_request.cancelled"]);
  });
});

describe("erasure", () => {
  it("anonymises the customer, deletes the lead, keeps the ledger lines restricted and says so, in one transaction", async () => {
    const { owner, org, file, verify, team } = await organisation();
    const email = uniqueEmail("erika");
    const customer = await customerWithBooks(owner.actor, email);
    await withTenant(owner.actor, (tx) => tx.insert(leads).values({ tenantId: owner.organisation.id, name: "Erika M.", email: email.toUpperCase(), message: "Call me" }));
    const { id } = await file(email);
    await verify(id, await latestCode(email));
    const detail = await withTenant(team, (tx) => rightsRequestDetail(tx, DATA_MAP, id));
    const actions = Object.fromEntries(detail.plan.map((row) => [`${row.table}:${row.action}`, true]));
    expect(actions).toMatchObject({ "customers:anonymise": true, "leads:delete": true, "journal_lines:keep": true });
    await withTenant(team, (tx) => approveRequest(tx, { id, organisation: org }));
    const result = await withTenant(team, (tx) => completeRequest(tx, DATA_MAP, { id, tenantId: owner.organisation.id, organisation: org }));
    expect(result.state).toBe("partially_completed");
    expect(result.statement).toMatch(/1 row of journal lines: kept because the books must be kept .*until 2036-06-01/);

    const [after] = await withTenant(team, (tx) => tx.select().from(customers).where(eq(customers.id, customer.id)));
    expect(after.name).toBe(`Erased customer ${customer.id.slice(0, 8)}`);
    expect([after.email, after.phone, after.taxId, after.billingAddress]).toEqual([null, null, null, null]);
    expect(await withTenant(team, (tx) => tx.select().from(leads))).toEqual([]);
    const lines = await queryRows<{ customer_id: string }>(db(), sql`select customer_id from journal_lines where customer_id = ${customer.id}`);
    expect(lines).toHaveLength(1);
    const restrictions = await withTenant(team, (tx) => tx.select().from(privacyRestrictions));
    expect(restrictions.filter((r) => r.tableName === "journal_lines").map((r) => r.restrictedUntil)).toEqual(["2036-06-01"]);
    const [log] = await withTenant(team, (tx) => tx.select().from(erasureLog));
    expect(log.requestId).toBe(id);
    expect(JSON.stringify(log.entries)).not.toContain(email);

    // A new look finds nothing about the person but what the law keeps and the request itself.
    const again = await withTenant(team, (tx) => findPersonalData(tx, DATA_MAP, { email }, "tenant"));
    expect(again.map((f) => f.table)).toEqual(["rights_requests"]);
    const statement = (await emailsTo(email, "rights-request")).at(-1)!;
    expect(statement.subject).toMatch(/partially completed/);
    expect(statement.text).toContain("journal lines");
  });

  it("an objection puts the address's hash on the suppression list, which erasure leaves alone", async () => {
    const { owner, org, file, verify, team } = await organisation();
    const email = uniqueEmail("no-marketing");
    for (const right of ["objection", "erasure"] as const) {
      const { id } = await file(email, right);
      await verify(id, await latestCode(email));
      await withTenant(team, (tx) => approveRequest(tx, { id, organisation: org }));
      await withTenant(team, (tx) => completeRequest(tx, DATA_MAP, { id, tenantId: owner.organisation.id, organisation: org }));
    }
    const suppressed = await withTenant(team, (tx) => tx.select().from(marketingSuppressions));
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].emailHash).toMatch(/^[0-9a-f]{64}$/);
    expect(suppressed[0].emailHash).not.toContain(email);
  });
});

describe("access", () => {
  it("opens the package with a fresh code within 7 days, and refuses the link afterwards", async () => {
    const { owner, org, publicActor, file, verify, team } = await organisation();
    const email = uniqueEmail("access");
    const customer = await customerWithBooks(owner.actor, email);
    const start = new Date();
    const { id } = await file(email, "access", start);
    await verify(id, await latestCode(email), start);
    await withTenant(team, (tx) => approveRequest(tx, { id, organisation: org, now: start }));
    await withTenant(team, (tx) => completeRequest(tx, DATA_MAP, { id, tenantId: owner.organisation.id, organisation: org, now: start }));
    expect((await emailsTo(email, "rights-request")).at(-1)!.text).toContain(`/o/${org.slug}/rights/${id}/package`);
    expect(await refusal(withTenant(publicActor, (tx) => openPackage(tx, DATA_MAP, { id, code: "123456", organisation: org, now: start })).then(unlessRefused))).toMatchObject({ code: "invalid", reason: "no_code" });
    await withTenant(publicActor, (tx) => resendRightsRequestCode(tx, { id, organisation: org, now: start }));
    expect(await refusal(withTenant(publicActor, (tx) => openPackage(tx, DATA_MAP, { id, code: "", organisation: org, now: start })).then(unlessRefused))).toMatchObject({ reason: "wrong" });
    const code = await latestCode(email);
    const opened = unlessRefused(await withTenant(publicActor, (tx) => openPackage(tx, DATA_MAP, { id, code, organisation: org, now: start })));
    expect(opened.json.data.customers).toEqual([expect.objectContaining({ id: customer.id, name: "Erika Mustermann", email })]);
    expect(opened.json.data.journal_lines).toHaveLength(1);
    expect(opened.json.supplementaryInformation.purposes.map((p: { data: string }) => p.data)).toContain("customers");
    expect(opened.json.supplementaryInformation.rights).toMatch(/supervisory authority/);
    const later = new Date(start.getTime() + 8 * 86_400_000);
    expect(await refusal(withTenant(publicActor, (tx) => resendRightsRequestCode(tx, { id, organisation: org, now: later })))).toMatchObject({ reason: "expired" });
    expect(await refusal(withTenant(publicActor, (tx) => openPackage(tx, DATA_MAP, { id, code: "123456", organisation: org, now: later })).then(unlessRefused))).toMatchObject({ reason: "expired" });
  });
});
