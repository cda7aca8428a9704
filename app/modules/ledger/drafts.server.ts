import { and, count, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { findParties } from "~/modules/parties/parties.server";
import { listMembers } from "~/modules/tenancy/members.server";
import { canonicalJson } from "~/utils/canonical-json";
import { addMonths, isIsoDate, monthEnd, monthStart } from "~/utils/dates";
import { MoneyFormatError, parseMoney, toDecimalString } from "~/utils/money";
import { listAccounts } from "./accounts.server";
import { AppError } from "~/modules/platform/errors";
import { amountTotals, isBlankLine, parseEntryCursor } from "./forms";
import { listPeriods } from "./periods.server";
import { getEntry, organisationSettings, post, type JournalEntry, type PostedEntry } from "./posting.server";
import { accounts, journalDrafts, journalEntries, type DraftLine } from "./schema";
import { isUuid } from "~/utils/ids";

export type Draft = typeof journalDrafts.$inferSelect;

/** A manual entry as an accountant types it: amounts are decimal strings in the organisation's currency. */
export interface DraftInput {
  entryDate: string;
  memo: string;
  lines: DraftLine[];
}

/**
 * Every field-level problem of an entry at once (an amount that is not a number, an unknown account), so the
 * form can show each beside its field: an AppError with the first problem's message, field and reason, and all
 * of them as its cause.
 */
function draftRefusal(problems: AppError[]): AppError {
  const [first] = problems;
  return new AppError(first.code, first.message, { field: first.field, reason: first.reason, cause: new AggregateError(problems, first.message) });
}

async function tenantCurrency(tx: Tx): Promise<string> {
  return (await organisationSettings(tx)).currency;
}

/**
 * Which of the accounts and parties the lines name exist in this tenant, as this member may see them (row-level
 * security hides another tenant's rows, and a salesman's unassigned customers), so that a draft never keeps an id
 * that posting would refuse.
 */
async function knownIds(tx: Tx, lines: DraftLine[]): Promise<{ accounts: Set<string>; parties: Set<string> }> {
  const accountIds = [...new Set(lines.map((l) => l.accountId?.trim() ?? "").filter(isUuid))];
  const partyIds = [...new Set(lines.map((l) => l.partyId?.trim() ?? "").filter(isUuid))];
  const [accountRows, partyRows] = await Promise.all([
    accountIds.length ? tx.select({ id: accounts.id }).from(accounts).where(inArray(accounts.id, accountIds)) : [],
    findParties(tx, partyIds),
  ]);
  return { accounts: new Set(accountRows.map((a) => a.id)), parties: new Set(partyRows.map((p) => p.id)) };
}

interface CheckedLine {
  line: DraftLine;
  debitMinor?: bigint;
  creditMinor?: bigint;
}

/**
 * Normalises an entry's lines and collects their field-level problems. Saving a draft is lenient (a line may
 * lack an account or an amount, the entry may not balance); posting (`strict`) also wants an account on every
 * line. Everything else posting checks is post()'s business.
 */
async function checkLines(tx: Tx, lines: DraftLine[], currency: string, strict: boolean): Promise<{ checked: CheckedLine[]; problems: AppError[] }> {
  const problems: AppError[] = [];
  const known = await knownIds(tx, lines);

  const checked = lines.map((raw, index): CheckedLine => {
    const where = `lines.${index}`;
    const amount = (side: "debit" | "credit"): { text?: string; minor?: bigint } => {
      const text = raw[side]?.trim();
      if (!text) return {};
      try {
        const minor = parseMoney(text, currency);
        if (minor < 0n) {
          const other = side === "debit" ? "credit" : "debit";
          problems.push(new AppError("invalid", `Line ${index + 1}: enter a positive amount; put the opposite side in the ${other} column.`, { reason: "line_amount", field: `${where}.${side}` }));
          return { text };
        }
        return { text: toDecimalString(minor, currency), minor };
      } catch (error) {
        if (!(error instanceof MoneyFormatError)) throw error;
        problems.push(new AppError("invalid", `Line ${index + 1}: ${error.message}`, { reason: "line_amount", field: `${where}.${side}` }));
        return { text };
      }
    };
    const debit = amount("debit");
    const credit = amount("credit");
    const accountId = raw.accountId?.trim() ?? "";
    if (accountId && !known.accounts.has(accountId)) {
      problems.push(new AppError("invalid", `Line ${index + 1}: that account does not exist in this organisation.`, { reason: "unknown_account", field: `${where}.accountId` }));
    } else if (!accountId && strict) {
      problems.push(new AppError("invalid", `Line ${index + 1}: choose an account.`, { reason: "unknown_account", field: `${where}.accountId` }));
    }
    const partyId = raw.partyId?.trim() || null;
    if (partyId && !known.parties.has(partyId)) {
      problems.push(new AppError("invalid", `Line ${index + 1}: that customer or supplier does not exist in this organisation.`, { reason: "unknown_party", field: `${where}.partyId` }));
    }
    const line: DraftLine = { accountId, partyId };
    if (debit.text) line.debit = debit.text;
    if (credit.text) line.credit = credit.text;
    const description = raw.description?.trim();
    if (description) line.description = description;
    return { line, debitMinor: debit.minor, creditMinor: credit.minor };
  });
  return { checked, problems };
}

async function normaliseDraft(tx: Tx, input: DraftInput): Promise<DraftInput> {
  if (!isIsoDate(input.entryDate)) throw new AppError("invalid", "Enter the entry date as YYYY-MM-DD.", { reason: "invalid_date", field: "entryDate" });
  const { checked, problems } = await checkLines(tx, input.lines, await tenantCurrency(tx), false);
  if (problems.length) throw draftRefusal(problems);
  return {
    entryDate: input.entryDate,
    memo: input.memo.trim(),
    lines: checked.map((c) => c.line).filter((line) => !isBlankLine({ ...line, partyId: line.partyId ?? "" })),
  };
}

function draftId(id: string): string {
  if (!isUuid(id)) throw new AppError("not_found", "That draft does not exist in this organisation.", { reason: "unknown_draft" });
  return id;
}

/** Saves an entry that is not ready yet: it may be unbalanced or incomplete, but what it holds must make sense. */
export async function createDraft(tx: Tx, input: DraftInput): Promise<Draft> {
  const values = await normaliseDraft(tx, input);
  const [draft] = await tx
    .insert(journalDrafts)
    .values({ tenantId: sql`app_tenant_id()`, ...values, createdByUserId: sql`app_user_id()` })
    .returning();
  await recordAudit(tx, { action: "ledger.draft_created", entityType: "journal_draft", entityId: draft.id, after: draft });
  return draft;
}

export async function getDraft(tx: Tx, id: string): Promise<Draft> {
  const [draft] = await tx.select().from(journalDrafts).where(eq(journalDrafts.id, draftId(id)));
  if (!draft) throw new AppError("not_found", "That draft does not exist in this organisation.", { reason: "unknown_draft" });
  return draft;
}

async function lockDraft(tx: Tx, id: string): Promise<Draft> {
  const [draft] = await tx.select().from(journalDrafts).where(eq(journalDrafts.id, draftId(id))).for("update");
  if (!draft) throw new AppError("not_found", "That draft does not exist in this organisation.", { reason: "unknown_draft" });
  return draft;
}

/** Replaces a draft's date, memo and lines. Saving it unchanged writes nothing. */
export async function updateDraft(tx: Tx, id: string, input: DraftInput): Promise<Draft> {
  const before = await lockDraft(tx, id);
  const values = await normaliseDraft(tx, input);
  const unchanged =
    values.entryDate === before.entryDate && values.memo === before.memo && canonicalJson(values.lines) === canonicalJson(before.lines);
  if (unchanged) return before;
  const [after] = await tx
    .update(journalDrafts)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(journalDrafts.id, before.id))
    .returning();
  await recordAudit(tx, { action: "ledger.draft_updated", entityType: "journal_draft", entityId: id, before, after });
  return after;
}

