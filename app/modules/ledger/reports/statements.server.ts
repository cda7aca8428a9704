import type { ExportColumn, ExportTable } from "~/utils/export";
import { toDecimalString } from "~/utils/money";
import type { AccountType } from "../schema";
import type { AccountInfo } from "./movements.server";

/*
 * What the profit and loss and the balance sheet share: amounts in natural sign, grouped by the account tree,
 * and written out as section, code, account and amount.
 */

export interface StatementLine {
  /** heading: a group's name before its accounts; total: the group's subtotal after them. */
  kind: "heading" | "account" | "total" | "computed";
  accountId: string | null;
  code: string | null;
  name: string;
  depth: number;
  /** Natural sign of the section (income, liabilities, equity as positive credits); null for headings. */
  amountMinor: bigint | null;
}

export interface StatementSection {
  title: string;
  lines: StatementLine[];
  totalMinor: bigint;
}

/**
 * The accounts of `types` as a tree (accounts.parent_id) with each group's subtotal, leaving out branches whose
 * amounts are all zero. `amounts` are natural-sign amounts per account.
 */
export function statementSection(chart: AccountInfo[], types: AccountType[], amounts: Map<string, bigint>, title: string): StatementSection {
  const inSection = chart.filter((a) => types.includes(a.type));
  const ids = new Set(inSection.map((a) => a.id));
  const children = new Map<string | null, AccountInfo[]>();
  for (const account of inSection) {
    const parent = account.parentId && ids.has(account.parentId) ? account.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), account]);
  }
  const subtotal = new Map<string, bigint>();
  const nonZero = new Map<string, boolean>();
  const visit = (account: AccountInfo, seen: Set<string>): void => {
    if (seen.has(account.id)) return;
    seen.add(account.id);
    let total = amounts.get(account.id) ?? 0n;
    let any = total !== 0n;
    for (const child of children.get(account.id) ?? []) {
      visit(child, seen);
      total += subtotal.get(child.id) ?? 0n;
      any ||= nonZero.get(child.id) ?? false;
    }
    subtotal.set(account.id, total);
    nonZero.set(account.id, any);
  };
  const roots = children.get(null) ?? [];
  const seen = new Set<string>();
  for (const root of roots) visit(root, seen);

  const lines: StatementLine[] = [];
  const emit = (account: AccountInfo, depth: number) => {
    if (!nonZero.get(account.id)) return;
    const own = amounts.get(account.id) ?? 0n;
    const kids = (children.get(account.id) ?? []).filter((c) => nonZero.get(c.id));
    if (!account.isGroup && kids.length === 0) {
      lines.push({ kind: "account", accountId: account.id, code: account.code, name: account.name, depth, amountMinor: own });
      return;
    }
    lines.push({ kind: "heading", accountId: account.id, code: account.code, name: account.name, depth, amountMinor: null });
    if (own !== 0n) lines.push({ kind: "account", accountId: account.id, code: account.code, name: `${account.name} (posted to the group)`, depth: depth + 1, amountMinor: own });
    for (const child of kids) emit(child, depth + 1);
    lines.push({ kind: "total", accountId: account.id, code: account.code, name: `Total ${account.name}`, depth, amountMinor: subtotal.get(account.id) ?? 0n });
  };
  for (const root of roots) {
    // A top group named like the section ("Income" in Income) would only repeat the section's heading and total.
    if (root.isGroup && root.name.toLowerCase() === title.toLowerCase() && (amounts.get(root.id) ?? 0n) === 0n) {
      for (const child of children.get(root.id) ?? []) emit(child, 0);
    } else {
      emit(root, 0);
    }
  }
  const totalMinor = roots.reduce((sum, root) => sum + (subtotal.get(root.id) ?? 0n), 0n);
  return { title, lines, totalMinor };
}

export type StatementExportRow = { section: string; code: string; name: string; amount: bigint | null };

/** A section's lines (indented by depth) and its total, as export rows. */
export function statementRows(section: StatementSection): StatementExportRow[] {
  return [
    ...section.lines.map((l) => ({ section: section.title, code: l.code ?? "", name: `${"  ".repeat(l.depth)}${l.name}`, amount: l.amountMinor })),
    { section: section.title, code: "", name: `Total ${section.title.toLowerCase()}`, amount: section.totalMinor },
  ];
}

/** A statement for download: section, code, account (indented) and amount, amounts as plain decimals. */
export function statementTable(rows: StatementExportRow[], currency: string): ExportTable<StatementExportRow> {
  const columns: Array<ExportColumn<StatementExportRow>> = [
    { header: "Section", value: (r) => r.section },
    { header: "Code", value: (r) => r.code },
    { header: "Account", value: (r) => r.name },
    { header: "Amount", numeric: true, value: (r) => (r.amount === null ? "" : toDecimalString(r.amount, currency)) },
  ];
  return { columns, rows };
}
