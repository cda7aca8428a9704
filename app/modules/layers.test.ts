import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/*
 * The areas form a stack (docs/architecture.md, "Layers"); an area imports only the areas below it:
 *
 *   platform <- identity <- tenancy <- audit, email <- parties <- ledger <- inventory <- sales, purchasing <- crm, privacy, hr
 *
 * Areas on one level (audit and email; sales and purchasing; crm, privacy and hr) do not import each other.
 * Modules never import `@remix-run/*`, not even through a shared file of app/ (utils, emails, db), nor anything
 * above the areas (workflows, the jobs registry, routes, components). An area's tables are its own: only its
 * schema.ts may be imported by another area's schema.ts (for a foreign key), and no other area's SQL names them
 * (it calls the owning area's operations, or reads a view the owning area defines). This test reads the import
 * graph and the SQL of app/modules and fails on anything against these rules.
 */
export const LAYERS: Record<string, number> = {
  platform: 0,
  identity: 1,
  tenancy: 2,
  audit: 3,
  email: 3,
  parties: 4,
  ledger: 5,
  inventory: 6,
  sales: 7,
  purchasing: 7,
  crm: 8,
  privacy: 8,
  hr: 8,
};

/**
 * Imports against the direction that the structure work of issue 8 is removing, one area at a time. The list
 * may only shrink: an entry that is no longer a violation fails the test until it is deleted here.
 */
const BEING_REMOVED = new Set<string>([]);

const APP = path.resolve(__dirname, "..");
const MODULES = path.join(APP, "modules");

interface Import {
  specifier: string;
  typeOnly: boolean;
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?["']([^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT)) found.push({ specifier: match[3], typeOnly: Boolean(match[2]) });
  for (const match of text.matchAll(DYNAMIC_IMPORT)) found.push({ specifier: match[1], typeOnly: false });
  return found;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** The file an import names, for imports inside app/ ("~/..." or relative); null for packages. */
function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = path.join(APP, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return base;
}

function areaOf(file: string): string | null {
  const relative = path.relative(MODULES, file);
  if (relative.startsWith("..")) return null;
  return relative.split(path.sep)[0];
}

const ABOVE_THE_AREAS = ["workflows", "routes", "components", "jobs.server.ts", "data-map.server.ts", "root.tsx", "entry.server.tsx", "entry.client.tsx"];

function isAboveTheAreas(file: string): boolean {
  const relative = path.relative(APP, file).split(path.sep)[0];
  return ABOVE_THE_AREAS.includes(relative);
}

/** Whether a shared file of app/ (not a module) imports @remix-run, itself or through other shared files. */
function reachesRemix(file: string, seen = new Set<string>()): string | null {
  if (seen.has(file) || !existsSync(file)) return null;
  seen.add(file);
  for (const { specifier, typeOnly } of importsOf(file)) {
    if (typeOnly) continue;
    if (specifier.startsWith("@remix-run/")) return path.relative(APP, file);
    const target = resolveImport(file, specifier);
    if (target && areaOf(target) === null && !isAboveTheAreas(target)) {
      const via = reachesRemix(target, seen);
      if (via) return via;
    }
  }
  return null;
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(MODULES)) {
    if (/\.test\.tsx?$/.test(file)) continue;
    const area = areaOf(file)!;
    const name = path.relative(APP, file);
    if (!(area in LAYERS) && !file.endsWith("layers.test.ts")) {
      if (statSync(path.join(MODULES, area)).isDirectory()) found.push(`${name}: area "${area}" has no place in LAYERS`);
      continue;
    }
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (specifier.startsWith("@remix-run/")) {
        found.push(`${name} imports ${specifier}`);
        continue;
      }
      const target = resolveImport(file, specifier);
      if (!target) continue;
      if (isAboveTheAreas(target)) {
        found.push(`${name} imports ${path.relative(APP, target)}, which is above the areas`);
        continue;
      }
      const targetArea = areaOf(target);
      if (targetArea === null) {
        const via = typeOnly ? null : reachesRemix(target);
        if (via) found.push(`${name} imports ${path.relative(APP, target)}, which reaches @remix-run through ${via}`);
        continue;
      }
      if (targetArea === area) continue;
      if (!(targetArea in LAYERS)) continue;
      if (LAYERS[targetArea] >= LAYERS[area]) found.push(`${name} (${area}) imports ${path.relative(APP, target)} (${targetArea})`);
      else if (path.basename(target) === "schema.ts" && path.basename(file) !== "schema.ts") {
        found.push(`${name} imports ${path.relative(APP, target)}: another area's tables are read through its operations`);
      }
    }
    for (const [table, owner] of tableOwners()) {
      if (owner === area || path.basename(file) === "schema.ts") continue;
      if (sqlNaming(file, table)) found.push(`${name} (${area}) names ${owner}'s table ${table} in SQL`);
    }
  }
  return found.sort();
}

