import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DATA_MAP } from "~/data-map.server";
import { db } from "~/db.server";
import { users } from "~/modules/identity/schema";
import { createOrganisationWithOwner, createUser, emailsTo, uniqueEmail } from "~/test/factories";
import {
  approveRequest,
  completeRequest,
  FOLIO_CONTROLLER,
  fileRightsRequest,
  listRightsRequests,
  openPackage,
  requestStatus,
  resendRightsRequestCode,
  rightsRequestDetail,
  unlessRefused,
  verifyRightsRequest,
  withFolioRights,
} from "./rights-requests.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { folioRightsRequests, rightsRequests } from "./schema";

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

const file = (email: string, right: "erasure" | "access" = "access", now = new Date()) =>
  withFolioRights((tx) => fileRightsRequest(tx, { tenantId: null, organisation: FOLIO_CONTROLLER, input: { right, email }, now }));
const verify = async (id: string, code: string, now = new Date()) => unlessRefused(await withFolioRights((tx) => verifyRightsRequest(tx, { id, code, organisation: FOLIO_CONTROLLER, now })));

describe("requests to Folio itself", () => {
  it("answers the same for a Folio user and an unknown address, keeps them apart from organisations' requests, and verifies with the code", async () => {
    const user = await createUser();
    const unknown = uniqueEmail("unknown");
    const a = await file(user.email);
    const b = await file(unknown);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect([a.state, b.state]).toEqual(["unverified", "unverified"]);
    const [stored] = await db().select().from(folioRightsRequests).where(eq(folioRightsRequests.id, a.id));
    expect(stored.codeHash).toHaveLength(64);
    expect(await db().select().from(rightsRequests).where(eq(rightsRequests.id, a.id))).toHaveLength(0);
    const code = await latestCode(user.email);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await refusal(verify(a.id, wrong))).toMatchObject({ code: "invalid", reason: "wrong" });
    const verified = await verify(a.id, code);
    expect(verified.reference).toMatch(/^PR-/);
    expect((await withFolioRights((tx) => listRightsRequests(tx, {}, new Date(), "folio"))).map((r) => r.id)).toContain(a.id);
    // An organisation's queue and pages do not see Folio's requests, and Folio's do not see an organisation's.
    const owner = await createOrganisationWithOwner();
    expect((await withTenant(owner.actor, (tx) => listRightsRequests(tx, {}))).map((r) => r.id)).not.toContain(a.id);
    expect(await refusal(withTenant(owner.actor, (tx) => requestStatus(tx, a.id)))).toMatchObject({ code: "not_found" });
    const org = { name: owner.organisation.name, slug: owner.organisation.slug };
    const tenantRequest = await withTenant({ ...owner.actor, userId: null }, (tx) => fileRightsRequest(tx, { tenantId: owner.organisation.id, organisation: org, input: { right: "access", email: unknown } }));
    expect(await refusal(withFolioRights((tx) => requestStatus(tx, tenantRequest.id, "folio")))).toMatchObject({ code: "not_found" });
  });

  it("limits codes: 15 minutes, then three sends in all", async () => {
    const email = uniqueEmail();
    const start = new Date("2027-03-01T09:00:00Z");
    const { id } = await file(email, "access", start);
    expect(await refusal(verify(id, await latestCode(email), new Date("2027-03-01T09:16:00Z")))).toMatchObject({ code: "invalid", reason: "expired" });
    await withFolioRights((tx) => resendRightsRequestCode(tx, { id, organisation: FOLIO_CONTROLLER, now: start }));
    await withFolioRights((tx) => resendRightsRequestCode(tx, { id, organisation: FOLIO_CONTROLLER, now: start }));
    expect(await refusal(withFolioRights((tx) => resendRightsRequestCode(tx, { id, organisation: FOLIO_CONTROLLER, now: start })))).toMatchObject({ code: "throttled", reason: "sends" });
  });

  it("gives a user an access package of their account without its password hash, behind a fresh code", async () => {
    const user = await createUser();
    const { id } = await file(user.email, "access");
    await verify(id, await latestCode(user.email));
    const detail = await withFolioRights((tx) => rightsRequestDetail(tx, DATA_MAP, id, new Date(), "folio"));
    expect(detail.found.map((f) => f.table)).toContain("users");
    await withFolioRights((tx) => approveRequest(tx, { id, organisation: FOLIO_CONTROLLER }));
    await withFolioRights((tx) => completeRequest(tx, DATA_MAP, { id, tenantId: "", organisation: FOLIO_CONTROLLER }));
    const mail = (await emailsTo(user.email, "rights-request")).at(-1)!.text;
    expect(mail).toContain(`/rights/${id}/package`);
    await withFolioRights((tx) => resendRightsRequestCode(tx, { id, organisation: FOLIO_CONTROLLER }));
    const code = await latestCode(user.email);
    const pkg = unlessRefused(await withFolioRights((tx) => openPackage(tx, DATA_MAP, { id, code, organisation: FOLIO_CONTROLLER })));
    expect(pkg.tables.users).toEqual([expect.objectContaining({ id: user.id, email: user.email })]);
    expect(pkg.tables.users[0]).not.toHaveProperty("password_hash");
    const [account] = await db().select().from(users).where(eq(users.id, user.id));
    expect(JSON.stringify(pkg.json)).not.toContain(account.passwordHash);
  });

  it("carries out an erasure by scheduling the account's deletion 30 days ahead", async () => {
    const user = await createUser();
    const { id } = await file(user.email, "erasure");
    const now = new Date("2027-05-01T10:00:00Z");
    await verify(id, await latestCode(user.email));
    await withFolioRights((tx) => approveRequest(tx, { id, organisation: FOLIO_CONTROLLER }));
    const result = await withFolioRights((tx) => completeRequest(tx, DATA_MAP, { id, tenantId: "", organisation: FOLIO_CONTROLLER, now }));
    expect(result.statement).toContain("2027-05-31");
    const [account] = await db().select().from(users).where(eq(users.id, user.id));
    expect(account.deletionDueAt?.toISOString()).toBe("2027-05-31T10:00:00.000Z");
  });
});
