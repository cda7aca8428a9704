import type { Tx } from "~/db.server";
import type { ExportTable } from "~/utils/export";
import { checkRange, type DateRange } from "./filters";
import { chartOfAccounts, naturalSign, summarise } from "./movements.server";
import { organisationSettings } from "../posting.server";
import { type StatementExportRow, type StatementSection, statementRows, statementSection, statementTable } from "./statements.server";

export interface ProfitAndLoss {
  currency: string;
  from: string;
  to: string;
  income: StatementSection;
  expenses: StatementSection;
  totalIncomeMinor: bigint;
  totalExpensesMinor: bigint;
  netProfitMinor: bigint;
}

/** Income and expenses over a range (income as positive credits, expenses as positive debits) and the net profit. */
export async function profitAndLoss(tx: Tx, range: DateRange): Promise<ProfitAndLoss> {
  const { from, to } = checkRange(range);
  const { currency } = await organisationSettings(tx);
  const chart = await chartOfAccounts(tx);
  const movements = await summarise(tx, { from, to });
  const amounts = new Map<string, bigint>();
  for (const account of chart) {
    const m = movements.get(account.id);
    if (m) amounts.set(account.id, naturalSign(account.type) * (m.debitMinor - m.creditMinor));
  }
  const income = statementSection(chart, ["income"], amounts, "Income");
  const expenses = statementSection(chart, ["expense"], amounts, "Expenses");
  return {
    currency,
    from,
    to,
    income,
    expenses,
    totalIncomeMinor: income.totalMinor,
    totalExpensesMinor: expenses.totalMinor,
    netProfitMinor: income.totalMinor - expenses.totalMinor,
  };
}

export function profitAndLossTable(report: ProfitAndLoss): ExportTable<StatementExportRow> {
  return statementTable(
    [...statementRows(report.income), ...statementRows(report.expenses), { section: "", code: "", name: "Net profit", amount: report.netProfitMinor }],
    report.currency,
  );
}
