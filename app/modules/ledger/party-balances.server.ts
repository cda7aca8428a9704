import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { partyDirectory } from "~/modules/parties/parties.server";
import { isUuid } from "~/utils/ids";
import { accounts, partyBalances, type PartyKind } from "./schema";

/**
 * What is open with a customer or supplier, in minor units of the organisation's currency, on the accounts that
 * hold its kind (receivables, payables): what the customer owes (debits less credits), or what the organisation
 * owes the supplier (credits less debits). Read from the balances kept at posting, so it costs one small query.
 * A party the member cannot see has no balance for him (the join goes through the parties' row-level security).
 */
export async function partyBalance(tx: Tx, kind: PartyKind, partyId: string): Promise<bigint> {
  if (!isUuid(partyId)) return 0n;
  const open = kind === "customer" ? sql`${partyBalances.debitMinor} - ${partyBalances.creditMinor}` : sql`${partyBalances.creditMinor} - ${partyBalances.debitMinor}`;
  const [row] = await tx
    .select({ balance: sql<string>`coalesce(sum(${open}), 0)::text` })
    .from(partyBalances)
    .innerJoin(accounts, and(eq(accounts.tenantId, partyBalances.tenantId), eq(accounts.id, partyBalances.accountId)))
    .innerJoin(sql`${partyDirectory(kind)} as party`, sql`party.tenant_id = ${partyBalances.tenantId} and party.id = ${partyBalances.partyId}`)
    .where(and(eq(partyBalances.partyKind, kind), eq(partyBalances.partyId, partyId), eq(accounts.partyKind, kind)));
  return BigInt(row?.balance ?? "0");
}
