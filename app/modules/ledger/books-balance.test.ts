import fc from "fast-check";
import { type SQL, sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/db.server";
import { customers, suppliers } from "~/modules/parties/schema";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner } from "~/test/factories";
import { addDays, monthStart } from "~/utils/dates";
import { listAccounts, type Account } from "./accounts.server";
import { AppError } from "~/modules/platform/errors";
import { post, type PostingInput } from "./posting.server";
import { agingReport } from "./reports/aging.server";
import { partyLedger } from "./reports/party-ledger.server";
import { trialBalance, trialBalanceBalances } from "./reports/trial-balance.server";

/*
 * Property: whatever is posted, the books balance. Random entries of 2 to 4 lines on random accounts of the
 * standard chart, with parties on receivable and payable lines, dated over 18 months, go through post(); some
 * are deliberately unbalanced and must be refused without a trace. After each run the balance tables (per month
 * and per day) must equal a recomputation from the journal lines and from what was posted, and the reports
 * that read them over a random range (trial balance, party statements, aging) must agree with the lines.
 */

const FIRST_DAY = "2025-01-01";
/** 2025-01-01 + 545 days = 2026-06-30: eighteen whole months. */
const LAST_DAY_OFFSET = 545;
const LAST_DAY = addDays(FIRST_DAY, LAST_DAY_OFFSET);

interface LineSpec {
  account: number;
  debit: boolean;
  /** For a debit line its amount; for a credit line its share of the debits. */
  amount: bigint;
  party: number;
  dueInDays: number | null;
}

interface EntrySpec {
  day: number;
  lines: LineSpec[];
  /** Added to the first line's amount: the entry then no longer balances and must be refused. */
  unbalanceBy: bigint | null;
}

const lineSpec: fc.Arbitrary<LineSpec> = fc.record({
  account: fc.nat(),
  debit: fc.boolean(),
  // Up to ten billion in major units: sums go far past 2^53, which only bigint arithmetic keeps exact.
  amount: fc.bigInt({ min: 3n, max: 10n ** 12n }),
  party: fc.nat(),
  dueInDays: fc.option(fc.integer({ min: -10, max: 120 }), { nil: null }),
});

const entrySpec: fc.Arbitrary<EntrySpec> = fc.record({
  day: fc.integer({ min: 0, max: LAST_DAY_OFFSET }),
  lines: fc.array(lineSpec, { minLength: 2, maxLength: 4 }),
  unbalanceBy: fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, { arbitrary: fc.bigInt({ min: 1n, max: 10n ** 6n }), weight: 1 }),
});

/** A sub-range for the trial balance, by day offsets, possibly starting and ending mid-month. */
const rangeSpec = fc.tuple(fc.integer({ min: -40, max: LAST_DAY_OFFSET + 40 }), fc.integer({ min: -40, max: LAST_DAY_OFFSET + 40 })).map(([a, b]) => (a <= b ? [a, b] : [b, a]));

interface Org {
  actor: TenantActor;
  accounts: Account[];
  customerIds: string[];
  supplierIds: string[];
}

async function newOrganisation(): Promise<Org> {
  const { actor } = await createOrganisationWithOwner();
  return withTenant(actor, async (tx) => {
    const customerRows = await tx
      .insert(customers)
      .values(["Ada Stores", "Brook Wholesale", "Cedar Market"].map((name) => ({ tenantId: sql`app_tenant_id()`, name })))
      .returning({ id: customers.id });
    const supplierRows = await tx
      .insert(suppliers)
      .values(["Delta Supply", "Elm Imports"].map((name) => ({ tenantId: sql`app_tenant_id()`, name })))
      .returning({ id: suppliers.id });
    const accounts = (await listAccounts(tx)).filter((a) => !a.isGroup && a.isActive);
    return { actor, accounts, customerIds: customerRows.map((r) => r.id), supplierIds: supplierRows.map((r) => r.id) };
  });
}

