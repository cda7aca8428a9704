import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DATA_MAP } from "~/data-map.server";
import { db } from "~/db.server";
import { auditEvents } from "~/modules/audit/schema";
import { createParty } from "~/modules/parties/parties.server";
import { withTenant, withUser } from "~/modules/tenancy/context.server";
import { listUserMemberships } from "~/modules/tenancy/organisations.server";
import { tenants } from "~/modules/tenancy/schema";
import { createMember, createOrganisationWithOwner } from "~/test/factories";
import { unzipByDirectory, zipStream } from "~/utils/zip";
import { cancelOrganisationAudited, restoreOrganisationAudited } from "~/workflows/cancel-organisation.server";
import { organisationExportEntries, organisationTables, recordOrganisationExport } from "./organisation-export.server";

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason?: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; reason?: string; field?: string };
  }
  throw new Error("expected a refusal");
}

async function customers(actor: Parameters<typeof withTenant>[0], names: string[]) {
  await withTenant(actor, async (tx) => {
    for (const name of names) await createParty(tx, "customer", { name, email: null, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, assignedUserId: null });
  });
}

describe("an owner's export of the organisation", () => {
  it("streams every table as CSV and JSON into a zip, page after page, with this organisation's rows only", async () => {
    const owner = await createOrganisationWithOwner({ organisationName: "Export Test GmbH" });
    const other = await createOrganisationWithOwner();
    const names = ["Anna Alpha", "Bert Beta", "Carla Gamma", "Dora Delta", "Emil Epsilon"];
    await customers(owner.actor, names);
    await customers(other.actor, ["Someone Else Entirely"]);
    const entries = organisationExportEntries(DATA_MAP, (work) => withTenant(owner.actor, work), { name: "Export Test GmbH", slug: owner.organisation.slug }, new Date(), 2);
    const archive = Buffer.from(await new Response(zipStream(entries)).arrayBuffer());
    const files = unzipByDirectory(archive);
    const byName = new Map(files.map((f) => [f.name, f.text]));
    const tables = organisationTables(DATA_MAP).map((m) => m.table);
    expect(tables).toContain("customers");
    expect(tables).not.toContain("users");
    for (const table of tables) {
      expect(byName.has(`csv/${table}.csv`), table).toBe(true);
      expect(byName.has(`json/${table}.json`), table).toBe(true);
    }
    const json = JSON.parse(byName.get("json/customers.json")!) as Array<{ name: string; tenant_id: string }>;
    expect(json.map((c) => c.name).sort()).toEqual(names);
    expect(new Set(json.map((c) => c.tenant_id))).toEqual(new Set([owner.organisation.id]));
    const csv = byName.get("csv/customers.csv")!;
    for (const name of names) expect(csv).toContain(name);
    expect(csv).not.toContain("Someone Else Entirely");
    expect(JSON.parse(byName.get("organisation.json")!)).toMatchObject({ organisation: "Export Test GmbH" });
    // Five customers at two rows a page: three keyset pages, each row once.
    expect(json).toHaveLength(5);
    expect((JSON.parse(byName.get("json/memberships.json")!) as unknown[]).length).toBe(1);
  });

  it("is recorded in the audit trail", async () => {
    const owner = await createOrganisationWithOwner();
    await withTenant(owner.actor, (tx) => recordOrganisationExport(tx, DATA_MAP));
    const events = await db().select().from(auditEvents).where(eq(auditEvents.tenantId, owner.organisation.id));
    expect(events.map((e) => e.action)).toContain("organisation.exported");
  });
});

describe("cancelling an organisation", () => {
  it("needs the name typed exactly, stays reachable for its members, and an owner can undo it within 30 days (audited)", async () => {
    const owner = await createOrganisationWithOwner({ organisationName: "Cancel Me Ltd" });
    const member = await createMember(owner.actor, "viewer");
    expect(await refusal(withTenant(owner.actor, (tx) => cancelOrganisationAudited(tx, { confirmName: "cancel me ltd" })))).toMatchObject({ code: "invalid", field: "confirmName" });
    const now = new Date();
    const { deletesAt } = await withTenant(owner.actor, (tx) => cancelOrganisationAudited(tx, { confirmName: "Cancel Me Ltd" }, now));
    expect(deletesAt.getTime() - now.getTime()).toBe(30 * 86_400_000);
    const [row] = await db().select().from(tenants).where(eq(tenants.id, owner.organisation.id));
    expect(row.status).toBe("cancelled");
    expect(await refusal(withTenant(owner.actor, (tx) => cancelOrganisationAudited(tx, { confirmName: "Cancel Me Ltd" })))).toMatchObject({ code: "conflict", reason: "cancelled" });
    // Members still reach it (they see the banner) until it is deleted.
    const memberships = await withUser(member.user.id, (tx) => listUserMemberships(tx, member.user.id));
    expect(memberships.map((m) => [m.organisation.id, m.organisation.status])).toContainEqual([owner.organisation.id, "cancelled"]);
    // Too late after 30 days (a moved clock); in time before.
    expect(await refusal(withTenant(owner.actor, (tx) => restoreOrganisationAudited(tx, new Date(now.getTime() + 31 * 86_400_000))))).toMatchObject({ code: "conflict", reason: "too_late" });
    await withTenant(owner.actor, (tx) => restoreOrganisationAudited(tx, new Date(now.getTime() + 29 * 86_400_000)));
    const [restored] = await db().select().from(tenants).where(eq(tenants.id, owner.organisation.id));
    expect([restored.status, restored.cancelledAt]).toEqual(["active", null]);
    expect(await refusal(withTenant(owner.actor, (tx) => restoreOrganisationAudited(tx)))).toMatchObject({ code: "conflict", reason: "active" });
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.tenantId, owner.organisation.id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["organisation.cancelled", "organisation.restored"]));
  });
});
