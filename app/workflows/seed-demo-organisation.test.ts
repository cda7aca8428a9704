import { count, sql } from "drizzle-orm";
import { db, queryRow, queryRows } from "~/db.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { balanceSheet } from "~/modules/ledger/reports/balance-sheet.server";
import { salesSummary } from "~/modules/ledger/reports/sales-summary.server";
import { salesFigures } from "~/modules/sales/figures.server";
import { listParties } from "~/modules/parties/parties.server";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { tenants } from "~/modules/tenancy/schema";
import { todayIn } from "~/utils/dates";
import { DEMO_SALESMEN } from "./demo-business.server";
import { DEMO_LOGIN, seedDemoOrganisation } from "./seed-demo-organisation.server";

// This file's database starts empty: no test here creates an organisation before the seed runs.
describe("seedDemoOrganisation", () => {
  it("creates the demo organisation on an empty database, and nothing when run again or run twice at once", async () => {
    // Two at once: one finds the owner's email taken, and answers "nothing created" instead of failing.
    const [first, second] = await Promise.all([seedDemoOrganisation(), seedDemoOrganisation()]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(await seedDemoOrganisation()).toEqual({ created: false });
    const [{ value }] = await db().select({ value: count() }).from(tenants);
    expect(value).toBe(1);
    expect(DEMO_LOGIN.email).toMatch(/@demo\.folio\.test$/);
  });

  it("fills it with a business: items in stock in two warehouses, valued as the books say, and customers split between two salesmen", async () => {
    const organisation = (await queryRow<{ id: string; time_zone: string }>(db(), sql`select id, time_zone from tenants limit 1`))!;
    const people = await queryRows<{ id: string; email: string; role: string }>(
      db(),
      sql`select u.id, u.email, m.role from memberships m join users u on u.id = m.user_id where m.tenant_id = ${organisation.id}::uuid order by u.email`,
    );
    expect(people.map((p) => [p.email, p.role])).toEqual(
      [[DEMO_LOGIN.email, "owner"], ...DEMO_SALESMEN.map((s) => [s.email, "salesman"])].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
    const owner: TenantActor = { tenantId: organisation.id, userId: people.find((p) => p.role === "owner")!.id, dataScope: "all", role: "owner" };
    await withTenant(owner, async (tx) => {
      const stock = await queryRow<{ items: string; warehouses: string; value: string }>(
        tx,
        sql`select count(distinct item_id)::text as items, count(distinct warehouse_id)::text as warehouses, sum(value_minor)::text as value from stock_balances where on_hand_micro > 0`,
      );
      expect([stock?.items, stock?.warehouses]).toEqual(["16", "2"]);
      const inventory = (await findAccountByRole(tx, "inventory"))!;
      const sheet = await balanceSheet(tx, { asOf: todayIn(organisation.time_zone) });
      expect(sheet.assets.lines.find((l) => l.accountId === inventory.id)?.amountMinor).toBe(BigInt(stock!.value));
    });
    // A year of sales: the dashboard's figures from the invoices equal the books', some invoices overdue.
    const today = todayIn(organisation.time_zone);
    const [books, invoices] = await withTenant(owner, async (tx) => [await salesSummary(tx, { today }), await salesFigures(tx, { today })] as const);
    expect(invoices.months.map((m) => m.amountMinor)).toEqual(books.months.map((m) => m.amountMinor));
    expect(books.months.filter((m) => m.amountMinor > 0n).length).toBeGreaterThanOrEqual(11);
    expect(invoices.overdueMinor).toBeGreaterThan(0n);
    expect(invoices.notDueMinor).toBeGreaterThan(0n);
    const all = await withTenant(owner, (tx) => listParties(tx, "customer", { pageSize: 100 }));
    for (const salesman of people.filter((p) => p.role === "salesman")) {
      const own = await withTenant({ tenantId: organisation.id, userId: salesman.id, dataScope: "assigned", role: "salesman" }, (tx) => listParties(tx, "customer", { pageSize: 100 }));
      expect(own.rows.length).toBeGreaterThan(5);
      expect(own.rows.every((c) => c.assignedUserId === salesman.id)).toBe(true);
      expect(own.rows.length).toBeLessThan(all.rows.length);
      const his = await withTenant({ tenantId: organisation.id, userId: salesman.id, dataScope: "assigned", role: "salesman" }, (tx) => salesFigures(tx, { today }));
      const hisTotal = his.months.reduce((sum, m) => sum + m.amountMinor, 0n);
      expect(hisTotal).toBeGreaterThan(0n);
      expect(hisTotal).toBeLessThan(invoices.months.reduce((sum, m) => sum + m.amountMinor, 0n));
    }
  });
});