export async function deleteDraft(tx: Tx, id: string): Promise<void> {
  const before = await lockDraft(tx, id);
  await tx.delete(journalDrafts).where(eq(journalDrafts.id, before.id));
  await recordAudit(tx, { action: "ledger.draft_deleted", entityType: "journal_draft", entityId: id, before });
}

export interface DraftSummary {
  id: string;
  entryDate: string;
  memo: string;
  lineCount: number;
  debitMinor: bigint;
  creditMinor: bigint;
  updatedAt: Date;
}

/** Open drafts, most recently changed first, with their totals so far. */
export async function listDrafts(tx: Tx): Promise<DraftSummary[]> {
  const currency = await tenantCurrency(tx);
  const rows = await tx.select().from(journalDrafts).orderBy(desc(journalDrafts.updatedAt), desc(journalDrafts.id));
  return rows.map((draft) => {
    const totals = amountTotals(draft.lines, currency);
    return {
      id: draft.id,
      entryDate: draft.entryDate,
      memo: draft.memo,
      lineCount: draft.lines.length,
      debitMinor: totals.debit,
      creditMinor: totals.credit,
      updatedAt: draft.updatedAt,
    };
  });
}

/**
 * Posts a manual entry typed by an accountant: amounts parsed in the organisation's currency (all field-level
 * problems reported together), then every rule of post().
 */
