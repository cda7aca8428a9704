import type { Tx } from "~/db.server";
import type { ExportTable, InTransaction } from "~/utils/export";
import { isUuid } from "~/utils/ids";
import { AppError } from "~/modules/platform/errors";
import type { AccountType } from "../schema";
import { checkRange, type DateRange } from "./filters";
import { ledgerExport, type LedgerExportRow, type LedgerOptions, type LedgerPage, ledgerPage } from "./ledger-lines.server";
import { type AccountInfo, chartOfAccounts, naturalSign } from "./movements.server";

/** The general ledger: every line of one account over a range with its running balance. */

export interface GeneralLedger extends LedgerPage {
  account: { id: string; code: string; name: string; type: AccountType; isGroup: boolean };
}

async function findAccount(tx: Tx, accountId: string): Promise<AccountInfo> {
  const account = isUuid(accountId) ? (await chartOfAccounts(tx)).find((a) => a.id === accountId) : undefined;
  if (!account) throw new AppError("not_found", "That account does not exist in this organisation.", { reason: "unknown_account", field: "account" });
  return account;
}

function accountView(account: AccountInfo): GeneralLedger["account"] {
  return { id: account.id, code: account.code, name: account.name, type: account.type, isGroup: account.isGroup };
}

/** One page of the account's lines between the opening and closing balances of the range. */
export async function generalLedger(tx: Tx, options: LedgerOptions & { accountId: string }): Promise<GeneralLedger> {
  const range = checkRange(options);
  const account = await findAccount(tx, options.accountId);
  const { page } = await ledgerPage(tx, { accountId: account.id }, range, options);
  return { ...page, account: accountView(account) };
}

/**
 * Every line of the account over the range, for download, with the balance in the account's natural sign. The
 * account is looked up (and refused when it is not this organisation's) before anything is written.
 */
export async function generalLedgerExport(
  inTransaction: InTransaction,
  options: DateRange & { accountId: string },
): Promise<{ account: GeneralLedger["account"]; table: ExportTable<LedgerExportRow> }> {
  const range = checkRange(options);
  const account = await inTransaction((tx) => findAccount(tx, options.accountId));
  const table = await ledgerExport(inTransaction, { accountId: account.id }, range, { sign: naturalSign(account.type), withAccount: false });
  return { account: accountView(account), table };
}
