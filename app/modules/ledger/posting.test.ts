import { eq, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { databaseRefusal } from "~/test/expect-database";
import { createOrganisationWithOwner } from "~/test/factories";
import { findAccountByRole, listAccounts } from "./accounts.server";
import { appRefusal } from "~/test/expect-refusal";
import { lockPeriod } from "./periods.server";
import { post, reverse } from "./posting.server";
import { accountBalances, journalEntries, journalLines } from "./schema";

async function setup() {
  const org = await createOrganisationWithOwner();
  const { cash, sales, rent } = await withTenant(org.actor, async (tx) => ({
    cash: (await findAccountByRole(tx, "cash"))!,
    sales: (await findAccountByRole(tx, "sales"))!,
    rent: (await listAccounts(tx)).find((a) => a.code === "6200")!,
  }));
  return { ...org, cash, sales, rent };
}

describe("posting", () => {
  it("numbers the entry, writes its lines and keeps the balances", async () => {
    const { actor, cash, sales } = await setup();
    const entry = await withTenant(actor, (tx) =>
      post(tx, {
        entryDate: "2026-03-15",
        memo: "Cash sale",
        source: { type: "manual" },
        lines: [
          { accountId: cash.id, debitMinor: 12050n },
          { accountId: sales.id, creditMinor: 12050n },
        ],
      }),
    );
    expect(entry.number).toBe("JE-2026-000001");
    const balances = await withTenant(actor, (tx) => tx.select().from(accountBalances));
    expect(balances.map((b) => [b.accountId, b.periodStart, b.debitMinor, b.creditMinor]).sort()).toEqual(
      [
        [cash.id, "2026-03-01", 12050n, 0n],
        [sales.id, "2026-03-01", 0n, 12050n],
      ].sort(),
    );
  });

  it("refuses an unbalanced, one-sided or empty entry and writes nothing", async () => {
    const { actor, cash, sales } = await setup();
    const unbalanced = await appRefusal(
      withTenant(actor, (tx) =>
        post(tx, { entryDate: "2026-03-15", memo: "x", source: { type: "manual" }, lines: [{ accountId: cash.id, debitMinor: 1000n }, { accountId: sales.id, creditMinor: 990n }] }),
      ),
    );
    expect(unbalanced.reason).toBe("unbalanced");
    expect(unbalanced.message).toContain("Debits exceed credits by 0.10 EUR");
    expect((await appRefusal(withTenant(actor, (tx) => post(tx, { entryDate: "2026-03-15", memo: "x", source: { type: "manual" }, lines: [] })))).reason).toBe("empty");
    expect(
      (await appRefusal(withTenant(actor, (tx) => post(tx, { entryDate: "2026-03-15", memo: "x", source: { type: "manual" }, lines: [{ accountId: cash.id, debitMinor: 5n, creditMinor: 5n }, { accountId: sales.id }] })))).reason,
    ).toBe("line_amount");
    expect(await withTenant(actor, (tx) => tx.select().from(journalEntries))).toEqual([]);
  });

  it("refuses another organisation's account as unknown", async () => {
    const a = await setup();
    const b = await setup();
    const refusal = await appRefusal(
      withTenant(a.actor, (tx) =>
        post(tx, { entryDate: "2026-03-15", memo: "x", source: { type: "manual" }, lines: [{ accountId: a.cash.id, debitMinor: 100n }, { accountId: b.sales.id, creditMinor: 100n }] }),
      ),
    );
    expect(refusal.reason).toBe("unknown_account");
  });

  it("refuses a locked period", async () => {
    const { actor, cash, sales } = await setup();
    await withTenant(actor, (tx) => lockPeriod(tx, "2026-02-01", actor.userId));
    const refusal = await appRefusal(
      withTenant(actor, (tx) =>
        post(tx, { entryDate: "2026-02-10", memo: "x", source: { type: "manual" }, lines: [{ accountId: cash.id, debitMinor: 100n }, { accountId: sales.id, creditMinor: 100n }] }),
      ),
    );
    expect(refusal.reason).toBe("period_locked");
  });

  it("reverses an entry once, with sides swapped", async () => {
    const { actor, cash, rent } = await setup();
    const original = await withTenant(actor, (tx) =>
      post(tx, { entryDate: "2026-04-01", memo: "Rent", source: { type: "manual" }, lines: [{ accountId: rent.id, debitMinor: 50000n }, { accountId: cash.id, creditMinor: 50000n }] }),
    );
    const reversal = await withTenant(actor, (tx) => reverse(tx, original.id, { entryDate: "2026-04-02" }));
    expect(reversal.number).toBe("JE-2026-000002");
    const lines = await withTenant(actor, (tx) => tx.select().from(journalLines).where(eq(journalLines.entryId, reversal.id)));
    expect(lines.map((l) => [l.accountId, l.debitMinor, l.creditMinor]).sort()).toEqual([[rent.id, 0n, 50000n], [cash.id, 50000n, 0n]].sort());
    expect((await appRefusal(withTenant(actor, (tx) => reverse(tx, original.id)))).reason).toBe("already_reversed");
    expect((await appRefusal(withTenant(actor, (tx) => reverse(tx, reversal.id)))).reason).toBe("reversal_of_reversal");
  });
});

describe("the database guards the books by itself", () => {
  it("refuses UPDATE and DELETE of posted entries and lines, even for the table owner", async () => {
    const { actor, cash, sales } = await setup();
    const entry = await withTenant(actor, (tx) =>
      post(tx, { entryDate: "2026-05-01", memo: "x", source: { type: "manual" }, lines: [{ accountId: cash.id, debitMinor: 100n }, { accountId: sales.id, creditMinor: 100n }] }),
    );
    expect(await databaseRefusal(db().execute(sql`update journal_lines set debit_minor = 999 where entry_id = ${entry.id} and line_no = 1`))).toMatch(/immutable/);
    expect(await databaseRefusal(db().execute(sql`delete from journal_lines where entry_id = ${entry.id}`))).toMatch(/immutable/);
    expect(await databaseRefusal(db().execute(sql`update journal_entries set memo = 'changed' where id = ${entry.id}`))).toMatch(/immutable/);
    expect(await databaseRefusal(db().execute(sql`truncate journal_lines cascade`))).toMatch(/TRUNCATE refused/);
    expect(await databaseRefusal(withTenant(actor, (tx) => tx.execute(sql`update journal_lines set debit_minor = 999 where entry_id = ${entry.id}`)))).toMatch(/permission denied/);
  });

  it("refuses at commit an entry whose lines do not balance, however it was written", async () => {
    const { actor, organisation, cash, sales } = await setup();
    const refusal = await databaseRefusal(
      withTenant(actor, async (tx) => {
        await tx.execute(sql`insert into journal_lines (tenant_id, entry_id, line_no, account_id, debit_minor, credit_minor, currency, entry_date) values
          (${organisation.id}, '00000000-0000-0000-0000-0000000000e1', 1, ${cash.id}, 100, 0, 'EUR', '2026-05-02'),
          (${organisation.id}, '00000000-0000-0000-0000-0000000000e1', 2, ${sales.id}, 0, 90, 'EUR', '2026-05-02')`);
        await tx.execute(sql`insert into journal_entries (tenant_id, id, number, entry_date, memo, source_type, currency, total_minor)
          values (${organisation.id}, '00000000-0000-0000-0000-0000000000e1', 'HAND-1', '2026-05-02', 'by hand', 'manual', 'EUR', 100)`);
      }),
    );
    expect(refusal).toMatch(/does not balance/);
    expect(await withTenant(actor, (tx) => tx.select().from(journalEntries))).toEqual([]);
  });

  it("refuses a line added to a posted entry, which would unbalance it", async () => {
    const { actor, organisation, cash, sales } = await setup();
    const entry = await withTenant(actor, (tx) =>
      post(tx, { entryDate: "2026-05-03", memo: "x", source: { type: "manual" }, lines: [{ accountId: cash.id, debitMinor: 100n }, { accountId: sales.id, creditMinor: 100n }] }),
    );
    const refusal = await databaseRefusal(
      withTenant(actor, (tx) =>
        tx.execute(sql`insert into journal_lines (tenant_id, entry_id, line_no, account_id, debit_minor, credit_minor, currency, entry_date)
          values (${organisation.id}, ${entry.id}, 3, ${cash.id}, 50, 0, 'EUR', '2026-05-03')`),
      ),
    );
    expect(refusal).toMatch(/lines cannot be added/);
  });

  it("refuses an entry with no lines at commit", async () => {
    const { actor, organisation } = await setup();
    const refusal = await databaseRefusal(
      withTenant(actor, (tx) =>
        tx.execute(sql`insert into journal_entries (tenant_id, number, entry_date, memo, source_type, currency, total_minor)
          values (${organisation.id}, 'HAND-3', '2026-05-04', 'empty', 'manual', 'EUR', 0)`),
      ),
    );
    expect(refusal).toMatch(/at least two lines/);
  });

  it("refuses an entry dated in a locked period even when written by hand", async () => {
    const { actor, organisation } = await setup();
    await withTenant(actor, (tx) => lockPeriod(tx, "2026-01-01", actor.userId));
    const refusal = await databaseRefusal(
      withTenant(actor, (tx) =>
        tx.execute(sql`insert into journal_entries (tenant_id, number, entry_date, memo, source_type, currency, total_minor)
          values (${organisation.id}, 'HAND-2', '2026-01-20', 'by hand', 'manual', 'EUR', 0)`),
      ),
    );
    expect(refusal).toMatch(/is locked/);
  });
});

describe("concurrent posting", () => {
  it("gives 20 simultaneous postings 20 distinct, gapless numbers", async () => {
    const { actor, cash, sales } = await setup();
    const entries = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTenant(actor, (tx) =>
          post(tx, { entryDate: "2026-06-10", memo: `Sale ${i}`, source: { type: "manual" }, lines: [{ accountId: cash.id, debitMinor: BigInt(100 + i) }, { accountId: sales.id, creditMinor: BigInt(100 + i) }] }),
        ),
      ),
    );
    const numbers = entries.map((e) => e.number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `JE-2026-${String(i + 1).padStart(6, "0")}`));
    const [balance] = await withTenant(actor, (tx) => tx.select().from(accountBalances).where(eq(accountBalances.accountId, cash.id)));
    expect(balance.debitMinor).toBe(BigInt(20 * 100 + (19 * 20) / 2));
  });
});