/** Turns a spec into a balanced posting (then unbalances it if the spec says so). */
function toPosting(spec: EntrySpec, index: number, org: Org): PostingInput {
  const sides = spec.lines.map((l) => l.debit);
  if (sides.every((s) => s === sides[0])) sides[sides.length - 1] = !sides[0];
  const total = spec.lines.reduce((sum, l, i) => (sides[i] ? sum + l.amount : sum), 0n);
  // Credits share the debit total in proportion to their amounts, each at least 1.
  const creditIndexes = spec.lines.map((_, i) => i).filter((i) => !sides[i]);
  const weight = creditIndexes.reduce((sum, i) => sum + spec.lines[i].amount, 0n);
  const amounts = spec.lines.map((l) => l.amount);
  let given = 0n;
  creditIndexes.forEach((i, k) => {
    amounts[i] = k === creditIndexes.length - 1 ? total - given : 1n + ((total - BigInt(creditIndexes.length)) * spec.lines[i].amount) / weight;
    given += amounts[i];
  });
  if (spec.unbalanceBy) amounts[0] += spec.unbalanceBy;
  const entryDate = addDays(FIRST_DAY, spec.day);
  return {
    entryDate,
    memo: `Property entry ${index + 1}`,
    source: { type: "manual" },
    lines: spec.lines.map((line, i) => {
      const account = org.accounts[line.account % org.accounts.length];
      const parties = account.partyKind === "customer" ? org.customerIds : account.partyKind === "supplier" ? org.supplierIds : null;
      return {
        accountId: account.id,
        ...(sides[i] ? { debitMinor: amounts[i] } : { creditMinor: amounts[i] }),
        partyId: parties ? parties[line.party % parties.length] : null,
        dueDate: parties && line.dueInDays !== null ? addDays(entryDate, line.dueInDays) : null,
      };
    }),
  };
}

type Totals = Map<string, { debit: bigint; credit: bigint }>;

function add(totals: Totals, key: string, debit: bigint, credit: bigint) {
  const t = totals.get(key) ?? { debit: 0n, credit: 0n };
  t.debit += debit;
  t.credit += credit;
  totals.set(key, t);
}

/** Sorted [key, debit, credit] rows, to compare maps and query results exactly. */
function rowsOf(totals: Totals): [string, string, string][] {
  return [...totals.entries()].map(([k, t]) => [k, t.debit.toString(), t.credit.toString()] as [string, string, string]).sort(([a], [b]) => (a < b ? -1 : 1));
}

