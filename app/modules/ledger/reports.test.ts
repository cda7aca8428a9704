import { sql } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { customers, suppliers } from "~/modules/parties/schema";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner } from "~/test/factories";
import { createAccount, listAccounts } from "./accounts.server";
import { appRefusal } from "~/test/expect-refusal";
import { post, type PostingLine } from "./posting.server";
import { agingReport, agingTable } from "./reports/aging.server";
import { balanceSheet, balanceSheetTable } from "./reports/balance-sheet.server";
import { readReportFilter } from "./reports/filters";
import { generalLedger, generalLedgerExport } from "./reports/general-ledger.server";
import { partyLedger } from "./reports/party-ledger.server";
import { profitAndLoss, profitAndLossTable } from "./reports/profit-and-loss.server";
import { trialBalance, trialBalanceTable } from "./reports/trial-balance.server";
import { csvText } from "~/utils/csv";
import { rethrowAsResponse } from "~/utils/errors.server";

type Books = Awaited<ReturnType<typeof setup>>;

async function setup() {
  const org = await createOrganisationWithOwner();
  const accounts = await withTenant(org.actor, (tx) => listAccounts(tx));
  const byCode = (code: string) => accounts.find((a) => a.code === code)!.id;
  return {
    ...org,
    cash: byCode("1100"),
    bank: byCode("1200"),
    receivable: byCode("1300"),
    payable: byCode("2100"),
    capital: byCode("3100"),
    sales: byCode("4100"),
    otherIncome: byCode("4200"),
    cogs: byCode("5100"),
    rent: byCode("6200"),
    utilities: byCode("6300"),
  };
}

async function entry(actor: TenantActor, entryDate: string, lines: PostingLine[], memo = "Entry") {
  return withTenant(actor, (tx) => post(tx, { entryDate, memo, source: { type: "manual" }, lines }));
}

async function customer(actor: TenantActor, name: string): Promise<string> {
  return withTenant(actor, async (tx: Tx) => {
    const [row] = await tx.insert(customers).values({ tenantId: sql`app_tenant_id()`, name }).returning({ id: customers.id });
    return row.id;
  });
}

async function supplier(actor: TenantActor, name: string): Promise<string> {
  return withTenant(actor, async (tx: Tx) => {
    const [row] = await tx.insert(suppliers).values({ tenantId: sql`app_tenant_id()`, name }).returning({ id: suppliers.id });
    return row.id;
  });
}

/** Cash sales and rent spread over February to April 2026, with dates chosen on both sides of the range edges. */
async function postSpreadOfEntries(b: Books) {
  await entry(b.actor, "2026-01-05", [{ accountId: b.cash, debitMinor: 100000n }, { accountId: b.capital, creditMinor: 100000n }], "Capital");
  await entry(b.actor, "2026-02-03", [{ accountId: b.cash, debitMinor: 1000n }, { accountId: b.sales, creditMinor: 1000n }]);
  await entry(b.actor, "2026-02-14", [{ accountId: b.cash, debitMinor: 2000n }, { accountId: b.sales, creditMinor: 2000n }]);
  await entry(b.actor, "2026-02-15", [{ accountId: b.rent, debitMinor: 300n }, { accountId: b.cash, creditMinor: 300n }]);
  await entry(b.actor, "2026-02-28", [{ accountId: b.cash, debitMinor: 4000n }, { accountId: b.sales, creditMinor: 4000n }]);
  await entry(b.actor, "2026-03-10", [{ accountId: b.cash, debitMinor: 8000n }, { accountId: b.sales, creditMinor: 8000n }]);
  await entry(b.actor, "2026-04-01", [{ accountId: b.rent, debitMinor: 500n }, { accountId: b.cash, creditMinor: 500n }]);
  await entry(b.actor, "2026-04-20", [{ accountId: b.cash, debitMinor: 16000n }, { accountId: b.sales, creditMinor: 16000n }]);
  await entry(b.actor, "2026-04-21", [{ accountId: b.cash, debitMinor: 32000n }, { accountId: b.sales, creditMinor: 32000n }]);
  await entry(b.actor, "2026-05-02", [{ accountId: b.cash, debitMinor: 64000n }, { accountId: b.sales, creditMinor: 64000n }]);
}

