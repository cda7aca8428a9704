import { asc, eq } from "drizzle-orm";
import type { Tx } from "~/db.server";
import type { PartyKind } from "~/modules/ledger/schema";
import { customers, suppliers } from "./schema";

export interface PartyOption {
  id: string;
  name: string;
  kind: PartyKind;
}

/** Active customers and suppliers the current member may see, for choosing a party on a form. */
export async function listPartyOptions(tx: Tx): Promise<PartyOption[]> {
  const [customerRows, supplierRows] = await Promise.all([
    tx.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.isActive, true)).orderBy(asc(customers.name)),
    tx.select({ id: suppliers.id, name: suppliers.name }).from(suppliers).where(eq(suppliers.isActive, true)).orderBy(asc(suppliers.name)),
  ]);
  return [...customerRows.map((c) => ({ ...c, kind: "customer" as const })), ...supplierRows.map((s) => ({ ...s, kind: "supplier" as const }))];
}
