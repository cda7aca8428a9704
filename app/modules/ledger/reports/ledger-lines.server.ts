import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { type ExportColumn, type ExportTable, type InTransaction, pagedRows } from "~/utils/export";
import { toDecimalString } from "~/utils/money";
import type { PartyKind } from "../schema";
import { decodeCursor, encodeCursor, type LedgerCursor } from "./cursor";
import type { DateRange } from "./filters";
import { balanceThrough, big, lineScopeFilter, type Movement, type Scope, summarise, totalOf } from "./movements.server";
import { organisationSettings } from "../posting.server";
import { partyNameOf } from "~/modules/parties/parties.server";

/*
 * The lines of a ledger (one account's, or one party's across its accounts) in ledger order, with a running
 * balance: a page at a time for the pages (keyset paging, so any page costs what it shows), or all of them as
 * an export that reads them page by page while the download is written. The general ledger and the party
 * ledger are this one thing with another scope, sign and column.
 */

export const LEDGER_PAGE_SIZE = 100;

export interface LedgerLine {
  entryId: string;
  entryNumber: string;
  entryDate: string;
  lineNo: number;
  memo: string;
  description: string | null;
  accountId: string;
  accountCode: string;
  accountName: string;
  partyId: string | null;
  partyName: string | null;
  partyKind: PartyKind | null;
  debitMinor: bigint;
  creditMinor: bigint;
  /** The balance after this line, signed with debits positive. */
  balanceMinor: bigint;
}

export interface LedgerPage {
  currency: string;
  from: string;
  to: string;
  /** Balance before `from`, debits and credits within the range, balance at the end of `to`; debit positive. */
  openingMinor: bigint;
  debitMinor: bigint;
  creditMinor: bigint;
  closingMinor: bigint;
  /** The balance before the first line of this page (the opening balance on the first page). */
  pageOpeningMinor: bigint;
  lines: LedgerLine[];
  /** Where the next page starts, or null on the last page. */
  nextCursor: string | null;
  /** Whether this page is the first of the range. */
  firstPage: boolean;
}

export interface LedgerOptions extends DateRange {
  /** From a previous page's nextCursor. */
  cursor?: string | null;
  /** Lines per page (at most 5000); null for every line of the range. */
  pageSize?: number | null;
}

type LineRow = Omit<LedgerLine, "balanceMinor">;

const cursorOf = (line: LineRow): LedgerCursor => ({ date: line.entryDate, number: line.entryNumber, lineNo: line.lineNo });

/** The lines in scope within the range, after `after` in ledger order (entry date, entry number, line), at most `limit`. */
async function linesAfter(tx: Tx, scope: Scope, range: DateRange, after: LedgerCursor | null, limit: number | null): Promise<LineRow[]> {
  const rows = await queryRows<{
    entry_id: string;
    number: string;
    entry_date: string;
    line_no: number;
    memo: string;
    description: string | null;
    debit: string;
    credit: string;
    account_id: string;
    account_code: string;
    account_name: string;
    customer_id: string | null;
    supplier_id: string | null;
    party_name: string | null;
  }>(
    tx,
    sql`select l.entry_id, e.number, l.entry_date::text as entry_date, l.line_no, e.memo, l.description,
          l.debit_minor::text as debit, l.credit_minor::text as credit,
          l.account_id, a.code as account_code, a.name as account_name,
          l.customer_id, l.supplier_id,
          case when l.customer_id is not null then ${partyNameOf("customer", sql`l.customer_id`)}
               when l.supplier_id is not null then ${partyNameOf("supplier", sql`l.supplier_id`)} end as party_name
        from journal_lines l
        join journal_entries e on e.tenant_id = l.tenant_id and e.id = l.entry_id
        join accounts a on a.tenant_id = l.tenant_id and a.id = l.account_id
        where ${lineScopeFilter(scope)}
          and l.entry_date >= ${range.from}::date and l.entry_date <= ${range.to}::date
          ${after ? sql`and l.entry_date >= ${after.date}::date and (l.entry_date, e.number, l.line_no) > (${after.date}::date, ${after.number}::text, ${after.lineNo}::int)` : sql``}
        order by l.entry_date, e.number, l.line_no
        ${limit === null ? sql`` : sql`limit ${limit}`}`,
  );
  return rows.map((r) => ({
    entryId: r.entry_id,
    entryNumber: r.number,
    entryDate: r.entry_date,
    lineNo: Number(r.line_no),
    memo: r.memo,
    description: r.description,
    accountId: r.account_id,
    accountCode: r.account_code,
    accountName: r.account_name,
    partyId: r.customer_id ?? r.supplier_id,
    partyName: r.customer_id || r.supplier_id ? (r.party_name ?? "(not visible)") : null,
    partyKind: r.customer_id ? "customer" : r.supplier_id ? "supplier" : null,
    debitMinor: big(r.debit),
    creditMinor: big(r.credit),
  }));
}