describe("trial balance", () => {
  it("takes whole months from the balances and the edge days from the lines", async () => {
    const b = await setup();
    await postSpreadOfEntries(b);
    const tb = await withTenant(b.actor, (tx) => trialBalance(tx, { from: "2026-02-14", to: "2026-04-20" }));
    expect(tb.currency).toBe("EUR");
    const row = (id: string) => tb.rows.find((r) => r.accountId === id)!;
    // Opening: capital and the sale of 3 February; the sale of 14 February is in the range.
    expect(row(b.cash)).toMatchObject({ code: "1100", openingMinor: 101000n, debitMinor: 2000n + 4000n + 8000n + 16000n, creditMinor: 300n + 500n });
    expect(row(b.cash).closingMinor).toBe(101000n + 30000n - 800n);
    expect(row(b.sales)).toMatchObject({ openingMinor: -1000n, debitMinor: 0n, creditMinor: 30000n, closingMinor: -31000n });
    expect(row(b.rent)).toMatchObject({ openingMinor: 0n, debitMinor: 800n, creditMinor: 0n, closingMinor: 800n });
    expect(row(b.capital)).toMatchObject({ openingMinor: -100000n, debitMinor: 0n, creditMinor: 0n, closingMinor: -100000n });
    expect(tb.rows.map((r) => r.code)).toEqual(["1100", "3100", "4100", "6200"]);
    expect(tb.totals).toEqual({ openingMinor: 0n, debitMinor: 30800n, creditMinor: 30800n, closingMinor: 0n });
  });

  it("handles a range inside one month, whole months, and a range before any posting", async () => {
    const b = await setup();
    await postSpreadOfEntries(b);
    const inside = await withTenant(b.actor, (tx) => trialBalance(tx, { from: "2026-04-02", to: "2026-04-20" }));
    expect(inside.rows.find((r) => r.accountId === b.sales)).toMatchObject({ openingMinor: -15000n, creditMinor: 16000n, closingMinor: -31000n });
    expect(inside.totals).toEqual({ openingMinor: 0n, debitMinor: 16000n, creditMinor: 16000n, closingMinor: 0n });

    const whole = await withTenant(b.actor, (tx) => trialBalance(tx, { from: "2026-02-01", to: "2026-03-31" }));
    expect(whole.rows.find((r) => r.accountId === b.sales)).toMatchObject({ openingMinor: 0n, creditMinor: 15000n, closingMinor: -15000n });
    expect(whole.rows.find((r) => r.accountId === b.cash)).toMatchObject({ openingMinor: 100000n, debitMinor: 15000n, creditMinor: 300n });

    const startOnly = await withTenant(b.actor, (tx) => trialBalance(tx, { from: "2026-02-01", to: "2026-04-20" }));
    expect(startOnly.rows.find((r) => r.accountId === b.sales)).toMatchObject({ openingMinor: 0n, creditMinor: 31000n });

    const before = await withTenant(b.actor, (tx) => trialBalance(tx, { from: "2025-01-01", to: "2025-12-31" }));
    expect(before.rows).toEqual([]);
    expect(before.totals).toEqual({ openingMinor: 0n, debitMinor: 0n, creditMinor: 0n, closingMinor: 0n });
  });

  it("refuses a malformed or reversed range", async () => {
    const b = await setup();
    expect((await appRefusal(withTenant(b.actor, (tx) => trialBalance(tx, { from: "2026-02-30", to: "2026-03-01" })))).field).toBe("from");
    const reversed = await appRefusal(withTenant(b.actor, (tx) => trialBalance(tx, { from: "2026-03-02", to: "2026-03-01" })));
    expect(reversed.status).toBe(400);
    expect(reversed.field).toBe("to");
  });
});

