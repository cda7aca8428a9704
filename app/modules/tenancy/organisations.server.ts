import { randomBytes } from "node:crypto";
import { and, count, eq, type SQL, sql } from "drizzle-orm";
import { queryRowPrepared, queryRows, type Queryable, type Tx } from "~/db.server";
import { enterOrganisation } from "./context.server";
import { DEFAULT_DATA_SCOPE, type Role } from "./permissions";
import { memberships, tenants } from "./schema";

export type Organisation = typeof tenants.$inferSelect;

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return base || "org";
}

async function availableSlug(db: Queryable, name: string): Promise<string> {
  const base = slugify(name);
  const taken = await db.select({ slug: tenants.slug }).from(tenants).where(sql`${tenants.slug} = ${base} or ${tenants.slug} like ${`${base}-%`}`);
  const used = new Set(taken.map((row) => row.slug));
  if (!used.has(base) && !RESERVED_SLUGS.has(base)) return base;
  for (;;) {
    const candidate = `${base}-${randomBytes(3).toString("hex")}`;
    if (!used.has(candidate)) return candidate;
  }
}

const RESERVED_SLUGS = new Set(["new", "app", "admin", "api", "dev", "settings"]);

export interface NewOrganisation {
  name: string;
  ownerUserId: string;
  currency?: string;
  timeZone?: string;
  locale?: string;
}

/**
 * Inserts the organisation and enters it: the transaction continues as the application role inside the new
 * organisation, acting for its owner-to-be, so any global rows must be written before this call. Its first
 * owner, audit trail and chart of accounts come with it in app/workflows/create-organisation.server.ts.
 */
export async function openOrganisation(tx: Tx, input: NewOrganisation, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<Organisation> {
  const slug = await availableSlug(tx, input.name);
  const [organisation] = await tx
    .insert(tenants)
    .values({
      name: input.name.trim(),
      slug,
      currency: input.currency ?? "EUR",
      timeZone: input.timeZone ?? "UTC",
      locale: input.locale ?? "en-GB",
    })
    .returning();
  await enterOrganisation(tx, { tenantId: organisation.id, userId: input.ownerUserId, dataScope: "all", ...meta });
  return organisation;
}

/** Inserts a membership (the caller audits it: app/workflows/add-member.server.ts). */
export async function insertMembership(tx: Tx, input: { tenantId: string; userId: string; role: Role }) {
  const [membership] = await tx
    .insert(memberships)
    .values({ tenantId: input.tenantId, userId: input.userId, role: input.role, dataScope: DEFAULT_DATA_SCOPE[input.role] })
    .returning();
  return membership;
}

/** How many organisations Folio holds, whatever their status. */
export async function countOrganisations(db: Queryable): Promise<number> {
  const [{ value }] = await db.select({ value: count() }).from(tenants);
  return value;
}

export async function findOrganisationBySlug(db: Queryable, slug: string): Promise<Organisation | undefined> {
  const [organisation] = await db.select().from(tenants).where(eq(tenants.slug, slug));
  return organisation;
}

export interface UserMembership {
  organisation: Organisation;
  membershipId: string;
  role: Role;
  dataScope: "all" | "assigned";
}

/**
 * Every organisation the user belongs to with the membership, by name: the organisation switcher and the
 * membership of the organisation being visited, in one indexed query. Runs as the user (withUser or enterUser).
 * A cancelled organisation stays reachable by its members until the retention job deletes it (30 days): they see
 * a banner, and an owner may undo the cancellation.
 */
export async function listUserMemberships(tx: Tx, userId: string): Promise<UserMembership[]> {
  const rows = await tx
    .select({ organisation: tenants, membershipId: memberships.id, role: memberships.role, dataScope: memberships.dataScope })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(tenants.name);
  return rows as UserMembership[];
}

/** The ids of every organisation the user belongs to, active or not, in id order. Runs as the user (enterUser). */
export async function listOrganisationIdsOfUser(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.select({ tenantId: memberships.tenantId }).from(memberships).where(eq(memberships.userId, userId)).orderBy(memberships.tenantId);
  return rows.map((row) => row.tenantId);
}

/** The organisations a user belongs to, for the switcher. Runs in a withUser transaction. */
export async function listUserOrganisations(tx: Tx, userId: string) {
  return queryRows<{ slug: string; name: string; role: Role }>(
    tx,
    sql`select t.slug, t.name, m.role from memberships m join tenants t on t.id = m.tenant_id
        where m.user_id = ${userId} and t.status = 'active' order by t.name`,
  );
}

/** Changes the organisation's settings; what it was and is, for the audit trail (app/workflows/update-organisation.server.ts). */
export async function changeOrganisationSettings(
  tx: Tx,
  tenantId: string,
  changes: { name: string; currency: string; timeZone: string; locale: string },
): Promise<{ before: Organisation; after: Organisation }> {
  const [before] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
  const [after] = await tx.update(tenants).set(changes).where(eq(tenants.id, tenantId)).returning();
  if (!after) throw new Error("organisation not found in this tenant");
  return { before, after };
}

/** The organisation a tenant transaction (withTenant) acts in. */
/**
 * The SQL expression of the currency of this transaction's organisation, for a statement of another area that
 * must check it without a round trip of its own (posting reads everything it checks in one statement).
 */
export function currentOrganisationCurrencySql(): SQL {
  return sql`(select currency from tenants where id = app_tenant_id())`;
}

/** The money and calendar settings of this transaction's organisation: one prepared statement (posting reads it per entry). */
export async function currentOrganisationSettings(tx: Tx): Promise<{ currency: string; timeZone: string; locale: string }> {
  const row = await queryRowPrepared<{ currency: string; time_zone: string; locale: string }>(
    tx,
    sql`select currency, time_zone, locale from tenants where id = app_tenant_id()`,
  );
  if (!row) throw new Error("currentOrganisationSettings needs a tenant transaction (withTenant)");
  return { currency: row.currency, timeZone: row.time_zone, locale: row.locale };
}

export async function currentOrganisation(tx: Tx): Promise<Organisation> {
  const [organisation] = await tx.select().from(tenants).where(sql`${tenants.id} = app_tenant_id()`);
  if (!organisation) throw new Error("currentOrganisation needs a tenant transaction (withTenant)");
  return organisation;
}
