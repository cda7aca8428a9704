import { randomUUID } from "node:crypto";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { postgresError, queryRowPrepared, UNIQUE_VIOLATION, type Tx } from "~/db.server";
import { auditAppendCtes, recordAudit, type AuditInput } from "~/modules/audit/audit.server";
import { isIsoDate, monthStart, todayIn } from "~/utils/dates";
import { toDecimalString } from "~/utils/money";
import { AppError } from "~/modules/platform/errors";
import { openPeriodForPosting } from "./periods.server";
import { journalEntries, journalLines, type PartyKind } from "./schema";
import { isUuid } from "~/utils/ids";
import { partyDirectory } from "~/modules/parties/parties.server";
import { currentOrganisationCurrencySql, currentOrganisationSettings } from "~/modules/tenancy/organisations.server";

export const SOURCE_TYPES = ["manual", "reversal", "opening", "invoice", "credit_note", "payment", "bill", "stock_move"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export interface PostingLine {
  accountId: string;
  debitMinor?: bigint;
  creditMinor?: bigint;
  /** A customer or supplier of this organisation; required on receivable and payable accounts. */
  partyId?: string | null;
  description?: string | null;
  /** When the amount falls due, for aging; the entry date when not given. */
  dueDate?: string | null;
}

export interface PostingInput {
  entryDate: string;
  memo: string;
  source: { type: SourceType; id?: string | null };
  lines: PostingLine[];
  reversesEntryId?: string | null;
}

export interface PostingOptions {
  /** The entry's id, chosen by a caller that writes rows referring to it first (a deferred foreign key). */
  entryId?: string;
  /**
   * The caller's operation, recorded as the one audit event of the posting (with the entry inside it) instead of
   * "ledger.entry_posted": a stock move and its entry are one change, and one event keeps the audit head, the
   * organisation's most contended row, locked for this statement and the commit only.
   */
  event?: AuditInput;
  /** What postingContextSql read in the caller's own round trip; read again when it does not cover the entry. */
  context?: PostingContext | null;
}

export interface PostedEntry {
  id: string;
  number: string;
  entryDate: string;
  totalMinor: bigint;
  currency: string;
}

export const JOURNAL_SERIES = "JE";

export interface OrganisationSettings {
  currency: string;
  timeZone: string;
  locale: string;
}

/** The settings of the organisation of this transaction that the books are kept in. */
export async function organisationSettings(tx: Tx): Promise<OrganisationSettings> {
  return currentOrganisationSettings(tx);
}


/** A Postgres array literal of the ids that are well-formed uuids (others cannot exist, so they are dropped). */
function uuidArray(ids: Iterable<string | null | undefined>): string {
  return `{${[...new Set([...ids].filter((id): id is string => isUuid(id)))].join(",")}}`;
}

export interface PostingContext {
  /** The month the context was read for (its period). */
  month: string;
  currency: string | null;
  accounts: Array<{ id: string; code: string; name: string; is_group: boolean; is_active: boolean; party_kind: PartyKind | null }>;
  parties: Array<{ id: string; kind: PartyKind }>;
  period: { id: string; start_date: string; status: "open" | "locked" } | null;
}

/**
 * Everything a posting checks, as one json value: the tenant's currency, the accounts and parties it names (as
 * this tenant and member may see them; with `roleAccounts`, every account holding a role too), and its period,
 * share-locked so that a concurrent lock of the period waits for this posting. Another area's statement may
 * read it with its own rows and hand it to post() (`options.context`), saving posting its own round trip.
 */
export function postingContextSql(scope: {
  entryDate: string;
  accountIds: Iterable<string | null | undefined>;
  partyIds: Iterable<string | null | undefined>;
  roleAccounts?: boolean;
}): SQL {
  const month = monthStart(scope.entryDate);
  return sql`json_build_object(
      'month', ${month}::text,
      'currency', ${currentOrganisationCurrencySql()},
      'accounts', (select coalesce(json_agg(json_build_object('id', a.id, 'code', a.code, 'name', a.name, 'is_group', a.is_group,
          'is_active', a.is_active, 'party_kind', a.party_kind)), '[]'::json)
        from accounts a where a.id = any(${uuidArray(scope.accountIds)}::uuid[]) ${scope.roleAccounts ? sql`or a.role is not null` : sql``}),
      'parties', (select coalesce(json_agg(json_build_object('id', p.id, 'kind', p.kind)), '[]'::json) from ${partyDirectory()} p
        where p.id = any(${uuidArray(scope.partyIds)}::uuid[])),
      'period', (select json_build_object('id', f.id, 'start_date', f.start_date, 'status', f.status)
        from fiscal_periods f where f.start_date = ${month}::date for share)
    )`;
}

/** The context postingContextSql produced, as the driver returned it (PGlite gives json as text). */
export function readPostingContext(value: unknown): PostingContext {
  return (typeof value === "string" ? JSON.parse(value) : value) as PostingContext;
}

/** Whether a context read beforehand holds everything `input` names: its month, accounts and parties. */
function contextCovers(context: PostingContext, input: PostingInput): boolean {
  if (context.month !== monthStart(input.entryDate)) return false;
  const accounts = new Set(context.accounts.map((a) => a.id));
  const parties = new Set(context.parties.map((p) => p.id));
  return input.lines.every((l) => accounts.has(l.accountId) && (!l.partyId || parties.has(l.partyId)));
}

async function loadPostingContext(tx: Tx, input: PostingInput): Promise<PostingContext> {
  const row = await queryRowPrepared<{ context: unknown }>(
    tx,
    sql`select ${postingContextSql({ entryDate: input.entryDate, accountIds: input.lines.map((l) => l.accountId), partyIds: input.lines.map((l) => l.partyId) })} as context`,
  );
  return readPostingContext(row!.context);
}

function validateShape(input: PostingInput, currency: string): bigint {
  if (!isIsoDate(input.entryDate)) throw new AppError("invalid", "Enter the entry date as YYYY-MM-DD.", { reason: "invalid_date", field: "entryDate" });
  if (input.lines.length < 2) throw new AppError("invalid", "An entry needs at least two lines: something debited and something credited.", { reason: "empty", field: "lines" });
  let debits = 0n;
  let credits = 0n;
  input.lines.forEach((line, index) => {
    const debit = line.debitMinor ?? 0n;
    const credit = line.creditMinor ?? 0n;
    if (debit < 0n || credit < 0n || (debit > 0n) === (credit > 0n)) {
      throw new AppError("invalid", `Line ${index + 1} needs either a debit or a credit greater than zero, not both.`, { reason: "line_amount", field: `lines.${index}` });
    }
    if (line.dueDate && !isIsoDate(line.dueDate)) throw new AppError("invalid", `Line ${index + 1}: enter the due date as YYYY-MM-DD.`, { reason: "invalid_date", field: `lines.${index}` });
    debits += debit;
    credits += credit;
  });
  if (debits !== credits) {
    const difference = debits > credits ? debits - credits : credits - debits;
    const side = debits > credits ? "Debits exceed credits" : "Credits exceed debits";
    throw new AppError("invalid", `${side} by ${toDecimalString(difference, currency)} ${currency}: the entry must balance.`, { reason: "unbalanced", field: "lines" });
  }
  return debits;
}

/**
 * The one way anything reaches the books. Checks balance, accounts, parties and an open period; gives the
 * entry its gapless number; writes the lines, the balances per account and party by month (the entry's day
 * among the month's days), and the audit event, all in the caller's transaction. The database checks balance
 * and immutability again on its own.
 */
export async function post(tx: Tx, input: PostingInput, options: PostingOptions = {}): Promise<PostedEntry> {
  if (options.entryId !== undefined && !isUuid(options.entryId)) throw new Error("a posting's entry id must be a uuid");
  if (!isIsoDate(input.entryDate)) throw new AppError("invalid", "Enter the entry date as YYYY-MM-DD.", { reason: "invalid_date", field: "entryDate" });
  const context = options.context && contextCovers(options.context, input) ? options.context : await loadPostingContext(tx, input);
  if (!context.currency) throw new Error("posting needs a tenant transaction (withTenant)");
  const currency = context.currency;
  const total = validateShape(input, currency);

  const byId = new Map(context.accounts.map((a) => [a.id, a]));
  const kinds = new Map(context.parties.map((p) => [p.id, p.kind]));
  input.lines.forEach((line, index) => {
    const account = byId.get(line.accountId);
    const where = `lines.${index}`;
    if (!account) throw new AppError("invalid", `Line ${index + 1}: that account does not exist in this organisation.`, { reason: "unknown_account", field: where });
    if (account.is_group) throw new AppError("invalid", `Line ${index + 1}: ${account.code} ${account.name} is a group; post to one of its accounts.`, { reason: "group_account", field: where });
    if (!account.is_active) throw new AppError("invalid", `Line ${index + 1}: ${account.code} ${account.name} is inactive.`, { reason: "inactive_account", field: where });
    const kind = line.partyId ? kinds.get(line.partyId) : undefined;
    if (line.partyId && !kind) throw new AppError("invalid", `Line ${index + 1}: that customer or supplier does not exist in this organisation.`, { reason: "unknown_party", field: where });
    if (account.party_kind && kind !== account.party_kind) {
      throw new AppError("invalid", `Line ${index + 1}: ${account.code} ${account.name} needs a ${account.party_kind}.`, { reason: "party_required", field: where });
    }
  });
  if (context.period?.status === "locked") {
    throw new AppError("conflict", `The period ${input.entryDate.slice(0, 7)} is locked: nothing can be posted into it. Use a date in an open period.`, { reason: "period_locked", field: "entryDate" });
  }
  const periodStart = context.period ? monthStart(input.entryDate) : (await openPeriodForPosting(tx, input.entryDate)).startDate;

  const entryId = options.entryId ?? randomUUID();
  const day = Number(input.entryDate.slice(8, 10));
  const year = Number(input.entryDate.slice(0, 4));
  const lines = input.lines.map((line, index) => {
    const kind = line.partyId ? kinds.get(line.partyId) : undefined;
    return {
      line_no: index + 1,
      account_id: line.accountId,
      customer_id: kind === "customer" ? line.partyId : null,
      supplier_id: kind === "supplier" ? line.partyId : null,
      debit: (line.debitMinor ?? 0n).toString(),
      credit: (line.creditMinor ?? 0n).toString(),
      description: line.description?.trim() || null,
      due_date: line.dueDate ?? (kind ? input.entryDate : null),
    };
  });
  const { accountRows, partyRows } = balanceMovements(input.lines, kinds);
  const posted = {
    entryDate: input.entryDate,
    memo: input.memo,
    source: input.source,
    reversesEntryId: input.reversesEntryId ?? null,
    lines: input.lines.map((l) => ({ accountId: l.accountId, partyId: l.partyId ?? null, debit: l.debitMinor ?? 0n, credit: l.creditMinor ?? 0n })),
  };
  const event: AuditInput = options.event
    ? { ...options.event, after: { ...(options.event.after as object | undefined), journalEntry: { id: entryId, ...posted } } }
    : { action: "ledger.entry_posted", entityType: "journal_entry", entityId: entryId, after: posted };
  const audit = auditAppendCtes(event, { after: sql`entry` });

  // One statement writes the entry, in a fixed order that each step forces by reading the one before: the lines,
  // then the number series (the first contended row), the entry, the balances (the month's totals and the
  // entry's day among its days) and the audit head. Concurrent postings hold the contended rows for this one
  // round trip and the commit, and never deadlock.
  let row: { number: string; audit_id: number | null } | undefined;
  try {
    row = await queryRowPrepared<{ number: string; audit_id: number | null }>(
      tx,
      sql`with new_lines as (
          insert into journal_lines (tenant_id, entry_id, line_no, account_id, customer_id, supplier_id, debit_minor, credit_minor,
            currency, description, entry_date, due_date)
          select app_tenant_id(), ${entryId}::uuid, l.line_no, l.account_id, l.customer_id, l.supplier_id, l.debit, l.credit,
            ${currency}, l.description, ${input.entryDate}::date, l.due_date
          from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as l(line_no int, account_id uuid, customer_id uuid,
            supplier_id uuid, debit bigint, credit bigint, description text, due_date date)
          returning line_no
        ),
        series as (
          insert into number_series as s (tenant_id, key, year, last_value)
          select app_tenant_id(), ${JOURNAL_SERIES}, ${year}, 1 from (select count(*) from new_lines) as lines_written
          on conflict (tenant_id, key, year) do update set last_value = s.last_value + 1
          returning last_value
        ),
        entry as (
          insert into journal_entries (tenant_id, id, number, entry_date, memo, source_type, source_id, reverses_entry_id,
            currency, total_minor, posted_by_user_id)
          select app_tenant_id(), ${entryId}::uuid,
            ${JOURNAL_SERIES} || '-' || ${year}::text || '-' || lpad(series.last_value::text, greatest(6, length(series.last_value::text)), '0'),
            ${input.entryDate}::date, ${input.memo.trim()}, ${input.source.type}, ${input.source.id ?? null}::text,
            ${input.reversesEntryId ?? null}::uuid, ${currency}, ${total.toString()}::bigint, app_user_id()
          from series
          returning number
        ),
        account_movements as (
          insert into account_balances as b (tenant_id, account_id, period_start, debit_minor, credit_minor, day_debits, day_credits)
          select app_tenant_id(), m.account_id, ${periodStart}::date, m.debit, m.credit,
            array_fill(0::bigint, array[${day}::int - 1]) || m.debit || array_fill(0::bigint, array[31 - ${day}::int]),
            array_fill(0::bigint, array[${day}::int - 1]) || m.credit || array_fill(0::bigint, array[31 - ${day}::int])
          from jsonb_to_recordset(${JSON.stringify(accountRows)}::jsonb) as m(account_id uuid, debit bigint, credit bigint)
            cross join (select 1 from entry) as numbered
          order by m.account_id
          on conflict (tenant_id, account_id, period_start) do update
            set debit_minor = b.debit_minor + excluded.debit_minor, credit_minor = b.credit_minor + excluded.credit_minor,
              day_debits[${day}::int] = b.day_debits[${day}::int] + excluded.debit_minor,
              day_credits[${day}::int] = b.day_credits[${day}::int] + excluded.credit_minor
          returning 1
        ),
        party_movements as (
          insert into party_balances as b (tenant_id, account_id, party_kind, party_id, period_start, debit_minor, credit_minor, day_debits, day_credits)
          select app_tenant_id(), m.account_id, m.party_kind, m.party_id, ${periodStart}::date, m.debit, m.credit,
            array_fill(0::bigint, array[${day}::int - 1]) || m.debit || array_fill(0::bigint, array[31 - ${day}::int]),
            array_fill(0::bigint, array[${day}::int - 1]) || m.credit || array_fill(0::bigint, array[31 - ${day}::int])
          from jsonb_to_recordset(${JSON.stringify(partyRows)}::jsonb) as m(account_id uuid, party_kind text, party_id uuid, debit bigint, credit bigint)
            cross join (select 1 from entry) as numbered
          order by m.account_id, m.party_id
          on conflict (tenant_id, account_id, party_id, period_start) do update
            set debit_minor = b.debit_minor + excluded.debit_minor, credit_minor = b.credit_minor + excluded.credit_minor,
              day_debits[${day}::int] = b.day_debits[${day}::int] + excluded.debit_minor,
              day_credits[${day}::int] = b.day_credits[${day}::int] + excluded.credit_minor
          returning 1
        ),
        ${audit}
      select (select number from entry) as number,
        (select id from audit_moved) as audit_id,
        (select count(*) from account_movements) + (select count(*) from party_movements) as balances_moved`,
    );
  } catch (error) {
    if (postgresError(error)?.code === UNIQUE_VIOLATION && input.reversesEntryId) {
      throw new AppError("conflict", "That entry has been reversed already.", { reason: "already_reversed" });
    }
    throw error;
  }
  if (!row?.number) throw new Error("the journal entry was not written");
  if (row.audit_id === null) {
    // A tenant whose audit chain had not started yet: start it and record the posting in the same transaction.
    await recordAudit(tx, event);
  }
  return { id: entryId, number: row.number, entryDate: input.entryDate, totalMinor: total, currency };
}

/** What the entry adds to each account's and each party's monthly balance, as rows for the posting statement. */
function balanceMovements(lines: PostingLine[], kinds: Map<string, PartyKind>) {
  const perAccount = new Map<string, { account_id: string; debit: bigint; credit: bigint }>();
  const perParty = new Map<string, { account_id: string; party_kind: PartyKind; party_id: string; debit: bigint; credit: bigint }>();
  for (const line of lines) {
    const account = perAccount.get(line.accountId) ?? { account_id: line.accountId, debit: 0n, credit: 0n };
    account.debit += line.debitMinor ?? 0n;
    account.credit += line.creditMinor ?? 0n;
    perAccount.set(line.accountId, account);
    if (line.partyId) {
      const key = `${line.accountId}:${line.partyId}`;
      const party = perParty.get(key) ?? { account_id: line.accountId, party_kind: kinds.get(line.partyId)!, party_id: line.partyId, debit: 0n, credit: 0n };
      party.debit += line.debitMinor ?? 0n;
      party.credit += line.creditMinor ?? 0n;
      perParty.set(key, party);
    }
  }
  const asJson = <T extends { debit: bigint; credit: bigint }>(row: T) => ({ ...row, debit: row.debit.toString(), credit: row.credit.toString() });
  return { accountRows: [...perAccount.values()].map(asJson), partyRows: [...perParty.values()].map(asJson) };
}

export type JournalEntry = typeof journalEntries.$inferSelect;
export type JournalLine = typeof journalLines.$inferSelect;

export async function getEntry(tx: Tx, entryId: string): Promise<{ entry: JournalEntry; lines: JournalLine[]; reversedBy: JournalEntry | null }> {
  if (!isUuid(entryId)) throw new AppError("not_found", "That journal entry does not exist in this organisation.", { reason: "unknown_entry" });
  const [entry] = await tx.select().from(journalEntries).where(eq(journalEntries.id, entryId));
  if (!entry) throw new AppError("not_found", "That journal entry does not exist in this organisation.", { reason: "unknown_entry" });
  const lines = await tx.select().from(journalLines).where(eq(journalLines.entryId, entryId)).orderBy(asc(journalLines.lineNo));
  const [reversedBy] = await tx.select().from(journalEntries).where(and(eq(journalEntries.reversesEntryId, entryId)));
  return { entry, lines, reversedBy: reversedBy ?? null };
}

/**
 * Corrects a posted entry by posting its mirror image (debits and credits swapped), linked to it, dated today
 * in the organisation's time zone or on a chosen date in an open period.
 */
export async function reverse(tx: Tx, entryId: string, options: { entryDate?: string; memo?: string } = {}): Promise<PostedEntry> {
  const { entry, lines, reversedBy } = await getEntry(tx, entryId);
  if (entry.reversesEntryId) throw new AppError("invalid", `${entry.number} is itself a reversal; post a new entry instead.`, { reason: "reversal_of_reversal" });
  if (reversedBy) throw new AppError("conflict", `${entry.number} was reversed by ${reversedBy.number} already.`, { reason: "already_reversed" });
  const { timeZone } = await organisationSettings(tx);
  return post(tx, {
    entryDate: options.entryDate ?? todayIn(timeZone),
    memo: options.memo?.trim() || `Reversal of ${entry.number}`,
    source: { type: "reversal", id: entry.id },
    reversesEntryId: entry.id,
    lines: lines.map((line) => ({
      accountId: line.accountId,
      debitMinor: line.creditMinor,
      creditMinor: line.debitMinor,
      partyId: line.customerId ?? line.supplierId,
      description: line.description,
      dueDate: line.dueDate,
    })),
  });
}