describe("aging", () => {
  it("ages each charge by its due date, allocating the outstanding balance to the newest charges", async () => {
    const b = await setup();
    const acme = await customer(b.actor, "Acme");
    const zeta = await customer(b.actor, "Zeta");
    const asOf = "2026-06-30";
    const sale = (entryDate: string, dueDate: string, amount: bigint, partyId = acme) =>
      entry(b.actor, entryDate, [{ accountId: b.receivable, debitMinor: amount, partyId, dueDate }, { accountId: b.sales, creditMinor: amount }], "Invoice");
    await sale("2026-01-10", "2026-02-09", 10000n); // 141 days late: over 90
    await sale("2026-03-20", "2026-04-19", 20000n); // 72 days late: 61-90
    await sale("2026-04-15", "2026-05-15", 40000n); // 46 days late: 31-60
    await sale("2026-05-20", "2026-06-19", 80000n); // 11 days late: 1-30
    await sale("2026-06-10", "2026-07-10", 160000n); // not yet due
    await sale("2026-01-02", "2026-08-31", 320000n, zeta); // an old charge with long terms is current
    await sale("2026-06-29", "2026-06-30", 5000n, zeta); // due on the day: current
    // A payment after the as-of date is not counted.
    await entry(b.actor, "2026-07-02", [{ accountId: b.bank, debitMinor: 160000n }, { accountId: b.receivable, creditMinor: 160000n, partyId: acme }]);

    const report = await withTenant(b.actor, (tx) => agingReport(tx, { asOf, kind: "customer" }));
    expect(report.rows.map((r) => r.partyName)).toEqual(["Acme", "Zeta"]);
    expect(report.rows[0]).toEqual({
      partyId: acme,
      partyName: "Acme",
      currentMinor: 160000n,
      days1to30Minor: 80000n,
      days31to60Minor: 40000n,
      days61to90Minor: 20000n,
      over90Minor: 10000n,
      totalMinor: 310000n,
    });
    expect(report.rows[1]).toMatchObject({ currentMinor: 325000n, over90Minor: 0n, totalMinor: 325000n });
    expect(report.totals).toEqual({
      currentMinor: 485000n,
      days1to30Minor: 80000n,
      days31to60Minor: 40000n,
      days61to90Minor: 20000n,
      over90Minor: 10000n,
      totalMinor: 635000n,
    });
  });

  it("lets a partial payment settle the oldest charges first", async () => {
    const b = await setup();
    const acme = await customer(b.actor, "Acme");
    const sale = (entryDate: string, dueDate: string, amount: bigint) =>
      entry(b.actor, entryDate, [{ accountId: b.receivable, debitMinor: amount, partyId: acme, dueDate }, { accountId: b.sales, creditMinor: amount }]);
    await sale("2026-01-10", "2026-01-10", 10000n);
    await sale("2026-03-01", "2026-03-31", 20000n);
    await sale("2026-05-01", "2026-05-31", 30000n);
    // 25000 paid: the January charge in full and 15000 of March's.
    await entry(b.actor, "2026-05-10", [{ accountId: b.bank, debitMinor: 25000n }, { accountId: b.receivable, creditMinor: 25000n, partyId: acme }]);
    await sale("2026-05-20", "2026-06-19", 1000n);
    const report = await withTenant(b.actor, (tx) => agingReport(tx, { asOf: "2026-06-15", kind: "customer" }));
    expect(report.rows).toEqual([
      { partyId: acme, partyName: "Acme", currentMinor: 1000n, days1to30Minor: 30000n, days31to60Minor: 0n, days61to90Minor: 5000n, over90Minor: 0n, totalMinor: 36000n },
    ]);
    // Before the payment (and the sale of 20 May, in the same month), everything then was outstanding.
    const beforePayment = await withTenant(b.actor, (tx) => agingReport(tx, { asOf: "2026-05-05", kind: "customer" }));
    expect(beforePayment.rows[0]).toMatchObject({ currentMinor: 30000n, days1to30Minor: 0n, days31to60Minor: 20000n, days61to90Minor: 0n, over90Minor: 10000n, totalMinor: 60000n });
    const earlier = await withTenant(b.actor, (tx) => agingReport(tx, { asOf: "2026-04-30", kind: "customer" }));
    expect(earlier.rows[0]).toMatchObject({ currentMinor: 0n, days1to30Minor: 20000n, days61to90Minor: 0n, over90Minor: 10000n, totalMinor: 30000n });
    expect(await withTenant(b.actor, (tx) => agingReport(tx, { asOf: "2025-12-31", kind: "customer" }))).toMatchObject({ rows: [], totals: { totalMinor: 0n } });
  });

  it("allocates across every receivable account, month by month", async () => {
    const b = await setup();
    const acme = await customer(b.actor, "Acme");
    const group = await withTenant(b.actor, async (tx) => (await listAccounts(tx)).find((a) => a.code === "1000")!.id);
    const other = await withTenant(b.actor, (tx) =>
      createAccount(tx, { code: "1310", name: "Other receivables", type: "asset", parentId: group, isGroup: false, partyKind: "customer" }),
    );
    await entry(b.actor, "2026-01-10", [{ accountId: b.receivable, debitMinor: 1000n, partyId: acme, dueDate: "2026-01-10" }, { accountId: b.sales, creditMinor: 1000n }]);
    await entry(b.actor, "2026-03-05", [{ accountId: other.id, debitMinor: 2000n, partyId: acme, dueDate: "2026-04-04" }, { accountId: b.sales, creditMinor: 2000n }]);
    await entry(b.actor, "2026-03-20", [{ accountId: b.receivable, debitMinor: 3000n, partyId: acme, dueDate: "2026-04-19" }, { accountId: b.sales, creditMinor: 3000n }]);
    await entry(b.actor, "2026-04-01", [{ accountId: b.bank, debitMinor: 2500n }, { accountId: other.id, creditMinor: 2500n, partyId: acme }]);
    const report = await withTenant(b.actor, (tx) => agingReport(tx, { asOf: "2026-05-10", kind: "customer" }));
    // 3500 outstanding: the charge due 19 April (21 days late) and 500 of the one due 4 April (36 days).
    expect(report.rows).toEqual([
      { partyId: acme, partyName: "Acme", currentMinor: 0n, days1to30Minor: 3000n, days31to60Minor: 500n, days61to90Minor: 0n, over90Minor: 0n, totalMinor: 3500n },
    ]);
  });

  it("shows a party in credit as negative current and ages suppliers by their credits", async () => {
    const b = await setup();
    const acme = await customer(b.actor, "Acme");
    const vendor = await supplier(b.actor, "Vendor");
    await entry(b.actor, "2026-03-01", [{ accountId: b.receivable, debitMinor: 1000n, partyId: acme }, { accountId: b.sales, creditMinor: 1000n }]);
    await entry(b.actor, "2026-03-05", [{ accountId: b.bank, debitMinor: 1500n }, { accountId: b.receivable, creditMinor: 1500n, partyId: acme }]);
    await entry(b.actor, "2026-02-01", [{ accountId: b.rent, debitMinor: 7000n }, { accountId: b.payable, creditMinor: 7000n, partyId: vendor, dueDate: "2026-02-15" }]);
    await entry(b.actor, "2026-03-01", [{ accountId: b.utilities, debitMinor: 900n }, { accountId: b.payable, creditMinor: 900n, partyId: vendor, dueDate: "2026-04-15" }]);
    await entry(b.actor, "2026-03-10", [{ accountId: b.payable, debitMinor: 2000n, partyId: vendor }, { accountId: b.bank, creditMinor: 2000n }]);

    const receivables = await withTenant(b.actor, (tx) => agingReport(tx, { asOf: "2026-03-31", kind: "customer" }));
    expect(receivables.rows).toEqual([
      { partyId: acme, partyName: "Acme", currentMinor: -500n, days1to30Minor: 0n, days31to60Minor: 0n, days61to90Minor: 0n, over90Minor: 0n, totalMinor: -500n },
    ]);
    const payables = await withTenant(b.actor, (tx) => agingReport(tx, { asOf: "2026-03-31", kind: "supplier" }));
    expect(payables.rows).toEqual([
      { partyId: vendor, partyName: "Vendor", currentMinor: 900n, days1to30Minor: 0n, days31to60Minor: 5000n, days61to90Minor: 0n, over90Minor: 0n, totalMinor: 5900n },
    ]);
  });
});