let owners: Map<string, string> | undefined;

/** Every table of app/modules and the area whose schema.ts defines it. */
function tableOwners(): Map<string, string> {
  if (owners) return owners;
  owners = new Map();
  for (const area of readdirSync(MODULES)) {
    const schema = path.join(MODULES, area, "schema.ts");
    if (!existsSync(schema)) continue;
    for (const match of readFileSync(schema, "utf8").matchAll(/pgTable\(\s*"([a-z_]+)"/g)) owners.set(match[1], area);
  }
  return owners;
}

/** Whether the SQL of a file (its sql`...` templates) reads or writes `table`. */
function sqlNaming(file: string, table: string): boolean {
  const text = readFileSync(file, "utf8");
  const statement = new RegExp(`\\b(from|join|into|update|table)\\s+(public\\.)?"?${table}"?(\\s|$|\\)|,|;)`, "i");
  for (const template of text.matchAll(/sql`([^`]*)`/g)) {
    if (statement.test(template[1])) return true;
  }
  return false;
}

/** Area-to-area edges, for the cycle check. */
function areaGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(MODULES)) {
    if (/\.test\.tsx?$/.test(file)) continue;
    const area = areaOf(file)!;
    for (const { specifier } of importsOf(file)) {
      const target = resolveImport(file, specifier);
      const targetArea = target ? areaOf(target) : null;
      if (!targetArea || targetArea === area) continue;
      if (!graph.has(area)) graph.set(area, new Set());
      graph.get(area)!.add(targetArea);
    }
  }
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const trail: string[] = [];
  const visit = (area: string): string[] | null => {
    if (state.get(area) === "done") return null;
    if (state.get(area) === "visiting") return [...trail.slice(trail.indexOf(area)), area];
    state.set(area, "visiting");
    trail.push(area);
    for (const next of graph.get(area) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(area, "done");
    return null;
  };
  for (const area of graph.keys()) {
    const cycle = visit(area);
    if (cycle) return cycle;
  }
  return null;
}

describe("the layers of app/modules", () => {
  it("every area has a place in the stack", () => {
    const areas = readdirSync(MODULES).filter((name) => statSync(path.join(MODULES, name)).isDirectory());
    expect(areas.filter((area) => !(area in LAYERS))).toEqual([]);
  });

  it("no module imports against the direction, @remix-run, or what sits above the areas", () => {
    const found = violations();
    expect(found.filter((violation) => !BEING_REMOVED.has(violation))).toEqual([]);
    expect([...BEING_REMOVED].filter((violation) => !found.includes(violation))).toEqual([]);
  });

  it("has no import cycle between areas", () => {
    expect(findCycle(areaGraph())).toBeNull();
  });

  it("would fail on a lower area importing a higher one", () => {
    // The rule itself, on a made-up edge: tenancy (2) importing the ledger (5) is against the direction.
    expect(LAYERS.tenancy < LAYERS.ledger).toBe(true);
    const graph = areaGraph();
    graph.set("ledger", new Set([...(graph.get("ledger") ?? []), "tenancy"]));
    graph.set("tenancy", new Set([...(graph.get("tenancy") ?? []), "ledger"]));
    expect(findCycle(graph)).not.toBeNull();
  });
});
