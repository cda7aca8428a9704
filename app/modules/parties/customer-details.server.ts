import { and, asc, desc, eq, ne } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { AppError } from "~/modules/platform/errors";
import { isUuid, type AddressInput, type ContactInput, type CustomerTermsInput } from "./forms";
import { customerAddresses, customerContacts, customers } from "./schema";

/*
 * A customer's extras: credit limit, tax settings and notes (columns of the customer), its contacts and its
 * delivery addresses (tables of their own). Row-level security gives a salesman the contacts and addresses of
 * his own customers only (a restrictive policy that needs the customer row to be visible), so another
 * salesman's customer, and anything of it, answers like a missing one. Every change is audited.
 */

export type CustomerContact = typeof customerContacts.$inferSelect;
export type CustomerAddress = typeof customerAddresses.$inferSelect;

const CUSTOMER_NOT_FOUND = "This customer does not exist in this organisation, or is not assigned to you.";

/** The customer, locked for the change (its extras change under its lock, so two defaults cannot race). */
async function lockCustomer(tx: Tx, customerId: string) {
  if (!isUuid(customerId)) throw new AppError("not_found", CUSTOMER_NOT_FOUND, { reason: "unknown_customer" });
  const [customer] = await tx.select().from(customers).where(eq(customers.id, customerId)).for("update");
  if (!customer) throw new AppError("not_found", CUSTOMER_NOT_FOUND, { reason: "unknown_customer" });
  return customer;
}

/** The customer's contacts (by name) and addresses (the default first); none for a customer the member cannot see. */
export async function customerExtras(tx: Tx, customerId: string): Promise<{ contacts: CustomerContact[]; addresses: CustomerAddress[] }> {
  if (!isUuid(customerId)) return { contacts: [], addresses: [] };
  const [contacts, addresses] = await Promise.all([
    tx.select().from(customerContacts).where(eq(customerContacts.customerId, customerId)).orderBy(asc(customerContacts.name), asc(customerContacts.id)),
    tx
      .select()
      .from(customerAddresses)
      .where(eq(customerAddresses.customerId, customerId))
      .orderBy(desc(customerAddresses.isDefault), asc(customerAddresses.label), asc(customerAddresses.id)),
  ]);
  return { contacts, addresses };
}

/** Sets the credit limit (null: none), the tax exemption and the notes. Audited as customer.terms_updated. */
export async function updateCustomerTerms(tx: Tx, customerId: string, input: CustomerTermsInput) {
  const before = await lockCustomer(tx, customerId);
  const next = { creditLimitMinor: input.creditLimit, taxExempt: input.taxExempt, notes: input.notes };
  if (before.creditLimitMinor === next.creditLimitMinor && before.taxExempt === next.taxExempt && before.notes === next.notes) return before;
  const [after] = await tx.update(customers).set({ ...next, updatedAt: new Date() }).where(eq(customers.id, customerId)).returning();
  await recordAudit(tx, {
    action: "customer.terms_updated",
    entityType: "customer",
    entityId: customerId,
    before: { creditLimitMinor: before.creditLimitMinor, taxExempt: before.taxExempt, notes: before.notes },
    after: next,
  });
  return after;
}

/** The part of a child row a person edits, for the audit trail's before and after. */
function edited<T extends Record<string, unknown>>(row: T, fields: readonly (keyof T)[]) {
  return Object.fromEntries(fields.map((field) => [field, row[field]]));
}

const CONTACT_FIELDS = ["name", "role", "email", "phone"] as const;
const ADDRESS_FIELDS = ["label", "street", "city", "postalCode", "country", "isDefault"] as const;

type ChildTable = typeof customerContacts | typeof customerAddresses;

interface Child<T extends ChildTable> {
  table: T;
  entityType: "customer_contact" | "customer_address";
  fields: readonly string[];
  notFound: string;
}

const CONTACT: Child<typeof customerContacts> = {
  table: customerContacts,
  entityType: "customer_contact",
  fields: CONTACT_FIELDS,
  notFound: "This contact does not exist for this customer.",
};
const ADDRESS: Child<typeof customerAddresses> = {
  table: customerAddresses,
  entityType: "customer_address",
  fields: ADDRESS_FIELDS,
  notFound: "This address does not exist for this customer.",
};