describe("general ledger", () => {
  it("keeps the running balance right across pages, from an opening taken mid-month", async () => {
    const b = await setup();
    await postSpreadOfEntries(b);
    // Two more lines on 10 March, so that a page can end between lines of one day.
    await entry(b.actor, "2026-03-10", [{ accountId: b.rent, debitMinor: 70n }, { accountId: b.cash, creditMinor: 70n }], "Small rent");
    await entry(b.actor, "2026-03-10", [{ accountId: b.cash, debitMinor: 5n }, { accountId: b.otherIncome, creditMinor: 5n }], "Interest");
    const range = { accountId: b.cash, from: "2026-02-14", to: "2026-04-20" };
    const all = await withTenant(b.actor, (tx) => generalLedger(tx, { ...range, pageSize: null }));
    expect(all.account).toMatchObject({ code: "1100", type: "asset" });
    expect(all.openingMinor).toBe(101000n);
    expect(all.lines.map((l) => [l.entryDate, l.debitMinor - l.creditMinor])).toEqual([
      ["2026-02-14", 2000n],
      ["2026-02-15", -300n],
      ["2026-02-28", 4000n],
      ["2026-03-10", 8000n],
      ["2026-03-10", -70n],
      ["2026-03-10", 5n],
      ["2026-04-01", -500n],
      ["2026-04-20", 16000n],
    ]);
    expect(all.lines.map((l) => l.balanceMinor)).toEqual([103000n, 102700n, 106700n, 114700n, 114630n, 114635n, 114135n, 130135n]);
    expect(all.lines[3]).toMatchObject({ memo: "Entry", accountCode: "1100", partyName: null });
    expect(all).toMatchObject({ debitMinor: 30005n, creditMinor: 870n, closingMinor: 130135n, nextCursor: null, firstPage: true });

    const pages = [];
    let cursor: string | null = null;
    do {
      const page = await withTenant(b.actor, (tx) => generalLedger(tx, { ...range, cursor, pageSize: 3 }));
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages.map((p) => p.lines.length)).toEqual([3, 3, 2]);
    expect(pages.map((p) => p.pageOpeningMinor)).toEqual([101000n, 102700n + 4000n, 114635n]);
    expect(pages.map((p) => p.firstPage)).toEqual([true, false, false]);
    expect(pages.flatMap((p) => p.lines)).toEqual(all.lines);
    for (const page of pages) expect(page).toMatchObject({ openingMinor: 101000n, closingMinor: 130135n });
  });

  it("exports the lines with the balance in the account's natural sign", async () => {
    const b = await setup();
    await entry(b.actor, "2026-02-03", [{ accountId: b.cash, debitMinor: 1000n }, { accountId: b.sales, creditMinor: 1000n, description: "=1+1" }], "Sale, cash");
    const report = await withTenant(b.actor, (tx) => generalLedger(tx, { accountId: b.sales, from: "2026-02-01", to: "2026-02-28", pageSize: null }));
    const { table } = await generalLedgerExport((work) => withTenant(b.actor, work), { accountId: b.sales, from: "2026-02-01", to: "2026-02-28" });
    expect(await csvText(table)).toBe(
      "\uFEFFDate,Entry,Memo,Description,Party,Debit,Credit,Balance (credit positive)\r\n" +
        "2026-02-01,,Opening balance,,,,,0.00\r\n" +
        `2026-02-03,${report.lines[0].entryNumber},"Sale, cash",'=1+1,,0.00,10.00,10.00\r\n` +
        "2026-02-28,,Closing balance,,,0.00,10.00,10.00\r\n",
    );
  });

  it("answers another organisation's account or party as unknown, and the page with 404", async () => {
    const a = await setup();
    const b = await setup();
    const theirCustomer = await customer(b.actor, "Theirs");
    const account = await appRefusal(withTenant(a.actor, (tx) => generalLedger(tx, { accountId: b.cash, from: "2026-01-01", to: "2026-12-31" })));
    expect(account.reason).toBe("unknown_account");
    expect((await appRefusal(withTenant(a.actor, (tx) => generalLedger(tx, { accountId: "not-an-id", from: "2026-01-01", to: "2026-12-31" })))).reason).toBe(
      "unknown_account",
    );
    const party = await appRefusal(withTenant(a.actor, (tx) => partyLedger(tx, { partyId: theirCustomer, from: "2026-01-01", to: "2026-12-31" })));
    expect(party.reason).toBe("unknown_party");
    let thrown: unknown;
    try {
      rethrowAsResponse(party);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Response).status).toBe(404);
  });
});

