import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { postgresError, queryRow, UNIQUE_VIOLATION, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { customers, suppliers } from "~/modules/parties/schema";
import { isIsoDate, todayIn } from "~/utils/dates";
import { toDecimalString } from "~/utils/money";
import { LedgerError } from "./errors";
import { openPeriodForPosting } from "./periods.server";
import { accounts, journalEntries, journalLines, numberSeries, type PartyKind } from "./schema";

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

export interface PostedEntry {
  id: string;
  number: string;
  entryDate: string;
  totalMinor: bigint;
  currency: string;
}

export const JOURNAL_SERIES = "JE";

/** The next gapless number of a series for a year. The row stays locked until the transaction ends. */
export async function nextNumber(tx: Tx, key: string, year: number): Promise<number> {
  const [row] = await tx
    .insert(numberSeries)
    .values({ tenantId: sql`app_tenant_id()`, key, year, lastValue: 1 })
    .onConflictDoUpdate({
      target: [numberSeries.tenantId, numberSeries.key, numberSeries.year],
      set: { lastValue: sql`${numberSeries.lastValue} + 1` },
    })
    .returning({ value: numberSeries.lastValue });
  return row.value;
}

async function tenantCurrency(tx: Tx): Promise<{ currency: string; timeZone: string }> {
  const row = await queryRow<{ currency: string; time_zone: string }>(tx, sql`select currency, time_zone from tenants where id = app_tenant_id()`);
  if (!row) throw new Error("posting needs a tenant transaction (withTenant)");
  return { currency: row.currency, timeZone: row.time_zone };
}

function validateShape(input: PostingInput, currency: string): bigint {
  if (!isIsoDate(input.entryDate)) throw new LedgerError("invalid_date", "Enter the entry date as YYYY-MM-DD.", "entryDate");
  if (input.lines.length < 2) throw new LedgerError("empty", "An entry needs at least two lines: something debited and something credited.", "lines");
  let debits = 0n;
  let credits = 0n;
  input.lines.forEach((line, index) => {
    const debit = line.debitMinor ?? 0n;
    const credit = line.creditMinor ?? 0n;
    if (debit < 0n || credit < 0n || (debit > 0n) === (credit > 0n)) {
      throw new LedgerError("line_amount", `Line ${index + 1} needs either a debit or a credit greater than zero, not both.`, `lines.${index}`);
    }
    if (line.dueDate && !isIsoDate(line.dueDate)) throw new LedgerError("invalid_date", `Line ${index + 1}: enter the due date as YYYY-MM-DD.`, `lines.${index}`);
    debits += debit;
    credits += credit;
  });
  if (debits !== credits) {
    const difference = debits > credits ? debits - credits : credits - debits;
    const side = debits > credits ? "Debits exceed credits" : "Credits exceed debits";
    throw new LedgerError("unbalanced", `${side} by ${toDecimalString(difference, currency)} ${currency}: the entry must balance.`, "lines");
  }
  return debits;
}

/** Which party kind each given party id is, for the parties this tenant (and scope) can see. */
async function partyKinds(tx: Tx, ids: string[]): Promise<Map<string, PartyKind>> {
  const kinds = new Map<string, PartyKind>();
  if (ids.length === 0) return kinds;
  for (const row of await tx.select({ id: customers.id }).from(customers).where(inArray(customers.id, ids))) kinds.set(row.id, "customer");
  for (const row of await tx.select({ id: suppliers.id }).from(suppliers).where(inArray(suppliers.id, ids))) kinds.set(row.id, "supplier");
  return kinds;
}

/**
 * The one way anything reaches the books. Checks balance, accounts, parties and an open period; gives the
 * entry its gapless number; writes the lines, the balances per account, party and month, and the audit event,
 * all in the caller's transaction. The database checks balance and immutability again on its own.
 */
export async function post(tx: Tx, input: PostingInput): Promise<PostedEntry> {
  const { currency } = await tenantCurrency(tx);
  const total = validateShape(input, currency);

  const accountIds = [...new Set(input.lines.map((l) => l.accountId))];
  const found = await tx.select().from(accounts).where(inArray(accounts.id, accountIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id))));
  const byId = new Map(found.map((a) => [a.id, a]));
  const kinds = await partyKinds(tx, [...new Set(input.lines.flatMap((l) => (l.partyId ? [l.partyId] : [])))].filter((id) => /^[0-9a-f-]{36}$/i.test(id)));
  input.lines.forEach((line, index) => {
    const account = byId.get(line.accountId);
    const where = `lines.${index}`;
    if (!account) throw new LedgerError("unknown_account", `Line ${index + 1}: that account does not exist in this organisation.`, where);
    if (account.isGroup) throw new LedgerError("group_account", `Line ${index + 1}: ${account.code} ${account.name} is a group; post to one of its accounts.`, where);
    if (!account.isActive) throw new LedgerError("inactive_account", `Line ${index + 1}: ${account.code} ${account.name} is inactive.`, where);
    const kind = line.partyId ? kinds.get(line.partyId) : undefined;
    if (line.partyId && !kind) throw new LedgerError("unknown_party", `Line ${index + 1}: that customer or supplier does not exist in this organisation.`, where);
    if (account.partyKind && kind !== account.partyKind) {
      throw new LedgerError("party_required", `Line ${index + 1}: ${account.code} ${account.name} needs a ${account.partyKind}.`, where);
    }
  });

  const period = await openPeriodForPosting(tx, input.entryDate);
  const entryId = randomUUID();
  await tx.insert(journalLines).values(
    input.lines.map((line, index) => {
      const kind = line.partyId ? kinds.get(line.partyId) : undefined;
      return {
        tenantId: sql`app_tenant_id()`,
        entryId,
        lineNo: index + 1,
        accountId: line.accountId,
        customerId: kind === "customer" ? line.partyId : null,
        supplierId: kind === "supplier" ? line.partyId : null,
        debitMinor: line.debitMinor ?? 0n,
        creditMinor: line.creditMinor ?? 0n,
        currency,
        description: line.description?.trim() || null,
        entryDate: input.entryDate,
        dueDate: line.dueDate ?? (kind ? input.entryDate : null),
      };
    }),
  );

  // The contended rows (the series, the balances, then the audit head) are touched last, in one statement and
  // in a fixed order, so that concurrent postings hold them as briefly as possible and never deadlock.
  const year = Number(input.entryDate.slice(0, 4));
  const { accountRows, partyRows } = balanceMovements(input.lines, kinds);
  let number: string;
  try {
    const row = await queryRow<{ number: string }>(
      tx,
      sql`with series as (
          insert into number_series as s (tenant_id, key, year, last_value) values (app_tenant_id(), ${JOURNAL_SERIES}, ${year}, 1)
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
          insert into account_balances as b (tenant_id, account_id, period_start, debit_minor, credit_minor)
          select app_tenant_id(), m.account_id, ${period.startDate}::date, m.debit, m.credit
          from jsonb_to_recordset(${JSON.stringify(accountRows)}::jsonb) as m(account_id uuid, debit bigint, credit bigint)
          order by m.account_id
          on conflict (tenant_id, account_id, period_start) do update
            set debit_minor = b.debit_minor + excluded.debit_minor, credit_minor = b.credit_minor + excluded.credit_minor
        ),
        party_movements as (
          insert into party_balances as b (tenant_id, account_id, party_kind, party_id, period_start, debit_minor, credit_minor)
          select app_tenant_id(), m.account_id, m.party_kind, m.party_id, ${period.startDate}::date, m.debit, m.credit
          from jsonb_to_recordset(${JSON.stringify(partyRows)}::jsonb) as m(account_id uuid, party_kind text, party_id uuid, debit bigint, credit bigint)
          order by m.account_id, m.party_id
          on conflict (tenant_id, account_id, party_id, period_start) do update
            set debit_minor = b.debit_minor + excluded.debit_minor, credit_minor = b.credit_minor + excluded.credit_minor
        )
        select number from entry`,
    );
    number = row!.number;
  } catch (error) {
    if (postgresError(error)?.code === UNIQUE_VIOLATION && input.reversesEntryId) {
      throw new LedgerError("already_reversed", "That entry has been reversed already.");
    }
    throw error;
  }
  await recordAudit(tx, {
    action: "ledger.entry_posted",
    entityType: "journal_entry",
    entityId: entryId,
    after: {
      number,
      entryDate: input.entryDate,
      memo: input.memo,
      source: input.source,
      reversesEntryId: input.reversesEntryId ?? null,
      lines: input.lines.map((l) => ({ accountId: l.accountId, partyId: l.partyId ?? null, debit: l.debitMinor ?? 0n, credit: l.creditMinor ?? 0n })),
    },
  });
  return { id: entryId, number, entryDate: input.entryDate, totalMinor: total, currency };
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
  if (!/^[0-9a-f-]{36}$/i.test(entryId)) throw new LedgerError("unknown_entry", "That journal entry does not exist in this organisation.");
  const [entry] = await tx.select().from(journalEntries).where(eq(journalEntries.id, entryId));
  if (!entry) throw new LedgerError("unknown_entry", "That journal entry does not exist in this organisation.");
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
  if (entry.reversesEntryId) throw new LedgerError("reversal_of_reversal", `${entry.number} is itself a reversal; post a new entry instead.`);
  if (reversedBy) throw new LedgerError("already_reversed", `${entry.number} was reversed by ${reversedBy.number} already.`);
  const { timeZone } = await tenantCurrency(tx);
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