async function sqlRows(tx: Tx, query: ReturnType<typeof sql>): Promise<[string, string, string][]> {
  const rows = await queryRows<{ key: string; debit: string; credit: string }>(tx, query);
  return rows.map((r) => [r.key, String(r.debit), String(r.credit)] as [string, string, string]).sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * Balance rows of one granularity (`accountRows`, `partyRows`: key, debit, credit) equal the journal lines
 * regrouped by `ofLine` (a line's month or day), and the model of what was posted.
 */
async function expectBalancesOfLines(tx: Tx, balances: { accountRows: SQL; partyRows: SQL; ofLine: SQL }, model: { accounts: Totals; parties: Totals }) {
  const accountBalances = await sqlRows(tx, balances.accountRows);
  const fromLines = await sqlRows(
    tx,
    sql`select account_id || '|' || ${balances.ofLine}::text as key, sum(debit_minor)::text as debit, sum(credit_minor)::text as credit
      from journal_lines group by account_id, ${balances.ofLine}`,
  );
  expect(accountBalances).toEqual(fromLines);
  expect(accountBalances).toEqual(rowsOf(model.accounts));

  const partyBalances = await sqlRows(tx, balances.partyRows);
  const partyFromLines = await sqlRows(
    tx,
    sql`select account_id || '|' || coalesce(customer_id, supplier_id) || '|' || ${balances.ofLine}::text as key,
        sum(debit_minor)::text as debit, sum(credit_minor)::text as credit
      from journal_lines where customer_id is not null or supplier_id is not null
      group by account_id, coalesce(customer_id, supplier_id), ${balances.ofLine}`,
  );
  expect(partyBalances).toEqual(partyFromLines);
  expect(partyBalances).toEqual(rowsOf(model.parties));
}

/** The days of the month rows of `table` that hold something, as keys `prefix|date` (prefix: the columns before the month). */
function dayRowsOf(table: SQL, prefix: SQL): SQL {
  return sql`select ${prefix} || '|' || (b.period_start + (d.day - 1)::int)::text as key, d.debit::text as debit, d.credit::text as credit
    from ${table} b cross join lateral unnest(b.day_debits, b.day_credits) with ordinality as d(debit, credit, day)
    where d.debit <> 0 or d.credit <> 0`;
}

describe("the books always balance", () => {
  it("keeps balances equal to the lines and to what was posted, refuses unbalanced entries, and the trial balance agrees", { timeout: 300_000 }, async () => {
    let postedInTotal = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entrySpec, { minLength: 110, maxLength: 140 }), rangeSpec, async (specs, [rangeFrom, rangeTo]) => {
        const org = await newOrganisation();
        // What the books must hold, computed here from the postings that were accepted.
        const perAccountMonth: Totals = new Map();
        const perPartyMonth: Totals = new Map();
        const perAccountDay: Totals = new Map();
        const perPartyDay: Totals = new Map();
        const perAccountInRange: Totals = new Map();
        const openingBefore = new Map<string, bigint>();
        const from = addDays(FIRST_DAY, rangeFrom);
        const to = addDays(FIRST_DAY, rangeTo);
        let accepted = 0;
        let acceptedLines = 0;
        const perYear = new Map<string, number>();

        for (const [index, spec] of specs.entries()) {
          const input = toPosting(spec, index, org);
          if (spec.unbalanceBy) {
            const refusal = await withTenant(org.actor, (tx) => post(tx, input)).then(
              () => null,
              (error: unknown) => error,
            );
            expect(refusal).toBeInstanceOf(AppError);
            expect((refusal as AppError).reason).toBe("unbalanced");
            continue;
          }
          const entry = await withTenant(org.actor, (tx) => post(tx, input));
          accepted += 1;
          acceptedLines += input.lines.length;
          const year = input.entryDate.slice(0, 4);
          perYear.set(year, (perYear.get(year) ?? 0) + 1);
          expect(entry.number).toBe(`JE-${year}-${String(perYear.get(year)).padStart(6, "0")}`);
          const month = monthStart(input.entryDate);
          for (const line of input.lines) {
            const debit = line.debitMinor ?? 0n;
            const credit = line.creditMinor ?? 0n;
            add(perAccountMonth, `${line.accountId}|${month}`, debit, credit);
            add(perAccountDay, `${line.accountId}|${input.entryDate}`, debit, credit);
            if (line.partyId) {
              add(perPartyMonth, `${line.accountId}|${line.partyId}|${month}`, debit, credit);
              add(perPartyDay, `${line.accountId}|${line.partyId}|${input.entryDate}`, debit, credit);
            }
            if (input.entryDate < from) openingBefore.set(line.accountId, (openingBefore.get(line.accountId) ?? 0n) + debit - credit);
            else if (input.entryDate <= to) add(perAccountInRange, line.accountId, debit, credit);
          }
        }
        postedInTotal += accepted;

        await withTenant(org.actor, async (tx) => {
          // Nothing of a refused entry is left: exactly the accepted entries, their lines and their audit events.
          const [counts] = await queryRows<{ entries: string; lines: string; audited: string }>(
            tx,
            sql`select (select count(*) from journal_entries) as entries, (select count(*) from journal_lines) as lines,
              (select count(*) from audit_events where action = 'ledger.entry_posted') as audited`,
          );
          expect([Number(counts.entries), Number(counts.lines), Number(counts.audited)]).toEqual([accepted, acceptedLines, accepted]);

          // Gapless numbers per year, and the series where they stopped.
          const numbers = await queryRows<{ count: string; max_seq: string; last_value: string | null }>(
            tx,
            sql`select y.count, y.max_seq, s.last_value
              from (select substr(number, 4, 4)::int as year, count(*) as count, max(substr(number, 9)::int) as max_seq
                    from journal_entries group by 1) y
              left join number_series s on s.key = 'JE' and s.year = y.year`,
          );
          for (const n of numbers) expect([Number(n.max_seq), Number(n.last_value)]).toEqual([Number(n.count), Number(n.count)]);

          // (1) Debits equal credits over all account balances.
          const [sums] = await queryRows<{ debit: string | null; credit: string | null }>(tx, sql`select sum(debit_minor)::text as debit, sum(credit_minor)::text as credit from account_balances`);
          expect(sums.debit).toBe(sums.credit);

          // (2) Account balances per month, and per day within each month row, equal the lines regrouped and
          // what was posted; (3) party balances likewise.
          await expectBalancesOfLines(
            tx,
            {
              accountRows: sql`select account_id || '|' || period_start::text as key, debit_minor::text as debit, credit_minor::text as credit from account_balances`,
              partyRows: sql`select account_id || '|' || party_id || '|' || period_start::text as key, debit_minor::text as debit, credit_minor::text as credit from party_balances`,
              ofLine: sql`date_trunc('month', entry_date)::date`,
            },
            { accounts: perAccountMonth, parties: perPartyMonth },
          );
          await expectBalancesOfLines(
            tx,
            {
              accountRows: dayRowsOf(sql`account_balances`, sql`b.account_id`),
              partyRows: dayRowsOf(sql`party_balances`, sql`b.account_id || '|' || b.party_id`),
              ofLine: sql`entry_date`,
            },
            { accounts: perAccountDay, parties: perPartyDay },
          );
          // A row's days add up to its month, and the days a month does not have hold nothing.
          const inconsistent = await queryRows(
            tx,
            sql`select 1 from (select period_start, debit_minor, credit_minor, day_debits, day_credits from account_balances
                  union all select period_start, debit_minor, credit_minor, day_debits, day_credits from party_balances) b
                where b.debit_minor <> (select sum(v) from unnest(b.day_debits) v) or b.credit_minor <> (select sum(v) from unnest(b.day_credits) v)
                  or exists (select 1 from unnest(b.day_debits, b.day_credits) with ordinality as d(debit, credit, day)
                    where b.period_start + (d.day - 1)::int >= (b.period_start + interval '1 month')::date and (d.debit <> 0 or d.credit <> 0))`,
          );
          expect(inconsistent).toEqual([]);
          const wrongKinds = await queryRows(
            tx,
            sql`select 1 from party_balances b where (b.party_kind = 'customer') <> exists (select 1 from customers c where c.id = b.party_id)`,
          );
          expect(wrongKinds).toEqual([]);

          // (4) The trial balance over the whole range nets to zero and each row is its account's lines.
          const whole = await trialBalance(tx, { from: FIRST_DAY, to: LAST_DAY });
          expect(trialBalanceBalances(whole.totals)).toBe(true);
          const perAccount: Totals = new Map();
          for (const [key, t] of perAccountMonth) add(perAccount, key.split("|")[0], t.debit, t.credit);
          expect(whole.rows.map((r) => [r.accountId, r.openingMinor, r.debitMinor, r.creditMinor, r.closingMinor]).sort()).toEqual(
            [...perAccount.entries()].filter(([, t]) => t.debit !== 0n || t.credit !== 0n).map(([id, t]) => [id, 0n, t.debit, t.credit, t.debit - t.credit]).sort(),
          );

          // And over a random range, edges mid-month: opening before it, movements within it.
          const part = await trialBalance(tx, { from, to });
          expect(trialBalanceBalances(part.totals)).toBe(true);
          const expected = new Map<string, [bigint, bigint, bigint]>();
          for (const [id, opening] of openingBefore) expected.set(id, [opening, 0n, 0n]);
          for (const [id, t] of perAccountInRange) {
            const [opening] = expected.get(id) ?? [0n];
            expected.set(id, [opening, t.debit, t.credit]);
          }
          expect(part.rows.map((r) => [r.accountId, r.openingMinor, r.debitMinor, r.creditMinor]).sort()).toEqual(
            [...expected.entries()].filter(([, [o, d, c]]) => o !== 0n || d !== 0n || c !== 0n).map(([id, [o, d, c]]) => [id, o, d, c]).sort(),
          );

          // (5) Each party's statement over the random range: opening before it, movements within it, from the lines.
          for (const partyId of [...org.customerIds, ...org.supplierIds]) {
            const statement = await partyLedger(tx, { partyId, from, to, pageSize: 1 });
            const [fromLines] = await queryRows<{ opening: string; debit: string; credit: string }>(
              tx,
              sql`select coalesce(sum(debit_minor - credit_minor) filter (where entry_date < ${from}::date), 0)::text as opening,
                  coalesce(sum(debit_minor) filter (where entry_date >= ${from}::date and entry_date <= ${to}::date), 0)::text as debit,
                  coalesce(sum(credit_minor) filter (where entry_date >= ${from}::date and entry_date <= ${to}::date), 0)::text as credit
                from journal_lines where coalesce(customer_id, supplier_id) = ${partyId}`,
            );
            expect([statement.openingMinor, statement.debitMinor, statement.creditMinor]).toEqual([BigInt(fromLines.opening), BigInt(fromLines.debit), BigInt(fromLines.credit)]);
          }

          // (6) The aging as of the range's end: what each party owes (or is owed) on its kind's accounts up to that day.
          for (const kind of ["customer", "supplier"] as const) {
            const aging = await agingReport(tx, { asOf: to, kind });
            const owed = await queryRows<{ party_id: string; outstanding: string }>(
              tx,
              sql`select coalesce(l.customer_id, l.supplier_id)::text as party_id,
                  sum(${kind === "customer" ? sql`l.debit_minor - l.credit_minor` : sql`l.credit_minor - l.debit_minor`})::text as outstanding
                from journal_lines l join accounts a on a.id = l.account_id and a.party_kind = ${kind}
                where l.entry_date <= ${to}::date and coalesce(l.customer_id, l.supplier_id) is not null
                group by 1 having sum(l.debit_minor - l.credit_minor) <> 0`,
            );
            expect(aging.rows.map((r) => [r.partyId, r.totalMinor]).sort()).toEqual(owed.map((r) => [r.party_id, BigInt(r.outstanding)]).sort());
            for (const row of aging.rows) {
              expect(row.currentMinor + row.days1to30Minor + row.days31to60Minor + row.days61to90Minor + row.over90Minor).toBe(row.totalMinor);
            }
          }
        });
      }),
      { numRuns: 10, interruptAfterTimeLimit: 220_000, markInterruptAsFailure: true },
    );
    // Thousands of postings in all, not a handful.
    expect(postedInTotal).toBeGreaterThan(900);
  });
});