describe("party ledger", () => {
  it("shows a customer's lines on every account with a running balance and a summary per account", async () => {
    const b = await setup();
    const acme = await customer(b.actor, "Acme");
    const other = await customer(b.actor, "Other");
    await entry(b.actor, "2026-01-15", [{ accountId: b.receivable, debitMinor: 5000n, partyId: acme }, { accountId: b.sales, creditMinor: 5000n }], "Invoice 1");
    await entry(b.actor, "2026-02-10", [{ accountId: b.receivable, debitMinor: 3000n, partyId: acme }, { accountId: b.sales, creditMinor: 3000n, partyId: acme }], "Invoice 2");
    await entry(b.actor, "2026-02-12", [{ accountId: b.receivable, debitMinor: 9999n, partyId: other }, { accountId: b.sales, creditMinor: 9999n }], "Other's invoice");
    await entry(b.actor, "2026-02-20", [{ accountId: b.bank, debitMinor: 6000n }, { accountId: b.receivable, creditMinor: 6000n, partyId: acme }], "Payment");
    await entry(b.actor, "2026-03-05", [{ accountId: b.receivable, debitMinor: 100n, partyId: acme }, { accountId: b.otherIncome, creditMinor: 100n }], "Fee");

    const report = await withTenant(b.actor, (tx) => partyLedger(tx, { partyId: acme, from: "2026-02-01", to: "2026-02-28" }));
    expect(report.party).toEqual({ id: acme, name: "Acme", kind: "customer" });
    expect(report.accounts.map((a) => [a.code, a.openingMinor, a.debitMinor, a.creditMinor, a.closingMinor])).toEqual([
      ["1300", 5000n, 3000n, 6000n, 2000n],
      ["4100", 0n, 0n, 3000n, -3000n],
    ]);
    expect(report.lines.map((l) => [l.memo, l.accountCode, l.partyName, l.debitMinor, l.creditMinor, l.balanceMinor])).toEqual([
      ["Invoice 2", "1300", "Acme", 3000n, 0n, 8000n],
      ["Invoice 2", "4100", "Acme", 0n, 3000n, 5000n],
      ["Payment", "1300", "Acme", 0n, 6000n, -1000n],
    ]);
    expect(report).toMatchObject({ openingMinor: 5000n, debitMinor: 3000n, creditMinor: 9000n, closingMinor: -1000n });

    const paged = await withTenant(b.actor, (tx) => partyLedger(tx, { partyId: acme, from: "2026-02-01", to: "2026-02-28", pageSize: 2 }));
    const second = await withTenant(b.actor, (tx) => partyLedger(tx, { partyId: acme, from: "2026-02-01", to: "2026-02-28", pageSize: 2, cursor: paged.nextCursor }));
    expect(second.pageOpeningMinor).toBe(5000n);
    expect(second.lines.map((l) => l.balanceMinor)).toEqual([-1000n]);
  });
});

