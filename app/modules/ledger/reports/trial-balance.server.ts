import type { Tx } from "~/db.server";
import type { ExportTable } from "~/utils/export";
import { toDecimalString } from "~/utils/money";
import type { AccountType } from "../schema";
import { checkRange, type DateRange } from "./filters";
import { chartOfAccounts, summarise } from "./movements.server";
import { organisationSettings } from "../posting.server";

export interface TrialBalanceRow {
  accountId: string;
  code: string;
  name: string;
  type: AccountType;
  /** Signed, debit positive. */
  openingMinor: bigint;
  debitMinor: bigint;
  creditMinor: bigint;
  /** Signed, debit positive. */
  closingMinor: bigint;
}

export interface TrialBalance {
  currency: string;
  from: string;
  to: string;
  rows: TrialBalanceRow[];
  totals: { openingMinor: bigint; debitMinor: bigint; creditMinor: bigint; closingMinor: bigint };
}

/**
 * Opening balance before `from`, debits and credits within [from, to], and closing balance, for every account
 * with a balance or activity, ordered by code. The totals net to zero: opening and closing sum to zero and
 * debits equal credits, because every entry balances.
 */
export async function trialBalance(tx: Tx, range: DateRange): Promise<TrialBalance> {
  const { from, to } = checkRange(range);
  const { currency } = await organisationSettings(tx);
  const accountList = await chartOfAccounts(tx);
  const movements = await summarise(tx, { from, to });
  const rows: TrialBalanceRow[] = [];
  const totals = { openingMinor: 0n, debitMinor: 0n, creditMinor: 0n, closingMinor: 0n };
  for (const account of accountList) {
    const movement = movements.get(account.id);
    if (!movement) continue;
    const { openingMinor, debitMinor, creditMinor } = movement;
    if (openingMinor === 0n && debitMinor === 0n && creditMinor === 0n) continue;
    const closingMinor = openingMinor + debitMinor - creditMinor;
    rows.push({ accountId: account.id, code: account.code, name: account.name, type: account.type, openingMinor, debitMinor, creditMinor, closingMinor });
    totals.openingMinor += openingMinor;
    totals.debitMinor += debitMinor;
    totals.creditMinor += creditMinor;
    totals.closingMinor += closingMinor;
  }
  return { currency, from, to, rows, totals };
}

export function trialBalanceBalances(totals: TrialBalance["totals"]): boolean {
  return totals.openingMinor === 0n && totals.closingMinor === 0n && totals.debitMinor === totals.creditMinor;
}

const ACCOUNT_TYPE_LABELS: Record<AccountType, string> = { asset: "Asset", liability: "Liability", equity: "Equity", income: "Income", expense: "Expense" };

type TrialBalanceExportRow = { code: string; name: string; type: string; opening: bigint; debit: bigint; credit: bigint; closing: bigint };

/** The trial balance for download: a row per account and a total row, amounts as plain decimals. */
export function trialBalanceTable(report: TrialBalance): ExportTable<TrialBalanceExportRow> {
  const amount = (minor: bigint) => toDecimalString(minor, report.currency);
  const rows: TrialBalanceExportRow[] = report.rows.map((r) => ({
    code: r.code,
    name: r.name,
    type: ACCOUNT_TYPE_LABELS[r.type],
    opening: r.openingMinor,
    debit: r.debitMinor,
    credit: r.creditMinor,
    closing: r.closingMinor,
  }));
  const { totals } = report;
  rows.push({ code: "", name: "Total", type: "", opening: totals.openingMinor, debit: totals.debitMinor, credit: totals.creditMinor, closing: totals.closingMinor });
  return {
    columns: [
      { header: "Code", value: (r) => r.code },
      { header: "Account", value: (r) => r.name },
      { header: "Type", value: (r) => r.type },
      { header: `Opening ${report.from} (debit positive)`, numeric: true, value: (r) => amount(r.opening) },
      { header: "Debit", numeric: true, value: (r) => amount(r.debit) },
      { header: "Credit", numeric: true, value: (r) => amount(r.credit) },
      { header: `Closing ${report.to} (debit positive)`, numeric: true, value: (r) => amount(r.closing) },
    ],
    rows,
  };
}
