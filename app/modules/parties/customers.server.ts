import { and, asc, count, eq, getTableColumns, sql } from "drizzle-orm";
import { queryRow, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { users } from "~/modules/identity/schema";
import { accounts, partyBalances } from "~/modules/ledger/schema";
import { listMembers } from "~/modules/tenancy/members.server";
import { isUuid, type CustomerInput } from "./forms";
import { pageOf, PartyError, partyListWhere, type PartyListFilter, type PartyPage } from "./parties.server";
import { customers } from "./schema";

export type Customer = typeof customers.$inferSelect;
export type CustomerWithAssignee = Customer & { assignedUserName: string | null };

export interface Salesman {
  userId: string;
  name: string;
  email: string;
}

const NOT_FOUND = "This customer does not exist in this organisation, or is not assigned to you.";

/** Who is acting in this transaction, as withTenant set it: the database's view, which RLS also uses. */
async function actingScope(tx: Tx): Promise<{ userId: string | null; dataScope: "all" | "assigned" }> {
  const row = await queryRow<{ user_id: string | null; data_scope: string }>(tx, sql`select app_user_id()::text as user_id, app_data_scope() as data_scope`);
  return { userId: row?.user_id ?? null, dataScope: row?.data_scope === "all" ? "all" : "assigned" };
}

/** Members whose role is salesman: the people a customer can be assigned to. */
export async function listSalesmen(tx: Tx): Promise<Salesman[]> {
  return (await listMembers(tx)).filter((m) => m.role === "salesman").map((m) => ({ userId: m.userId, name: m.name, email: m.email }));
}

async function checkAssignee(tx: Tx, userId: string) {
  if (!(await listSalesmen(tx)).some((s) => s.userId === userId)) {
    throw new PartyError("Choose a salesman of this organisation, or Unassigned.", 400, "assignedUserId");
  }
}

/**
 * Who the customer goes to. A member with the "assigned" scope (a salesman) always gets it himself, whatever
 * the input says; others may pick a salesman of this organisation or nobody. `undefined` keeps `current`.
 */
async function resolveAssignee(tx: Tx, requested: string | null | undefined, current: string | null): Promise<string | null> {
  const scope = await actingScope(tx);
  if (scope.dataScope === "assigned") return current ?? scope.userId;
  if (requested === undefined || requested === current) return current;
  if (requested !== null) await checkAssignee(tx, requested);
  return requested;
}

const withAssignee = { ...getTableColumns(customers), assignedUserName: users.name };

/** The customers the member may see (a salesman: only his own), by name, a page at a time. */
export async function listCustomers(tx: Tx, filter: PartyListFilter = {}): Promise<PartyPage<CustomerWithAssignee>> {
  const { page, pageSize, offset } = pageOf(filter);
  const where = partyListWhere(customers, filter);
  const rows = await tx
    .select(withAssignee)
    .from(customers)
    .leftJoin(users, eq(users.id, customers.assignedUserId))
    .where(where)
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(pageSize)
    .offset(offset);
  const [{ total }] = await tx.select({ total: count() }).from(customers).where(where);
  return { rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** One customer; another tenant's, or (for a salesman) another salesman's, is a 404 like a missing one. */
export async function getCustomer(tx: Tx, id: string): Promise<CustomerWithAssignee> {
  if (!isUuid(id)) throw new PartyError(NOT_FOUND, 404);
  const [customer] = await tx.select(withAssignee).from(customers).leftJoin(users, eq(users.id, customers.assignedUserId)).where(eq(customers.id, id));
  if (!customer) throw new PartyError(NOT_FOUND, 404);
  return customer;
}

async function lockCustomer(tx: Tx, id: string): Promise<Customer> {
  if (!isUuid(id)) throw new PartyError(NOT_FOUND, 404);
  const [customer] = await tx.select().from(customers).where(eq(customers.id, id)).for("update");
  if (!customer) throw new PartyError(NOT_FOUND, 404);
  return customer;
}

export async function createCustomer(tx: Tx, input: CustomerInput): Promise<Customer> {
  const assignedUserId = await resolveAssignee(tx, input.assignedUserId ?? null, null);
  const [customer] = await tx
    .insert(customers)
    .values({
      tenantId: sql`app_tenant_id()`,
      name: input.name,
      email: input.email,
      phone: input.phone,
      taxId: input.taxId,
      billingAddress: input.billingAddress,
      paymentTermsDays: input.paymentTermsDays,
      assignedUserId,
    })
    .returning();
  await recordAudit(tx, { action: "customer.created", entityType: "customer", entityId: customer.id, after: customer });
  return customer;
}

const EDITABLE = ["name", "email", "phone", "taxId", "billingAddress", "paymentTermsDays"] as const;

/**
 * Changes a customer's details and, for owners and admins, its salesman. Audited as customer.updated and,
 * when the salesman changes, customer.assigned; nothing is written when nothing changes.
 */
export async function updateCustomer(tx: Tx, id: string, input: CustomerInput): Promise<Customer> {
  const before = await lockCustomer(tx, id);
  const assignedUserId = await resolveAssignee(tx, input.assignedUserId, before.assignedUserId);
  const detailsChanged = EDITABLE.some((field) => before[field] !== input[field]);
  const assignmentChanged = assignedUserId !== before.assignedUserId;
  if (!detailsChanged && !assignmentChanged) return before;
  const [after] = await tx
    .update(customers)
    .set({
      name: input.name,
      email: input.email,
      phone: input.phone,
      taxId: input.taxId,
      billingAddress: input.billingAddress,
      paymentTermsDays: input.paymentTermsDays,
      assignedUserId,
      updatedAt: new Date(),
    })
    .where(eq(customers.id, id))
    .returning();
  if (detailsChanged) await recordAudit(tx, { action: "customer.updated", entityType: "customer", entityId: id, before, after });
  if (assignmentChanged) {
    await recordAudit(tx, {
      action: "customer.assigned",
      entityType: "customer",
      entityId: id,
      before: { assignedUserId: before.assignedUserId },
      after: { assignedUserId },
    });
  }
  return after;
}

/** Deactivates (or reactivates) a customer; customers are never deleted, since ledger lines may name them. */
export async function setCustomerActive(tx: Tx, id: string, active: boolean): Promise<Customer> {
  const before = await lockCustomer(tx, id);
  if (before.isActive === active) return before;
  const [after] = await tx.update(customers).set({ isActive: active, updatedAt: new Date() }).where(eq(customers.id, id)).returning();
  await recordAudit(tx, { action: active ? "customer.reactivated" : "customer.deactivated", entityType: "customer", entityId: id, before, after });
  return after;
}

/**
 * What the customer owes, in minor units of the organisation's currency: debits less credits on the accounts
 * that hold customers (receivables). Read from the balances kept at posting, so it costs one small query. A
 * customer the member cannot see has no balance for him (the join goes through the customers policy).
 */
export async function customerBalance(tx: Tx, id: string): Promise<bigint> {
  if (!isUuid(id)) return 0n;
  const [row] = await tx
    .select({ balance: sql<string>`coalesce(sum(${partyBalances.debitMinor} - ${partyBalances.creditMinor}), 0)::text` })
    .from(partyBalances)
    .innerJoin(accounts, and(eq(accounts.tenantId, partyBalances.tenantId), eq(accounts.id, partyBalances.accountId)))
    .innerJoin(customers, and(eq(customers.tenantId, partyBalances.tenantId), eq(customers.id, partyBalances.partyId)))
    .where(and(eq(partyBalances.partyKind, "customer"), eq(partyBalances.partyId, id), eq(accounts.partyKind, "customer")));
  return BigInt(row?.balance ?? "0");
}