describe("profit and loss and balance sheet", () => {
  it("groups income and expenses under their groups and computes the net profit", async () => {
    const b = await setup();
    await postSpreadOfEntries(b);
    await entry(b.actor, "2026-03-03", [{ accountId: b.cogs, debitMinor: 1200n }, { accountId: b.cash, creditMinor: 1200n }]);
    const report = await withTenant(b.actor, (tx) => profitAndLoss(tx, { from: "2026-02-14", to: "2026-04-20" }));
    expect(report.income.lines.map((l) => [l.kind, l.code, l.name, l.depth, l.amountMinor])).toEqual([["account", "4100", "Sales", 0, 30000n]]);
    expect(report.expenses.lines.map((l) => [l.kind, l.code, l.name, l.depth, l.amountMinor])).toEqual([
      ["heading", "5000", "Cost of sales", 0, null],
      ["account", "5100", "Cost of goods sold", 1, 1200n],
      ["total", "5000", "Total Cost of sales", 0, 1200n],
      ["heading", "6000", "Operating expenses", 0, null],
      ["account", "6200", "Rent", 1, 800n],
      ["total", "6000", "Total Operating expenses", 0, 800n],
    ]);
    expect(report).toMatchObject({ totalIncomeMinor: 30000n, totalExpensesMinor: 2000n, netProfitMinor: 28000n });
    expect(await csvText(profitAndLossTable(report))).toBe(
      "\uFEFFSection,Code,Account,Amount\r\n" +
        "Income,4100,Sales,300.00\r\n" +
        "Income,,Total income,300.00\r\n" +
        "Expenses,5000,Cost of sales,\r\n" +
        "Expenses,5100,  Cost of goods sold,12.00\r\n" +
        "Expenses,5000,Total Cost of sales,12.00\r\n" +
        "Expenses,6000,Operating expenses,\r\n" +
        "Expenses,6200,  Rent,8.00\r\n" +
        "Expenses,6000,Total Operating expenses,8.00\r\n" +
        "Expenses,,Total expenses,20.00\r\n" +
        ",,Net profit,280.00\r\n",
    );
  });

  it("balances assets against liabilities, equity and the earnings not yet closed", async () => {
    const b = await setup();
    await postSpreadOfEntries(b);
    const vendor = await supplier(b.actor, "Vendor");
    await entry(b.actor, "2026-03-15", [{ accountId: b.utilities, debitMinor: 900n }, { accountId: b.payable, creditMinor: 900n, partyId: vendor }]);
    const report = await withTenant(b.actor, (tx) => balanceSheet(tx, { asOf: "2026-04-20" }));
    expect(report.assets.lines.map((l) => [l.code, l.amountMinor])).toEqual([["1100", 130200n]]);
    expect(report.liabilities.lines.map((l) => [l.code, l.amountMinor])).toEqual([["2100", 900n]]);
    expect(report.equity.lines.map((l) => [l.kind, l.name, l.amountMinor])).toEqual([
      ["account", "Owner's capital", 100000n],
      ["computed", "Earnings not yet closed", 31000n - 800n - 900n],
    ]);
    expect(report).toMatchObject({ totalAssetsMinor: 130200n, totalLiabilitiesMinor: 900n, totalEquityMinor: 129300n, earningsMinor: 29300n, differenceMinor: 0n });
    expect((await csvText(balanceSheetTable(report))).split("\r\n").at(-3)).toBe(",,Total liabilities and equity,1302.00");

    // A date mid-month counts that month only up to the date.
    const earlier = await withTenant(b.actor, (tx) => balanceSheet(tx, { asOf: "2026-02-14" }));
    expect(earlier).toMatchObject({ totalAssetsMinor: 103000n, earningsMinor: 3000n, differenceMinor: 0n });
  });
});

