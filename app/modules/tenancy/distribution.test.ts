import { sql } from "drizzle-orm";
import { db, queryRows } from "~/db.server";
import { citusDistributionSql, tableDistribution } from "./distribution.server";
import { GLOBAL_TABLES } from "./global-tables";

/** The tables with tenant_id, as `select oid from tenant_tables` for the checks below. */
const TENANT_TABLES = sql`select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p')
    and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`;

describe("pg_catalog: every tenant table can be distributed by tenant_id (Citus)", () => {
  it("finds tenant_id in every primary key, unique constraint and unique index of a tenant table", async () => {
    const unique = await queryRows<{ index: string; table: string }>(
      db(),
      sql`select i.indexrelid::regclass::text as index, i.indrelid::regclass::text as table
        from pg_index i
        where i.indisunique and i.indrelid in (${TENANT_TABLES})
          and not exists (select 1 from unnest(i.indkey) as k(n) join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n where a.attname = 'tenant_id')
        order by 1`,
    );
    // Primary keys and unique constraints are unique indexes too: one query covers all three.
    expect(unique.map((u) => `${u.table}: ${u.index}`)).toEqual([]);
    const exclusions = await queryRows<{ name: string }>(db(), sql`select conname as name from pg_constraint where contype = 'x' and conrelid in (${TENANT_TABLES})`);
    expect(exclusions).toEqual([]);
  });

  it("finds tenant_id in every foreign key between tenant tables, and no global table pointing into a tenant table", async () => {
    const keys = await queryRows<{ name: string; from_table: string; to_table: string; from_tenant: boolean; to_tenant: boolean; columns: string[]; referenced: string[] }>(
      db(),
      sql`select k.conname as name, k.conrelid::regclass::text as from_table, k.confrelid::regclass::text as to_table,
          k.conrelid in (${TENANT_TABLES}) as from_tenant, k.confrelid in (${TENANT_TABLES}) as to_tenant,
          array(select a.attname::text from unnest(k.conkey) with ordinality as u(n, i) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as columns,
          array(select a.attname::text from unnest(k.confkey) with ordinality as u(n, i) join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i) as referenced
        from pg_constraint k where k.contype = 'f' and k.connamespace = 'public'::regnamespace`,
    );
    expect(keys.length).toBeGreaterThan(10);
    const problems = keys.flatMap((k) => {
      if (!k.from_tenant && k.to_tenant) return [`${k.name}: global ${k.from_table} references tenant table ${k.to_table}`];
      if (k.from_tenant && k.to_tenant) {
        // Colocated joins need tenant_id matched with tenant_id, not merely present in the key.
        const position = k.columns.indexOf("tenant_id");
        if (position < 0 || k.referenced[position] !== "tenant_id") return [`${k.name}: ${k.from_table} -> ${k.to_table} does not match tenant_id with tenant_id`];
      }
      return [];
    });
    expect(problems).toEqual([]);
  });

  it("finds no tenant table whose column default reads a sequence shared by all tenants", async () => {
    const shared = await queryRows<{ table: string; column: string; source: string }>(
      db(),
      sql`select a.attrelid::regclass::text as table, a.attname as column,
          coalesce(pg_get_expr(d.adbin, d.adrelid), 'identity') as source
        from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where a.attrelid in (${TENANT_TABLES}) and a.attnum > 0 and not a.attisdropped
          and (a.attidentity <> '' or pg_get_expr(d.adbin, d.adrelid) ~* 'nextval')`,
    );
    expect(shared.map((s) => `${s.table}.${s.column} = ${s.source}`)).toEqual([]);
  });

  it("generates a distribution that covers every table once: tenant tables colocated on tenant_id, global tables as reference tables", async () => {
    const tables = await tableDistribution(db());
    const all = await queryRows<{ name: string }>(db(), sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`);
    expect(tables.map((t) => t.table).sort()).toEqual(all.map((t) => t.name).sort());
    expect(tables.filter((t) => t.kind === "reference").map((t) => t.table).sort()).toEqual([...GLOBAL_TABLES].sort());

    const script = citusDistributionSql(tables);
    const statements = script.split("\n").filter((line) => line.startsWith("SELECT "));
    expect(statements).toHaveLength(all.length);
    const [first, ...rest] = tables.filter((t) => t.kind === "distributed");
    for (const table of GLOBAL_TABLES) expect(script).toContain(`SELECT create_reference_table('${table}');`);
    expect(script).toContain(`SELECT create_distributed_table('${first.table}', 'tenant_id');`);
    for (const table of rest) expect(script).toContain(`SELECT create_distributed_table('${table.table}', 'tenant_id', colocate_with => '${first.table}');`);

    // Citus wants a referenced table in place before the table that references it.
    const position = new Map(statements.map((line, i) => [/'([a-z_]+)'/.exec(line)![1], i]));
    for (const table of tables) for (const referenced of table.references) expect(position.get(referenced)!, `${table.table} -> ${referenced}`).toBeLessThan(position.get(table.table)!);
  });
});