async function findChild<T extends ChildTable>(tx: Tx, child: Child<T>, customerId: string, id: string): Promise<T["$inferSelect"]> {
  const table = child.table as typeof customerContacts;
  const [row] = isUuid(id) ? await tx.select().from(table).where(and(eq(table.customerId, customerId), eq(table.id, id))).for("update") : [];
  if (!row) throw new AppError("not_found", child.notFound, { reason: `unknown_${child.entityType}` });
  return row as T["$inferSelect"];
}

async function addChild<T extends ChildTable>(tx: Tx, child: Child<T>, customerId: string, values: Record<string, unknown>): Promise<T["$inferSelect"]> {
  const customer = await lockCustomer(tx, customerId);
  const table = child.table as typeof customerContacts;
  const [row] = await tx
    .insert(table)
    .values({ ...(values as ContactInput), tenantId: customer.tenantId, customerId })
    .returning();
  await recordAudit(tx, { action: `${child.entityType}.added`, entityType: child.entityType, entityId: row.id, after: { customerId, ...edited(row, child.fields as never) } });
  return row as T["$inferSelect"];
}

async function updateChild<T extends ChildTable>(tx: Tx, child: Child<T>, customerId: string, id: string, values: Record<string, unknown>): Promise<T["$inferSelect"]> {
  await lockCustomer(tx, customerId);
  const before = (await findChild(tx, child, customerId, id)) as Record<string, unknown>;
  if (child.fields.every((field) => before[field] === values[field])) return before as T["$inferSelect"];
  const table = child.table as typeof customerContacts;
  const [after] = await tx
    .update(table)
    .set({ ...(values as ContactInput), updatedAt: new Date() })
    .where(and(eq(table.customerId, customerId), eq(table.id, id)))
    .returning();
  await recordAudit(tx, {
    action: `${child.entityType}.updated`,
    entityType: child.entityType,
    entityId: id,
    before: { customerId, ...edited(before, child.fields as never) },
    after: { customerId, ...edited(after, child.fields as never) },
  });
  return after as T["$inferSelect"];
}

async function removeChild<T extends ChildTable>(tx: Tx, child: Child<T>, customerId: string, id: string): Promise<void> {
  await lockCustomer(tx, customerId);
  const before = (await findChild(tx, child, customerId, id)) as Record<string, unknown>;
  const table = child.table as typeof customerContacts;
  await tx.delete(table).where(and(eq(table.customerId, customerId), eq(table.id, id)));
  await recordAudit(tx, { action: `${child.entityType}.removed`, entityType: child.entityType, entityId: id, before: { customerId, ...edited(before, child.fields as never) } });
}

export function addContact(tx: Tx, customerId: string, input: ContactInput): Promise<CustomerContact> {
  return addChild(tx, CONTACT, customerId, { ...input });
}

export function updateContact(tx: Tx, customerId: string, contactId: string, input: ContactInput): Promise<CustomerContact> {
  return updateChild(tx, CONTACT, customerId, contactId, { ...input });
}

export function removeContact(tx: Tx, customerId: string, contactId: string): Promise<void> {
  return removeChild(tx, CONTACT, customerId, contactId);
}

/** A new default address takes the mark from the one that had it (the customer's lock keeps this to one at a time). */
async function clearDefault(tx: Tx, customerId: string, except: string | null) {
  const others = and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.isDefault, true), except ? ne(customerAddresses.id, except) : undefined);
  await tx.update(customerAddresses).set({ isDefault: false, updatedAt: new Date() }).where(others);
}

export async function addAddress(tx: Tx, customerId: string, input: AddressInput): Promise<CustomerAddress> {
  await lockCustomer(tx, customerId);
  if (input.isDefault) await clearDefault(tx, customerId, null);
  return addChild(tx, ADDRESS, customerId, { ...input });
}

export async function updateAddress(tx: Tx, customerId: string, addressId: string, input: AddressInput): Promise<CustomerAddress> {
  await lockCustomer(tx, customerId);
  await findChild(tx, ADDRESS, customerId, addressId);
  if (input.isDefault) await clearDefault(tx, customerId, addressId);
  return updateChild(tx, ADDRESS, customerId, addressId, { ...input });
}

export function removeAddress(tx: Tx, customerId: string, addressId: string): Promise<void> {
  return removeChild(tx, ADDRESS, customerId, addressId);
}
