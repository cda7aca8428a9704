import { eq, sql } from "drizzle-orm";
import { db, queryRows } from "~/db.server";
import { auditEvents } from "~/modules/audit/schema";
import { databaseRefusal } from "~/test/expect-database";
import { createOrganisationWithOwner } from "~/test/factories";
import { createOrganisationForUser } from "~/workflows/create-organisation.server";
import { withTenant, withUser } from "./context.server";
import { GLOBAL_TABLES } from "./global-tables";
import { listUserOrganisations } from "./organisations.server";
import { invitations, memberships, tenants } from "./schema";

describe("pg_catalog: every tenant table is isolated by the database", () => {
  it("finds forced row-level security, a policy and a key led by tenant_id on every table with tenant_id", async () => {
    const tables = await queryRows<{ table_name: string; has_tenant_id: boolean; rls: boolean; forced: boolean; policies: number; pk_first: string | null }>(
      db(),
      sql`select c.relname as table_name,
          exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as has_tenant_id,
          c.relrowsecurity as rls, c.relforcerowsecurity as forced,
          (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
          (select a.attname from pg_constraint k join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
            where k.conrelid = c.oid and k.contype = 'p') as pk_first
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' order by c.relname`,
    );
    expect(tables.length).toBeGreaterThan(5);
    const unknown = tables.filter((t) => !t.has_tenant_id && !GLOBAL_TABLES.includes(t.table_name)).map((t) => t.table_name);
    expect(unknown, "tables without tenant_id must be listed as global").toEqual([]);
    const failures = tables
      .filter((t) => t.has_tenant_id)
      .flatMap((t) => {
        const problems: string[] = [];
        if (!t.rls) problems.push("row-level security not enabled");
        if (!t.forced) problems.push("row-level security not forced");
        if (t.policies === 0) problems.push("no policy");
        if (t.pk_first !== "tenant_id") problems.push(`primary key starts with ${t.pk_first ?? "nothing"}`);
        return problems.map((p) => `${t.table_name}: ${p}`);
      });
    expect(failures).toEqual([]);
  });

  it("finds every foreign key between tenant tables includes tenant_id", async () => {
    const keys = await queryRows<{ name: string; from_table: string; to_table: string; columns: string[] }>(
      db(),
      sql`select k.conname as name, k.conrelid::regclass::text as from_table, k.confrelid::regclass::text as to_table,
          array(select a.attname::text from unnest(k.conkey) as u(n) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n) as columns
        from pg_constraint k where k.contype = 'f' and k.connamespace = 'public'::regnamespace`,
    );
    const tenantTables = new Set(
      (await queryRows<{ t: string }>(db(), sql`select distinct attrelid::regclass::text as t from pg_attribute where attname = 'tenant_id' and attrelid::regclass::text not like 'pg_%'`)).map((r) => r.t),
    );
    const bad = keys.filter((k) => tenantTables.has(k.from_table) && tenantTables.has(k.to_table) && !k.columns.includes("tenant_id"));
    expect(bad.map((k) => k.name)).toEqual([]);
  });

  it("runs tenant work as a role that is not a superuser, not the owner and cannot bypass RLS", async () => {
    const { actor } = await createOrganisationWithOwner();
    const [role] = await withTenant(actor, (tx) =>
      queryRows<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owns: number }>(
        tx,
        sql`select r.rolname, r.rolsuper, r.rolbypassrls,
            (select count(*)::int from pg_class c where c.relowner = r.oid) as owns
          from pg_roles r where r.rolname = current_user`,
      ),
    );
    expect(role).toEqual({ rolname: "folio_app", rolsuper: false, rolbypassrls: false, owns: 0 });
  });
});

describe("isolation between tenants", () => {
  it("hides, protects and refuses another tenant's rows inside withTenant", async () => {
    const a = await createOrganisationWithOwner({ organisationName: "Alpha Traders" });
    const b = await createOrganisationWithOwner({ organisationName: "Beta Supplies" });

    await withTenant(a.actor, async (tx) => {
      const visible = await tx.select().from(memberships);
      expect(visible.map((m) => m.tenantId)).toEqual([a.organisation.id]);

      const seenAudit = await tx.select().from(auditEvents);
      expect(seenAudit.length).toBeGreaterThan(0);
      expect(seenAudit.every((e) => e.tenantId === a.organisation.id)).toBe(true);

      const updated = await tx.update(memberships).set({ role: "viewer" }).where(eq(memberships.tenantId, b.organisation.id)).returning();
      expect(updated).toEqual([]);
      const deleted = await tx.delete(memberships).where(eq(memberships.id, b.membership.id)).returning();
      expect(deleted).toEqual([]);
    });

    const refusal = await databaseRefusal(
      withTenant(a.actor, (tx) =>
        tx.insert(invitations).values({
          tenantId: b.organisation.id,
          email: "intruder@example.test",
          role: "owner",
          tokenHash: "x",
          invitedByMembershipId: b.membership.id,
          expiresAt: new Date(Date.now() + 1000),
        }),
      ),
    );
    expect(refusal).toMatch(/row-level security/);

    const bMembers = await withTenant(b.actor, (tx) => tx.select().from(memberships));
    expect(bMembers).toHaveLength(1);
    expect(bMembers[0].role).toBe("owner");
  });

  it("sees nothing at all when no tenant is set", async () => {
    await createOrganisationWithOwner();
    const rows = await withUser("00000000-0000-0000-0000-000000000000", (tx) => tx.select().from(memberships));
    expect(rows).toEqual([]);
  });

  it("lets a user list only their own organisations across tenants", async () => {
    const a = await createOrganisationWithOwner({ organisationName: "Gamma One" });
    await createOrganisationWithOwner({ organisationName: "Delta Two" });
    const orgs = await withUser(a.user.id, (tx) => listUserOrganisations(tx, a.user.id));
    expect(orgs).toEqual([{ slug: a.organisation.slug, name: "Gamma One", role: "owner" }]);
  });

  it("shows a person's memberships of other organisations only outside any tenant", async () => {
    const a = await createOrganisationWithOwner();
    const second = await createOrganisationForUser({ name: "Second Shop", ownerUserId: a.user.id });
    const insideA = await withTenant(a.actor, (tx) => tx.select().from(memberships));
    expect(insideA.map((m) => m.tenantId)).toEqual([a.organisation.id]);
    const outside = await withUser(a.user.id, (tx) => tx.select().from(memberships));
    expect(outside.map((m) => m.tenantId).sort()).toEqual([a.organisation.id, second.organisation.id].sort());
  });

  it("lets a tenant change only its own organisation settings", async () => {
    const a = await createOrganisationWithOwner();
    const b = await createOrganisationWithOwner();
    const changed = await withTenant(a.actor, (tx) => tx.update(tenants).set({ name: "Hijacked" }).where(eq(tenants.id, b.organisation.id)).returning());
    expect(changed).toEqual([]);
    const [bAfter] = await db().select().from(tenants).where(eq(tenants.id, b.organisation.id));
    expect(bAfter.name).toBe(b.organisation.name);
  });
});
