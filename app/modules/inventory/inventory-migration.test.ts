import { rm } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { migrateDatabase, migrateWith, queryRows } from "~/db.server";
import { migrationsFolderBefore, withFreshDatabase } from "~/test/migrations";

/*
 * Organisations that existed before inventory get from migration 0010 a main warehouse and the two accounts stock
 * posts to (under their group, unless a code is taken), and the tables it writes past their forced row-level
 * security have it forced again.
 */

const INVENTORY_TAG = "0010_inventory";

const WITH_CHART = "10000000-0000-4000-8000-000000000001";
const CODE_TAKEN = "10000000-0000-4000-8000-000000000002";

describe("migration 0010", () => {
  it("gives existing organisations a main warehouse and the goods-received and stock-adjustment accounts", async () => {
    const folder = await migrationsFolderBefore(INVENTORY_TAG);
    try {
      await withFreshDatabase(async (handle) => {
        await migrateWith(handle.kind, handle.db, folder);
        const run = (statement: string) => handle.db.execute(sql.raw(statement));
        await run(`insert into tenants (id, name, slug) values ('${WITH_CHART}', 'Old One', 'old-one'), ('${CODE_TAKEN}', 'Old Two', 'old-two')`);
        await run(`insert into accounts (tenant_id, code, name, type, is_group) values
          ('${WITH_CHART}', '2000', 'Liabilities', 'liability', true), ('${WITH_CHART}', '5000', 'Cost of sales', 'expense', true),
          ('${CODE_TAKEN}', '2150', 'Something else', 'liability', false)`);
        await migrateDatabase(handle);
        const warehouses = await queryRows<{ tenant_id: string; code: string; name: string; is_default: boolean }>(
          handle.db,
          sql`select tenant_id, code, name, is_default from warehouses order by tenant_id`,
        );
        expect(warehouses).toEqual([
          { tenant_id: WITH_CHART, code: "MAIN", name: "Main warehouse", is_default: true },
          { tenant_id: CODE_TAKEN, code: "MAIN", name: "Main warehouse", is_default: true },
        ]);
        const accounts = await queryRows<{ tenant_id: string; code: string; role: string | null; parent: string | null }>(
          handle.db,
          sql`select a.tenant_id, a.code, a.role, p.code as parent from accounts a left join accounts p on p.id = a.parent_id
            where a.code in ('2150', '5200') order by a.tenant_id, a.code`,
        );
        expect(accounts).toEqual([
          { tenant_id: WITH_CHART, code: "2150", role: "goods_received", parent: "2000" },
          { tenant_id: WITH_CHART, code: "5200", role: "stock_adjustment", parent: "5000" },
          { tenant_id: CODE_TAKEN, code: "2150", role: null, parent: null },
          { tenant_id: CODE_TAKEN, code: "5200", role: "stock_adjustment", parent: null },
        ]);
        const unforced = await queryRows<{ relname: string }>(
          handle.db,
          sql`select relname from pg_class where relname in ('accounts', 'warehouses', 'stock_moves', 'stock_balances') and not relforcerowsecurity`,
        );
        expect(unforced).toEqual([]);
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
