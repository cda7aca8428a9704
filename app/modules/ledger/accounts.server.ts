import { asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { postgresError, UNIQUE_VIOLATION, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { AppError } from "~/modules/platform/errors";
import { accounts, journalLines, type AccountRole, type AccountType, type PartyKind } from "./schema";

export type Account = typeof accounts.$inferSelect;

interface TemplateAccount {
  code: string;
  name: string;
  type: AccountType;
  group?: boolean;
  parent?: string;
  role?: AccountRole;
  partyKind?: PartyKind;
}

/** The standard chart every new organisation starts with; codes group by type as accountants expect. */
export const CHART_TEMPLATE: readonly TemplateAccount[] = [
  { code: "1000", name: "Assets", type: "asset", group: true },
  { code: "1100", name: "Cash", type: "asset", parent: "1000", role: "cash" },
  { code: "1200", name: "Bank", type: "asset", parent: "1000", role: "bank" },
  { code: "1300", name: "Accounts receivable", type: "asset", parent: "1000", role: "receivable", partyKind: "customer" },
  { code: "1400", name: "Inventory", type: "asset", parent: "1000", role: "inventory" },
  { code: "1500", name: "Prepaid expenses", type: "asset", parent: "1000" },
  { code: "1600", name: "Fixed assets", type: "asset", parent: "1000" },
  { code: "2000", name: "Liabilities", type: "liability", group: true },
  { code: "2100", name: "Accounts payable", type: "liability", parent: "2000", role: "payable", partyKind: "supplier" },
  { code: "2150", name: "Goods received not invoiced", type: "liability", parent: "2000", role: "goods_received" },
  { code: "2200", name: "Tax payable", type: "liability", parent: "2000", role: "tax_payable" },
  { code: "2300", name: "Accrued liabilities", type: "liability", parent: "2000" },
  { code: "2400", name: "Loans", type: "liability", parent: "2000" },
  { code: "3000", name: "Equity", type: "equity", group: true },
  { code: "3100", name: "Owner's capital", type: "equity", parent: "3000" },
  { code: "3200", name: "Retained earnings", type: "equity", parent: "3000", role: "retained_earnings" },
  { code: "4000", name: "Income", type: "income", group: true },
  { code: "4100", name: "Sales", type: "income", parent: "4000", role: "sales" },
  { code: "4200", name: "Other income", type: "income", parent: "4000" },
  { code: "4900", name: "Rounding differences", type: "income", parent: "4000", role: "rounding" },
  { code: "5000", name: "Cost of sales", type: "expense", group: true },
  { code: "5100", name: "Cost of goods sold", type: "expense", parent: "5000", role: "cost_of_goods_sold" },
  { code: "5200", name: "Stock adjustments", type: "expense", parent: "5000", role: "stock_adjustment" },
  { code: "6000", name: "Operating expenses", type: "expense", group: true },
  { code: "6100", name: "Salaries", type: "expense", parent: "6000" },
  { code: "6200", name: "Rent", type: "expense", parent: "6000" },
  { code: "6300", name: "Utilities", type: "expense", parent: "6000" },
  { code: "6400", name: "Office supplies", type: "expense", parent: "6000" },
  { code: "6500", name: "Bank charges", type: "expense", parent: "6000" },
  { code: "6900", name: "Other expenses", type: "expense", parent: "6000" },
];

/** Creates the standard chart in the current tenant when it has no accounts yet. Returns how many were made. */
export async function seedChartOfAccounts(tx: Tx): Promise<number> {
  const [{ existing }] = await tx.select({ existing: count() }).from(accounts);
  if (existing > 0) return 0;
  const ids = new Map(CHART_TEMPLATE.map((a) => [a.code, crypto.randomUUID()]));
  await tx.insert(accounts).values(
    CHART_TEMPLATE.map((a) => ({
      tenantId: sql`app_tenant_id()`,
      id: ids.get(a.code)!,
      code: a.code,
      name: a.name,
      type: a.type,
      isGroup: a.group ?? false,
      parentId: a.parent ? ids.get(a.parent)! : null,
      role: a.role ?? null,
      partyKind: a.partyKind ?? null,
    })),
  );
  await recordAudit(tx, { action: "ledger.chart_created", entityType: "chart_of_accounts", after: { accounts: CHART_TEMPLATE.length } });
  return CHART_TEMPLATE.length;
}

export async function listAccounts(tx: Tx): Promise<Account[]> {
  return tx.select().from(accounts).orderBy(asc(accounts.code));
}

export async function findAccountByRole(tx: Tx, role: AccountRole): Promise<Account | undefined> {
  const [account] = await tx.select().from(accounts).where(eq(accounts.role, role));
  return account;
}

export async function getAccount(tx: Tx, id: string): Promise<Account> {
  const [account] = await tx.select().from(accounts).where(eq(accounts.id, id));
  if (!account) throw new AppError("not_found", "That account does not exist in this organisation.", { reason: "unknown_account" });
  return account;
}

/** Which of these accounts have posted lines. */
export async function accountsInUse(tx: Tx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.selectDistinct({ accountId: journalLines.accountId }).from(journalLines).where(inArray(journalLines.accountId, ids));
  return new Set(rows.map((r) => r.accountId));
}

export interface AccountInput {
  code: string;
  name: string;
  type: AccountType;
  parentId: string | null;
  isGroup: boolean;
  partyKind: PartyKind | null;
}

async function checkParent(tx: Tx, input: { parentId: string | null; type: AccountType }, selfId?: string) {
  if (!input.parentId) return;
  const parent = await tx.select().from(accounts).where(eq(accounts.id, input.parentId));
  if (!parent[0]) throw new AppError("invalid", "The parent account does not exist in this organisation.", { reason: "invalid_parent", field: "parentId" });
  if (!parent[0].isGroup) throw new AppError("invalid", `${parent[0].code} ${parent[0].name} is not a group account.`, { reason: "invalid_parent", field: "parentId" });
  if (parent[0].type !== input.type) throw new AppError("invalid", `A ${input.type} account cannot sit under a ${parent[0].type} group.`, { reason: "invalid_parent", field: "parentId" });
  // Walk up from the parent: the account must not become its own ancestor.
  let cursor: string | null = input.parentId;
  const byId = new Map((await listAccounts(tx)).map((a) => [a.id, a]));
  while (cursor) {
    if (cursor === selfId) throw new AppError("invalid", "An account cannot be placed under itself or its own sub-accounts.", { reason: "invalid_parent", field: "parentId" });
    cursor = byId.get(cursor)?.parentId ?? null;
  }
}

function duplicateCode(error: unknown, code: string): never {
  if (postgresError(error)?.code === UNIQUE_VIOLATION) throw new AppError("conflict", `Another account already has the code ${code}.`, { reason: "duplicate_code", field: "code" });
  throw error;
}

export async function createAccount(tx: Tx, input: AccountInput): Promise<Account> {
  await checkParent(tx, input);
  const [account] = await tx
    .insert(accounts)
    .values({ tenantId: sql`app_tenant_id()`, ...input })
    .returning()
    .catch((error) => duplicateCode(error, input.code));
  await recordAudit(tx, { action: "ledger.account_created", entityType: "account", entityId: account.id, after: account });
  return account;
}

/** Renames, moves, retypes (only while unused) or (de)activates an account. */
export async function updateAccount(tx: Tx, id: string, input: AccountInput & { isActive: boolean }): Promise<Account> {
  const [before] = await tx.select().from(accounts).where(eq(accounts.id, id)).for("update");
  if (!before) throw new AppError("not_found", "That account does not exist in this organisation.", { reason: "unknown_account" });
  const used = (await accountsInUse(tx, [id])).has(id);
  if (used && input.type !== before.type) {
    throw new AppError("conflict", `${before.code} has posted lines: its type cannot change.`, { reason: "account_in_use", field: "type" });
  }
  if (used && input.isGroup && !before.isGroup) {
    throw new AppError("conflict", `${before.code} has posted lines: it cannot become a group.`, { reason: "account_in_use", field: "isGroup" });
  }
  if (before.isGroup && !input.isGroup) {
    const [{ children }] = await tx.select({ children: count() }).from(accounts).where(eq(accounts.parentId, id));
    if (children > 0) throw new AppError("conflict", `${before.code} has sub-accounts: it must stay a group.`, { reason: "account_in_use", field: "isGroup" });
  }
  if (used && input.partyKind !== before.partyKind) {
    throw new AppError("conflict", `${before.code} has posted lines: whether it needs a party cannot change.`, { reason: "account_in_use", field: "partyKind" });
  }
  await checkParent(tx, input, id);
  const [after] = await tx
    .update(accounts)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(accounts.id, id))
    .returning()
    .catch((error) => duplicateCode(error, input.code));
  await recordAudit(tx, { action: "ledger.account_updated", entityType: "account", entityId: id, before, after });
  return after;
}

/** Deletes an account nobody has posted to; a used account can only be deactivated. */
export async function deleteAccount(tx: Tx, id: string): Promise<void> {
  const [before] = await tx.select().from(accounts).where(eq(accounts.id, id)).for("update");
  if (!before) throw new AppError("not_found", "That account does not exist in this organisation.", { reason: "unknown_account" });
  if ((await accountsInUse(tx, [id])).has(id)) {
    throw new AppError("conflict", `${before.code} has posted lines: deactivate it instead of deleting it.`, { reason: "account_in_use" });
  }
  const [{ children }] = await tx.select({ children: count() }).from(accounts).where(eq(accounts.parentId, id));
  if (children > 0) throw new AppError("conflict", `${before.code} has sub-accounts: move or delete them first.`, { reason: "account_in_use" });
  if (before.role) throw new AppError("conflict", `${before.code} is the organisation's ${before.role.replace(/_/g, " ")} account and cannot be deleted.`, { reason: "account_in_use" });
  await tx.delete(accounts).where(eq(accounts.id, id));
  await recordAudit(tx, { action: "ledger.account_deleted", entityType: "account", entityId: id, before });
}

/** The accounts holding these roles, by role (one query: stock posting needs two or three per move). */
export async function findAccountsByRoles(tx: Tx, roles: readonly AccountRole[]): Promise<Map<AccountRole, Account>> {
  if (roles.length === 0) return new Map();
  const rows = await tx.select().from(accounts).where(inArray(accounts.role, [...roles]));
  return new Map(rows.map((a) => [a.role!, a]));
}

/**
 * The ids of the accounts holding a role, as one json object of role to id, for a statement of another area
 * that needs them in the same round trip (stock posting reads them with its items and balances).
 */
export function accountIdsByRoleSql(): SQL {
  return sql`(select json_object_agg(a.role, a.id) from accounts a where a.role is not null)`;
}