/** One page of a ledger with its running balance, and the range's movements per account (for summaries). */
export async function ledgerPage(tx: Tx, scope: Scope, range: DateRange, options: LedgerOptions): Promise<{ page: LedgerPage; movements: Map<string, Movement> }> {
  const { from, to } = range;
  const { currency } = await organisationSettings(tx);
  const movements = await summarise(tx, range, scope);
  const { openingMinor, debitMinor, creditMinor } = totalOf(movements);
  let cursor = decodeCursor(options.cursor);
  if (cursor && cursor.date < from) cursor = null;
  const pageSize = options.pageSize === null ? null : Math.max(1, Math.min(options.pageSize ?? LEDGER_PAGE_SIZE, 5000));
  const pageOpeningMinor = cursor ? await balanceThrough(tx, scope, cursor) : openingMinor;
  const rows = await linesAfter(tx, scope, range, cursor, pageSize === null ? null : pageSize + 1);
  const more = pageSize !== null && rows.length > pageSize;
  let balance = pageOpeningMinor;
  const lines = (more ? rows.slice(0, pageSize!) : rows).map((row) => {
    balance += row.debitMinor - row.creditMinor;
    return { ...row, balanceMinor: balance };
  });
  const last = lines.at(-1);
  return {
    movements,
    page: {
      currency,
      from,
      to,
      openingMinor,
      debitMinor,
      creditMinor,
      closingMinor: openingMinor + debitMinor - creditMinor,
      pageOpeningMinor,
      lines,
      nextCursor: more && last ? encodeCursor(cursorOf(last)) : null,
      firstPage: cursor === null,
    },
  };
}

/** A record of a ledger's export: the opening balance, each line, the closing balance with the totals. */
export interface LedgerExportRow {
  date: string;
  entry: string;
  account: string;
  memo: string;
  description: string;
  party: string;
  debitMinor: bigint | null;
  creditMinor: bigint | null;
  balanceMinor: bigint;
}

/** How a ledger is written out: in whose sign its balance reads, and whether it names each line's account or party. */
export interface LedgerExportShape {
  /** Multiplies the debit-positive balance (naturalSign of the account, partySign of the party). */
  sign: 1n | -1n;
  /** Each line's account (a party's statement) rather than its party (an account's ledger). */
  withAccount: boolean;
}

function ledgerColumns(currency: string, shape: LedgerExportShape): Array<ExportColumn<LedgerExportRow>> {
  const amount = (minor: bigint | null) => (minor === null ? "" : toDecimalString(minor, currency));
  return [
    { header: "Date", value: (r) => r.date },
    { header: "Entry", value: (r) => r.entry },
    ...(shape.withAccount ? [{ header: "Account", value: (r: LedgerExportRow) => r.account }] : []),
    { header: "Memo", value: (r) => r.memo },
    { header: "Description", value: (r) => r.description },
    ...(shape.withAccount ? [] : [{ header: "Party", value: (r: LedgerExportRow) => r.party }]),
    { header: "Debit", numeric: true, value: (r) => amount(r.debitMinor) },
    { header: "Credit", numeric: true, value: (r) => amount(r.creditMinor) },
    { header: shape.sign === 1n ? "Balance (debit positive)" : "Balance (credit positive)", numeric: true, value: (r) => amount(shape.sign * r.balanceMinor) },
  ];
}

/**
 * Every line of the range between an opening and a closing record, read a page at a time (each page in its
 * own transaction) while the export is written. The opening comes from the balances when the export starts;
 * the running balance and the closing totals are summed from the lines as they are written, so the file
 * always adds up, even when an entry is posted into the range during a long download.
 */
export async function ledgerExport(
  inTransaction: InTransaction,
  scope: Scope,
  range: DateRange,
  shape: LedgerExportShape,
): Promise<ExportTable<LedgerExportRow>> {
  const { currency, opening } = await inTransaction(async (tx) => ({
    currency: (await organisationSettings(tx)).currency,
    opening: totalOf(await summarise(tx, range, scope)).openingMinor,
  }));
  async function* rows(): AsyncGenerator<LedgerExportRow> {
    yield { date: range.from, entry: "", account: "", memo: "Opening balance", description: "", party: "", debitMinor: null, creditMinor: null, balanceMinor: opening };
    let balance = opening;
    let debits = 0n;
    let credits = 0n;
    const lines = pagedRows(inTransaction, (tx, after: LedgerCursor | null, limit) => linesAfter(tx, scope, range, after, limit), cursorOf);
    for await (const line of lines) {
      balance += line.debitMinor - line.creditMinor;
      debits += line.debitMinor;
      credits += line.creditMinor;
      yield {
        date: line.entryDate,
        entry: line.entryNumber,
        account: `${line.accountCode} ${line.accountName}`,
        memo: line.memo,
        description: line.description ?? "",
        party: line.partyName ?? "",
        debitMinor: line.debitMinor,
        creditMinor: line.creditMinor,
        balanceMinor: balance,
      };
    }
    yield { date: range.to, entry: "", account: "", memo: "Closing balance", description: "", party: "", debitMinor: debits, creditMinor: credits, balanceMinor: balance };
  }
  return { columns: ledgerColumns(currency, shape), rows: rows() };
}
