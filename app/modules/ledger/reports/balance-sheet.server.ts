import type { Tx } from "~/db.server";
import type { ExportTable } from "~/utils/export";
import { monthStart } from "~/utils/dates";
import { checkDate } from "./filters";
import { chartOfAccounts, naturalSign, summarise } from "./movements.server";
import { organisationSettings } from "../posting.server";
import { type StatementExportRow, type StatementSection, statementRows, statementSection, statementTable } from "./statements.server";

export interface BalanceSheet {
  currency: string;
  asOf: string;
  assets: StatementSection;
  liabilities: StatementSection;
  /** Equity accounts plus the computed "Earnings not yet closed" line. */
  equity: StatementSection;
  /** Cumulative income minus expenses up to asOf: there is no year-end closing yet. */
  earningsMinor: bigint;
  totalAssetsMinor: bigint;
  totalLiabilitiesMinor: bigint;
  totalEquityMinor: bigint;
  /** Assets minus liabilities and equity: always zero in balanced books. */
  differenceMinor: bigint;
}

export const EARNINGS_LINE = "Earnings not yet closed";

/** Cumulative balances at the end of `asOf`, grouped by the account tree, in natural sign. */
export async function balanceSheet(tx: Tx, options: { asOf: string }): Promise<BalanceSheet> {
  const asOf = checkDate(options.asOf, "asOf", "date");
  const { currency } = await organisationSettings(tx);
  const chart = await chartOfAccounts(tx);
  // The balance at the end of asOf: the months before asOf's month, plus that month up to asOf.
  const movements = await summarise(tx, { from: monthStart(asOf), to: asOf });
  const amounts = new Map<string, bigint>();
  let earningsMinor = 0n;
  for (const account of chart) {
    const m = movements.get(account.id);
    if (!m) continue;
    const closing = m.openingMinor + m.debitMinor - m.creditMinor;
    if (account.type === "income" || account.type === "expense") earningsMinor -= closing;
    else amounts.set(account.id, naturalSign(account.type) * closing);
  }
  const assets = statementSection(chart, ["asset"], amounts, "Assets");
  const liabilities = statementSection(chart, ["liability"], amounts, "Liabilities");
  const equityAccounts = statementSection(chart, ["equity"], amounts, "Equity");
  const equity: StatementSection = {
    title: "Equity",
    lines: [...equityAccounts.lines, { kind: "computed", accountId: null, code: null, name: EARNINGS_LINE, depth: 0, amountMinor: earningsMinor }],
    totalMinor: equityAccounts.totalMinor + earningsMinor,
  };
  return {
    currency,
    asOf,
    assets,
    liabilities,
    equity,
    earningsMinor,
    totalAssetsMinor: assets.totalMinor,
    totalLiabilitiesMinor: liabilities.totalMinor,
    totalEquityMinor: equity.totalMinor,
    differenceMinor: assets.totalMinor - liabilities.totalMinor - equity.totalMinor,
  };
}

export function balanceSheetTable(report: BalanceSheet): ExportTable<StatementExportRow> {
  return statementTable(
    [
      ...statementRows(report.assets),
      ...statementRows(report.liabilities),
      ...statementRows(report.equity),
      { section: "", code: "", name: "Total liabilities and equity", amount: report.totalLiabilitiesMinor + report.totalEquityMinor },
      { section: "", code: "", name: "Difference", amount: report.differenceMinor },
    ],
    report.currency,
  );
}
