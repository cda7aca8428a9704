import type { Tx } from "~/db.server";
import type { ExportTable, InTransaction } from "~/utils/export";
import { AppError } from "~/modules/platform/errors";
import { checkRange, type DateRange } from "./filters";
import { ledgerExport, type LedgerExportRow, type LedgerOptions, type LedgerPage, ledgerPage } from "./ledger-lines.server";
import { chartOfAccounts, type Movement, partySign } from "./movements.server";
import { findParties, type PartyOption } from "~/modules/parties/parties.server";

/** The party ledger (a customer's or supplier's statement): its lines on every account over a range. */

export interface PartyAccountSummary extends Movement {
  accountId: string;
  code: string;
  name: string;
  closingMinor: bigint;
}

export interface PartyLedger extends LedgerPage {
  party: PartyOption;
  /** The party's opening, movements and closing on each account it appears on. */
  accounts: PartyAccountSummary[];
}

async function requireParty(tx: Tx, partyId: string): Promise<PartyOption> {
  const [party] = await findParties(tx, [partyId]);
  if (!party) throw new AppError("not_found", "That customer or supplier does not exist in this organisation.", { reason: "unknown_party", field: "party" });
  return party;
}

/** One page of the party's lines with a running balance, and its balances per account. */
export async function partyLedger(tx: Tx, options: LedgerOptions & { partyId: string }): Promise<PartyLedger> {
  const range = checkRange(options);
  const party = await requireParty(tx, options.partyId);
  const { page, movements } = await ledgerPage(tx, { party: { kind: party.kind, id: party.id } }, range, options);
  const accounts: PartyAccountSummary[] = [];
  for (const account of await chartOfAccounts(tx)) {
    const m = movements.get(account.id);
    if (!m || (m.openingMinor === 0n && m.debitMinor === 0n && m.creditMinor === 0n)) continue;
    accounts.push({ accountId: account.id, code: account.code, name: account.name, ...m, closingMinor: m.openingMinor + m.debitMinor - m.creditMinor });
  }
  return { ...page, party, accounts };
}

/** Every line of the party over the range, for download, with the balance as the party sees it. */
export async function partyLedgerExport(
  inTransaction: InTransaction,
  options: DateRange & { partyId: string },
): Promise<{ party: PartyOption; table: ExportTable<LedgerExportRow> }> {
  const range = checkRange(options);
  const party = await inTransaction((tx) => requireParty(tx, options.partyId));
  const table = await ledgerExport(inTransaction, { party: { kind: party.kind, id: party.id } }, range, { sign: partySign(party.kind), withAccount: true });
  return { party, table };
}