describe("exports and filters", () => {
  it("writes the trial balance as CSV with plain decimal amounts and a total row", async () => {
    const b = await setup();
    await entry(b.actor, "2026-01-05", [{ accountId: b.cash, debitMinor: 100000n }, { accountId: b.capital, creditMinor: 100000n }]);
    await entry(b.actor, "2026-02-03", [{ accountId: b.cash, debitMinor: 1050n }, { accountId: b.sales, creditMinor: 1050n }]);
    const report = await withTenant(b.actor, (tx) => trialBalance(tx, { from: "2026-02-01", to: "2026-02-28" }));
    expect(await csvText(trialBalanceTable(report))).toBe(
      "\uFEFFCode,Account,Type,Opening 2026-02-01 (debit positive),Debit,Credit,Closing 2026-02-28 (debit positive)\r\n" +
        "1100,Cash,Asset,1000.00,10.50,0.00,1010.50\r\n" +
        "3100,Owner's capital,Equity,-1000.00,0.00,0.00,-1000.00\r\n" +
        "4100,Sales,Income,0.00,0.00,10.50,-10.50\r\n" +
        ",Total,,0.00,10.50,10.50,0.00\r\n",
    );
  });

  it("writes the aging as CSV", async () => {
    const b = await setup();
    const acme = await customer(b.actor, "-Acme");
    await entry(b.actor, "2026-01-10", [{ accountId: b.receivable, debitMinor: 1234n, partyId: acme }, { accountId: b.sales, creditMinor: 1234n }]);
    const report = await withTenant(b.actor, (tx) => agingReport(tx, { asOf: "2026-02-15", kind: "customer" }));
    expect(await csvText(agingTable(report))).toBe(
      "\uFEFFParty,Current,1-30 days,31-60 days,61-90 days,Over 90 days,Total\r\n'-Acme,0.00,0.00,12.34,0.00,0.00,12.34\r\nTotal,0.00,0.00,12.34,0.00,0.00,12.34\r\n",
    );
  });

  it("reads report filters with defaults and refuses malformed dates beside their field", () => {
    const read = (query: string) => readReportFilter(new URLSearchParams(query), "2026-07-04");
    expect(read("")).toMatchObject({ ok: true, filter: { from: "2026-01-01", to: "2026-07-04", asOf: "2026-07-04", kind: "customer", cursor: null } });
    expect(read("from=2025-03-01&to=2025-03-31&kind=supplier&account=x")).toMatchObject({
      ok: true,
      filter: { from: "2025-03-01", to: "2025-03-31", kind: "supplier", account: "x" },
    });
    expect(read("from=2025-02-30")).toMatchObject({ ok: false, errors: { from: "Enter the start date as a date, YYYY-MM-DD." }, values: { from: "2025-02-30" } });
    expect(read("asOf=yesterday")).toMatchObject({ ok: false, errors: { asOf: "Enter the date as a date, YYYY-MM-DD." } });
    expect(read("from=2026-05-01&to=2026-04-30")).toMatchObject({ ok: false, errors: { to: "The end date must be on or after the start date." } });
  });
});
