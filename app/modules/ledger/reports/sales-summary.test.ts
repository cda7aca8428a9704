import { createParty } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner } from "~/test/factories";
import { findAccountByRole } from "../accounts.server";
import { post } from "../posting.server";
import { profitAndLoss } from "./profit-and-loss.server";
import { salesSummary } from "./sales-summary.server";

const TODAY = "2026-06-15";

describe("salesSummary", () => {
  it("reads a year of sales per month, the months it compares and the top customers from the books, equal to the profit and loss", async () => {
    const { actor } = await createOrganisationWithOwner();
    const customers = await withTenant(actor, async (tx) => {
      const make = (name: string) => createParty(tx, "customer", { name, email: null, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30, assignedUserId: null });
      return { ann: await make("Ann's Bistro"), bob: await make("Bob's Bar"), cy: await make("Cy's Café") };
    });
    await withTenant(actor, async (tx) => {
      const receivable = (await findAccountByRole(tx, "receivable"))!;
      const sales = (await findAccountByRole(tx, "sales"))!;
      const tax = (await findAccountByRole(tx, "tax_payable"))!;
      const invoice = (date: string, partyId: string, net: bigint) =>
        post(tx, {
          entryDate: date,
          memo: `Invoice ${date}`,
          source: { type: "manual" },
          lines: [
            { accountId: receivable.id, partyId, debitMinor: net + net / 5n },
            { accountId: sales.id, creditMinor: net },
            { accountId: tax.id, creditMinor: net / 5n },
          ],
        });
      await invoice("2026-06-02", customers.ann.id, 10_000n);
      await invoice("2026-06-14", customers.bob.id, 2_500n);
      await invoice("2026-05-20", customers.bob.id, 40_000n);
      await invoice("2025-06-30", customers.cy.id, 7_000n); // the same month a year ago: compared, not in the chart
      await invoice("2025-07-01", customers.cy.id, 1_000n); // the chart's first month
      await invoice("2025-05-31", customers.ann.id, 99_000n); // before both
      // A credit note in June: sales net of it.
      await post(tx, {
        entryDate: "2026-06-10",
        memo: "Credit note",
        source: { type: "manual" },
        lines: [
          { accountId: sales.id, debitMinor: 500n },
          { accountId: receivable.id, partyId: customers.ann.id, creditMinor: 500n },
        ],
      });
    });
    const summary = await withTenant(actor, (tx) => salesSummary(tx, { today: TODAY }));
    expect(summary.months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `${i < 6 ? 2025 : 2026}-${String(((i + 6) % 12) + 1).padStart(2, "0")}-01`));
    expect(summary.months.at(0)).toEqual({ month: "2025-07-01", amountMinor: 1_000n });
    expect(summary.months.at(-2)).toEqual({ month: "2026-05-01", amountMinor: 40_000n });
    expect([summary.thisMonthMinor, summary.lastMonthMinor, summary.sameMonthLastYearMinor]).toEqual([12_000n, 40_000n, 7_000n]);
    // Equal to the books: the P&L's sales line over the chart's year.
    const pl = await withTenant(actor, (tx) => profitAndLoss(tx, { from: "2025-07-01", to: "2026-06-30" }));
    const salesLine = pl.income.lines.find((l) => l.code === "4100" && l.kind === "account");
    expect(summary.months.reduce((sum, m) => sum + m.amountMinor, 0n)).toBe(salesLine?.amountMinor);
    expect(summary.topCustomers.map((c) => [c.name, c.chargedMinor])).toEqual([
      ["Bob's Bar", 51_000n],
      ["Ann's Bistro", 12_000n],
      ["Cy's Café", 1_200n],
    ]);
  });

  it("is empty for a new organisation", async () => {
    const { actor } = await createOrganisationWithOwner();
    const summary = await withTenant(actor, (tx) => salesSummary(tx, { today: TODAY }));
    expect(summary.months.every((m) => m.amountMinor === 0n)).toBe(true);
    expect(summary.topCustomers).toEqual([]);
  });
});