export async function postManualEntry(tx: Tx, input: DraftInput): Promise<PostedEntry> {
  const { checked, problems } = await checkLines(tx, input.lines, await tenantCurrency(tx), true);
  if (problems.length) throw draftRefusal(problems);
  return post(tx, {
    entryDate: input.entryDate,
    memo: input.memo,
    source: { type: "manual" },
    lines: checked.map(({ line, debitMinor, creditMinor }) => ({
      accountId: line.accountId,
      partyId: line.partyId,
      debitMinor,
      creditMinor,
      description: line.description,
    })),
  });
}

/** Posts a draft and removes it, in the caller's transaction: if posting is refused, the draft stays as it was. */
export async function postDraft(tx: Tx, id: string): Promise<PostedEntry> {
  const draft = await lockDraft(tx, id);
  const entry = await postManualEntry(tx, draft);
  await tx.delete(journalDrafts).where(eq(journalDrafts.id, draft.id));
  await recordAudit(tx, {
    action: "ledger.draft_posted",
    entityType: "journal_draft",
    entityId: draft.id,
    before: draft,
    after: { entryId: entry.id, number: entry.number },
  });
  return entry;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the journal for the accountant's pages

export interface EntryFilter {
  from?: string;
  to?: string;
  /** Part of the entry number, any case. */
  number?: string;
  /** Keyset cursor: entries strictly older than this one (by date, then number). */
  before?: string;
  limit?: number;
}

export type EntryListRow = Pick<JournalEntry, "id" | "number" | "entryDate" | "memo" | "sourceType" | "reversesEntryId" | "currency" | "totalMinor">;

/** Posted entries, newest first, a page at a time (keyset: the cursor is the last row's date and number). */
export async function listJournalEntries(tx: Tx, filter: EntryFilter = {}): Promise<{ entries: EntryListRow[]; hasMore: boolean }> {
  const conditions: SQL[] = [];
  if (filter.from) conditions.push(gte(journalEntries.entryDate, filter.from));
  if (filter.to) conditions.push(lte(journalEntries.entryDate, filter.to));
  if (filter.number) conditions.push(sql`strpos(upper(${journalEntries.number}), upper(${filter.number})) > 0`);
  const cursor = parseEntryCursor(filter.before);
  if (cursor) conditions.push(sql`(${journalEntries.entryDate}, ${journalEntries.number}) < (${cursor.entryDate}::date, ${cursor.number})`);
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const rows = await tx
    .select({
      id: journalEntries.id,
      number: journalEntries.number,
      entryDate: journalEntries.entryDate,
      memo: journalEntries.memo,
      sourceType: journalEntries.sourceType,
      reversesEntryId: journalEntries.reversesEntryId,
      currency: journalEntries.currency,
      totalMinor: journalEntries.totalMinor,
    })
    .from(journalEntries)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(journalEntries.entryDate), desc(journalEntries.number))
    .limit(limit + 1);
  return { entries: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** A posted entry with what its page shows: account and party names, the entries it reverses or that reverse it. */
export async function getEntryDetail(tx: Tx, id: string) {
  const { entry, lines, reversedBy } = await getEntry(tx, id);
  const accountIds = [...new Set(lines.map((l) => l.accountId))];
  const [accountRows, partyRows, reverses, members] = await Promise.all([
    tx.select({ id: accounts.id, code: accounts.code, name: accounts.name }).from(accounts).where(inArray(accounts.id, accountIds)),
    findParties(
      tx,
      lines.map((l) => l.customerId ?? l.supplierId),
    ),
    entry.reversesEntryId
      ? tx.select({ id: journalEntries.id, number: journalEntries.number }).from(journalEntries).where(eq(journalEntries.id, entry.reversesEntryId))
      : [],
    listMembers(tx),
  ]);
  const accountById = new Map(accountRows.map((a) => [a.id, a]));
  const partyName = new Map(partyRows.map((p) => [p.id, p.name]));
  return {
    entry,
    postedBy: members.find((m) => m.userId === entry.postedByUserId)?.name ?? null,
    lines: lines.map((line) => {
      const account = accountById.get(line.accountId);
      const partyId = line.customerId ?? line.supplierId;
      return {
        lineNo: line.lineNo,
        accountId: line.accountId,
        accountCode: account?.code ?? "",
        accountName: account?.name ?? "",
        partyKind: line.customerId ? ("customer" as const) : line.supplierId ? ("supplier" as const) : null,
        // A party this member may not see (or since erased) still shows that the line has one.
        partyName: partyId ? (partyName.get(partyId) ?? "Restricted party") : null,
        description: line.description,
        debitMinor: line.debitMinor,
        creditMinor: line.creditMinor,
        dueDate: line.dueDate,
      };
    }),
    reverses: reverses[0] ?? null,
    reversedBy: reversedBy ? { id: reversedBy.id, number: reversedBy.number } : null,
  };
}

/** The ledger overview's figures for the month containing `today`. */
export async function ledgerSummary(tx: Tx, today: string) {
  const [[posted], [drafts], [chart], periods] = await Promise.all([
    tx
      .select({ n: count() })
      .from(journalEntries)
      .where(and(gte(journalEntries.entryDate, monthStart(today)), lte(journalEntries.entryDate, monthEnd(today)))),
    tx.select({ n: count() }).from(journalDrafts),
    tx.select({ n: count() }).from(accounts),
    listPeriods(tx),
  ]);
  const current = periods.find((p) => p.startDate === monthStart(today));
  return {
    postedThisMonth: posted.n,
    openDrafts: drafts.n,
    accounts: chart.n,
    currentPeriodLocked: current?.status === "locked",
  };
}

export interface PeriodRow {
  startDate: string;
  endDate: string;
  status: "open" | "locked";
  lockedAt: Date | null;
  /** False for a month that has no period row yet (nothing posted, never locked): it is open. */
  exists: boolean;
}

/** Months to show on the periods page: every month with a period, plus the current and previous 12, newest first. */
export async function listPeriodRows(tx: Tx, today: string): Promise<PeriodRow[]> {
  const periods = await listPeriods(tx);
  const rows = new Map<string, PeriodRow>();
  for (let back = 0; back <= 12; back++) {
    const start = addMonths(monthStart(today), -back);
    rows.set(start, { startDate: start, endDate: monthEnd(start), status: "open", lockedAt: null, exists: false });
  }
  for (const period of periods) {
    rows.set(period.startDate, { startDate: period.startDate, endDate: period.endDate, status: period.status, lockedAt: period.lockedAt, exists: true });
  }
  return [...rows.values()].sort((a, b) => (a.startDate < b.startDate ? 1 : -1));
}

/** Accounts for choosing on an entry line: postable ones, plus any already chosen (so a draft keeps its value). */
export async function accountOptions(tx: Tx) {
  return (await listAccounts(tx)).map((a) => ({
    id: a.id,
    code: a.code,
    name: a.name,
    isGroup: a.isGroup,
    isActive: a.isActive,
    partyKind: a.partyKind,
  }));
}
