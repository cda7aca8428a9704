import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { DATA_MAP } from "~/data-map.server";
import { db, queryRows } from "~/db.server";
import { type CatalogColumn, checkDataMap } from "~/modules/platform/data-map";
import { processingRegister, registerCsvRows } from "./register";

async function catalog(): Promise<CatalogColumn[]> {
  return queryRows<CatalogColumn>(
    db(),
    sql`select c.relname::text as "table", a.attname::text as "column"
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by c.relname, a.attnum`,
  );
}

function failureMessage(result: { unclassified: string[]; stale: string[] }): string {
  return [
    ...result.unclassified.map((name) => `${name} is not classified in the personal data map: add it to the data-map.ts beside its table`),
    ...result.stale.map((name) => `${name} is in the data map but not in the database`),
  ].join("\n");
}

describe("the personal data map", () => {
  it("classifies every column of every table in the database, and nothing that is not there", async () => {
    const result = checkDataMap(await catalog(), DATA_MAP);
    expect(failureMessage(result)).toBe("");
  });

  it("fails, naming the column, when a table or a column is added without classification", async () => {
    await db().execute(sql`create table privacy_map_probe (tenant_id uuid, id uuid, nickname text)`);
    try {
      const withTable = checkDataMap(await catalog(), DATA_MAP);
      expect(failureMessage(withTable)).toMatch(/privacy_map_probe\.nickname is not classified/);
      await db().execute(sql`drop table privacy_map_probe`);
      await db().execute(sql`alter table customers add column nickname text`);
      const withColumn = checkDataMap(await catalog(), DATA_MAP);
      expect(withColumn.unclassified).toEqual(["customers.nickname"]);
    } finally {
      await db().execute(sql`drop table if exists privacy_map_probe`);
      await db().execute(sql`alter table customers drop column if exists nickname`);
    }
  });

  it("names each table once, under the area whose schema.ts defines it", () => {
    const modules = path.resolve(__dirname, "..");
    const owners = new Map<string, string>();
    for (const area of readdirSync(modules)) {
      const schema = path.join(modules, area, "schema.ts");
      if (!existsSync(schema)) continue;
      for (const match of readFileSync(schema, "utf8").matchAll(/pgTable\(\s*"([a-z_]+)"/g)) owners.set(match[1], area);
    }
    const tables = DATA_MAP.map((map) => map.table);
    expect(tables.length).toBe(new Set(tables).size);
    expect(DATA_MAP.filter((map) => owners.get(map.table) !== map.area).map((map) => `${map.table} under ${map.area}`)).toEqual([]);
  });

  it("locates people only through columns the map classifies, by reference to tables it has", () => {
    const byTable = new Map(DATA_MAP.map((map) => [map.table, map]));
    const bad = DATA_MAP.flatMap((map) =>
      (map.locate ?? []).flatMap((locator) => {
        const problems: string[] = [];
        if (!map.columns[locator.column]) problems.push(`${map.table}: locator column ${locator.column} unknown`);
        if (locator.by === "reference" && !byTable.has(locator.table)) problems.push(`${map.table}: references unknown table ${locator.table}`);
        return problems;
      }),
    );
    expect(bad).toEqual([]);
  });
});

describe("the records of processing", () => {
  it("lists the organisation's tables with personal data, with purpose, basis and the statutory retention of the books", () => {
    const register = processingRegister(DATA_MAP, "tenant", 7);
    const tables = register.map((row) => row.table);
    expect(tables).toEqual(expect.arrayContaining(["customers", "suppliers", "leads", "journal_lines", "audit_events", "rights_requests"]));
    expect(tables).not.toContain("users");
    expect(tables).not.toContain("accounts");
    const lines = register.find((row) => row.table === "journal_lines")!;
    expect(lines.legalBasis).toBe("legal obligation");
    expect(lines.columns.find((c) => c.column === "customer_id")!.erasure).toMatch(/^kept \(the books .*\) until 7 years after entry date/);
    const csv = registerCsvRows(register);
    expect(csv.filter((row) => row.table === "customers").map((row) => row.column)).toEqual(["name", "email", "phone", "tax_id", "billing_address", "credit_limit_minor", "notes", "search_name"]);
    expect(processingRegister(DATA_MAP, "folio", 10).map((row) => row.table)).toContain("users");
  });
});

describe("the notices", () => {
  it("start a new organisation from a template that covers what the law asks, with the retention rules from the map", async () => {
    const { organisationNoticeTemplate } = await import("./notice-template");
    const text = organisationNoticeTemplate({ name: "Acme", slug: "acme" }, processingRegister(DATA_MAP, "tenant", 8), 8, "https://folio.example");
    for (const heading of ["Who is responsible", "What we keep, why, and on which legal basis", "Categories of data", "Recipients and processors", "How long we keep it", "Your rights", "Complaints", "Age"]) {
      expect(text).toContain(`## ${heading}`);
    }
    expect(text).toContain("https://folio.example/o/acme/rights");
    expect(text).toContain("kept for 8 years");
    expect(text).toMatch(/Resend/);
    expect(text).toMatch(/18 or older/);
  });

  it("give Folio's own notice the controller, bases, processors, retention, rights, complaints and the 18+ rule", async () => {
    const { INITIAL_FOLIO_NOTICE } = await import("./notices.server");
    for (const heading of ["Who is responsible and how to reach us", "Purposes and legal bases", "Recipients and processors", "Retention", "Your rights", "Complaints", "Age"]) {
      expect(INITIAL_FOLIO_NOTICE).toContain(`## ${heading}`);
    }
  });
});
