import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { accounts, partyBalances } from "~/modules/ledger/schema";
import { isUuid, type SupplierInput } from "./forms";
import { pageOf, PartyError, partyListWhere, type PartyListFilter, type PartyPage } from "./parties.server";
import { suppliers } from "./schema";

export type Supplier = typeof suppliers.$inferSelect;

const NOT_FOUND = "This supplier does not exist in this organisation.";

/** The organisation's suppliers by name, a page at a time. */
export async function listSuppliers(tx: Tx, filter: PartyListFilter = {}): Promise<PartyPage<Supplier>> {
  const { page, pageSize, offset } = pageOf(filter);
  const where = partyListWhere(suppliers, filter);
  const rows = await tx.select().from(suppliers).where(where).orderBy(asc(suppliers.name), asc(suppliers.id)).limit(pageSize).offset(offset);
  const [{ total }] = await tx.select({ total: count() }).from(suppliers).where(where);
  return { rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** One supplier; another tenant's is a 404 like a missing one. */
export async function getSupplier(tx: Tx, id: string): Promise<Supplier> {
  if (!isUuid(id)) throw new PartyError(NOT_FOUND, 404);
  const [supplier] = await tx.select().from(suppliers).where(eq(suppliers.id, id));
  if (!supplier) throw new PartyError(NOT_FOUND, 404);
  return supplier;
}

async function lockSupplier(tx: Tx, id: string): Promise<Supplier> {
  if (!isUuid(id)) throw new PartyError(NOT_FOUND, 404);
  const [supplier] = await tx.select().from(suppliers).where(eq(suppliers.id, id)).for("update");
  if (!supplier) throw new PartyError(NOT_FOUND, 404);
  return supplier;
}

export async function createSupplier(tx: Tx, input: SupplierInput): Promise<Supplier> {
  const [supplier] = await tx
    .insert(suppliers)
    .values({
      tenantId: sql`app_tenant_id()`,
      name: input.name,
      email: input.email,
      phone: input.phone,
      taxId: input.taxId,
      address: input.address,
      paymentTermsDays: input.paymentTermsDays,
    })
    .returning();
  await recordAudit(tx, { action: "supplier.created", entityType: "supplier", entityId: supplier.id, after: supplier });
  return supplier;
}

const EDITABLE = ["name", "email", "phone", "taxId", "address", "paymentTermsDays"] as const;

/** Changes a supplier's details, audited as supplier.updated; nothing is written when nothing changes. */
export async function updateSupplier(tx: Tx, id: string, input: SupplierInput): Promise<Supplier> {
  const before = await lockSupplier(tx, id);
  if (!EDITABLE.some((field) => before[field] !== input[field])) return before;
  const [after] = await tx
    .update(suppliers)
    .set({
      name: input.name,
      email: input.email,
      phone: input.phone,
      taxId: input.taxId,
      address: input.address,
      paymentTermsDays: input.paymentTermsDays,
      updatedAt: new Date(),
    })
    .where(eq(suppliers.id, id))
    .returning();
  await recordAudit(tx, { action: "supplier.updated", entityType: "supplier", entityId: id, before, after });
  return after;
}

/** Deactivates (or reactivates) a supplier; suppliers are never deleted, since ledger lines may name them. */
export async function setSupplierActive(tx: Tx, id: string, active: boolean): Promise<Supplier> {
  const before = await lockSupplier(tx, id);
  if (before.isActive === active) return before;
  const [after] = await tx.update(suppliers).set({ isActive: active, updatedAt: new Date() }).where(eq(suppliers.id, id)).returning();
  await recordAudit(tx, { action: active ? "supplier.reactivated" : "supplier.deactivated", entityType: "supplier", entityId: id, before, after });
  return after;
}

/**
 * What the organisation owes the supplier, in minor units of its currency: credits less debits on the accounts
 * that hold suppliers (payables), read from the balances kept at posting.
 */
export async function supplierBalance(tx: Tx, id: string): Promise<bigint> {
  if (!isUuid(id)) return 0n;
  const [row] = await tx
    .select({ balance: sql<string>`coalesce(sum(${partyBalances.creditMinor} - ${partyBalances.debitMinor}), 0)::text` })
    .from(partyBalances)
    .innerJoin(accounts, and(eq(accounts.tenantId, partyBalances.tenantId), eq(accounts.id, partyBalances.accountId)))
    .where(and(eq(partyBalances.partyKind, "supplier"), eq(partyBalances.partyId, id), eq(accounts.partyKind, "supplier")));
  return BigInt(row?.balance ?? "0");
}
