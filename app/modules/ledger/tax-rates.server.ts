import { and, asc, eq, sql } from "drizzle-orm";
import { postgresError, UNIQUE_VIOLATION, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { AppError } from "~/modules/platform/errors";
import { accounts, taxRates } from "./schema";

export type TaxRate = typeof taxRates.$inferSelect;

export interface TaxRateInput {
  name: string;
  /** Hundredths of a percent: 2000 is 20%. */
  rateBp: number;
  accountId: string;
}

/** Tax is posted to a balance sheet account (tax payable on sales, recoverable tax on purchases): one that takes lines. */
const TAX_ACCOUNT_TYPES = new Set(["liability", "asset"]);

export async function listTaxRates(tx: Tx, options: { activeOnly?: boolean } = {}): Promise<Array<TaxRate & { accountCode: string; accountName: string }>> {
  const rows = await tx
    .select({ rate: taxRates, accountCode: accounts.code, accountName: accounts.name })
    .from(taxRates)
    .innerJoin(accounts, sql`${accounts.tenantId} = ${taxRates.tenantId} and ${accounts.id} = ${taxRates.accountId}`)
    .where(options.activeOnly ? eq(taxRates.isActive, true) : undefined)
    .orderBy(asc(taxRates.rateBp), asc(taxRates.name));
  return rows.map(({ rate, accountCode, accountName }) => ({ ...rate, accountCode, accountName }));
}

export async function getTaxRate(tx: Tx, id: string): Promise<TaxRate> {
  const [rate] = await tx.select().from(taxRates).where(eq(taxRates.id, id));
  if (!rate) throw new AppError("not_found", "That tax rate does not exist in this organisation.", { reason: "unknown_tax_rate" });
  return rate;
}

async function checkTaxAccount(tx: Tx, accountId: string) {
  const [account] = await tx.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) throw new AppError("invalid", "That account does not exist in this organisation.", { reason: "unknown_account", field: "accountId" });
  if (account.isGroup) throw new AppError("invalid", `${account.code} ${account.name} is a group; choose one of its accounts.`, { reason: "group_account", field: "accountId" });
  if (!account.isActive) throw new AppError("invalid", `${account.code} ${account.name} is inactive.`, { reason: "inactive_account", field: "accountId" });
  if (!TAX_ACCOUNT_TYPES.has(account.type)) {
    throw new AppError("invalid", `${account.code} ${account.name} is an ${account.type} account: tax is posted to a liability (tax payable) or an asset (recoverable tax) account.`, {
      reason: "tax_account_type",
      field: "accountId",
    });
  }
}

function duplicateName(error: unknown, name: string): never {
  if (postgresError(error)?.code === UNIQUE_VIOLATION) throw new AppError("conflict", `Another tax rate is already called ${name}.`, { reason: "duplicate_name", field: "name" });
  throw error;
}

export async function createTaxRate(tx: Tx, input: TaxRateInput): Promise<TaxRate> {
  await checkTaxAccount(tx, input.accountId);
  const [rate] = await tx
    .insert(taxRates)
    .values({ tenantId: sql`app_tenant_id()`, ...input })
    .returning()
    .catch((error) => duplicateName(error, input.name));
  await recordAudit(tx, { action: "ledger.tax_rate_created", entityType: "tax_rate", entityId: rate.id, after: rate });
  return rate;
}

/**
 * Renames, re-rates, moves to another account or (de)activates a tax rate. Documents already posted keep the
 * rate and amounts they were posted with: they copy them, so a change applies to new documents only.
 */
export async function updateTaxRate(tx: Tx, id: string, input: TaxRateInput & { isActive: boolean }): Promise<TaxRate> {
  const [before] = await tx.select().from(taxRates).where(eq(taxRates.id, id)).for("update");
  if (!before) throw new AppError("not_found", "That tax rate does not exist in this organisation.", { reason: "unknown_tax_rate" });
  if (input.accountId !== before.accountId) await checkTaxAccount(tx, input.accountId);
  const [after] = await tx
    .update(taxRates)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(taxRates.id, id))
    .returning()
    .catch((error) => duplicateName(error, input.name));
  await recordAudit(tx, { action: "ledger.tax_rate_updated", entityType: "tax_rate", entityId: id, before, after });
  return after;
}

/** The accounts a tax rate may post to, by code; the organisation's tax payable account first. */
export async function listTaxAccounts(tx: Tx): Promise<Array<{ id: string; code: string; name: string; role: string | null }>> {
  const rows = await tx
    .select({ id: accounts.id, code: accounts.code, name: accounts.name, role: accounts.role, type: accounts.type })
    .from(accounts)
    .where(and(eq(accounts.isGroup, false), eq(accounts.isActive, true)))
    .orderBy(asc(accounts.code));
  const eligible = rows.filter((a) => TAX_ACCOUNT_TYPES.has(a.type)).map(({ type: _type, ...account }) => account);
  return [...eligible.filter((a) => a.role === "tax_payable"), ...eligible.filter((a) => a.role !== "tax_payable")];
}
