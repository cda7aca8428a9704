/*
 * The personal data map (docs/decisions/0022-personal-data-map.md). Every column of every table is classified
 * in code, in a `data-map.ts` beside the table's `schema.ts`: not personal, or personal with its data category,
 * whose data it is and what erasure does to it. The registry of all areas' maps is app/data-map.server.ts;
 * app/modules/privacy/data-map.test.ts reads pg_catalog and fails on any column the maps do not classify.
 *
 * The privacy centre builds its register of processing, its access packages and its erasure plans from these
 * entries alone, so a table added with its entry is found, exported and erased without further code.
 */

export const DATA_CATEGORIES = {
  identity: "Identity (names, tax numbers)",
  contact: "Contact details (email, phone)",
  location: "Location (postal addresses)",
  financial: "Financial (amounts, payment terms)",
  online_identifier: "Online identifiers (IP address, browser, cookie id)",
  credentials: "Credentials (password hashes, tokens)",
  communication: "Communications (messages, notes, emails)",
  preferences: "Preferences and consent choices",
  activity: "Activity (what a person did, when)",
} as const;
export type DataCategory = keyof typeof DATA_CATEGORIES;

export const DATA_SUBJECTS = {
  user: "Folio user",
  customer: "Customer",
  customer_contact: "Customer contact",
  supplier_contact: "Supplier contact",
  lead: "Lead",
  visitor: "Visitor of public pages",
  employee: "Employee",
  requester: "Requester of a privacy right",
} as const;
export type DataSubject = keyof typeof DATA_SUBJECTS;

/** How an anonymised column is overwritten. */
export const ANONYMISE_STRATEGIES = {
  null: "set to empty (NULL)",
  placeholder: "replaced by a placeholder naming the row ('Erased customer 1a2b3c4d')",
  erased_email: "replaced by an address that cannot receive mail (erased+<id>@erased.invalid)",
  random_secret: "replaced by a random value nobody knows",
  truncate_ip: "cut to the network part",
} as const;
export type AnonymiseStrategy = keyof typeof ANONYMISE_STRATEGIES;

/** Until when a kept row must stay, as a rule over the row and the organisation's settings. */
export type RetentionRule =
  /** The organisation's statutory period (privacy settings, default 10 years) after the row's date column. */
  | { kind: "statutory"; from: string }
  /** A fixed number of months after the row's date column. */
  | { kind: "months"; months: number; from: string }
  /** As long as a condition holds (a member stays a member); ended by the area's own screens, not by a date. */
  | { kind: "while"; condition: string };

export type ErasureAction =
  | { kind: "delete" }
  | { kind: "anonymise"; strategy: AnonymiseStrategy }
  | { kind: "keep"; reason: string; until: RetentionRule };

export type ColumnClass =
  | { personal: false }
  | { personal: true; category: DataCategory; subject: DataSubject; erasure: ErasureAction };

export const NOT_PERSONAL: ColumnClass = { personal: false };

export function personal(category: DataCategory, subject: DataSubject, erasure: ErasureAction): ColumnClass {
  return { personal: true, category, subject, erasure };
}
export const erase = {
  delete: { kind: "delete" } as ErasureAction,
  anonymise: (strategy: AnonymiseStrategy): ErasureAction => ({ kind: "anonymise", strategy }),
  keep: (reason: string, until: RetentionRule): ErasureAction => ({ kind: "keep", reason, until }),
};

/**
 * How a person's rows are found in a table: by an email column, by the user id of a signed-in person, or by
 * reference to rows already found in another table (journal lines of an erased customer).
 */
export type Locator =
  | { by: "email"; column: string }
  | { by: "user"; column: string }
  | { by: "reference"; column: string; table: string; key?: string };

export interface TableDataMap {
  table: string;
  /** The area whose schema.ts defines the table. */
  area: string;
  /** tenant: the organisation is the controller; folio: Folio is (accounts, its own site). */
  controller: "tenant" | "folio";
  /** Why the data is processed, for the register of processing. */
  purpose: string;
  /** The Art. 6 basis. */
  legalBasis: "contract" | "legal obligation" | "legitimate interests" | "consent" | "none";
  /** The retention of the table's rows, in words, for the register and the notices. */
  retention: string;
  /** Who receives the data besides the organisation (processors, authorities). */
  recipients?: string;
  /** Where the data comes from (Art. 14/15(1)(g)). */
  source?: string;
  /** The columns that identify a row (its primary key), for the plan and the erasure log. */
  key: readonly string[];
  columns: Readonly<Record<string, ColumnClass>>;
  /** How a person's rows are found; a table without locators holds no one's data that a request can reach. */
  locate?: readonly Locator[];
  /**
   * The whole row goes when erased (rather than column by column), and no row is kept. Default: rows whose
   * personal columns are all "delete" are deleted; otherwise their columns are anonymised or kept.
   */
  deleteRow?: boolean;
  /** A column `restricted_until` that hides the row from lists, search, marketing and exports. */
  restrictable?: boolean;
  /** The table cannot be updated (posted rows, append-only): kept rows are recorded as restricted, not changed. */
  immutable?: boolean;
  /** The audit trail's entity_type for this table's rows, so a breach's window can count the people touched. */
  auditEntityType?: string;
  /** The column that says when a row was last written, for the same count. */
  changedAt?: string;
}

/** The map of one area: its tables, each defined beside the area's schema. */
export function defineDataMap(area: string, controller: TableDataMap["controller"], tables: Array<Omit<TableDataMap, "area" | "controller"> & Partial<Pick<TableDataMap, "controller">>>): TableDataMap[] {
  return tables.map((table) => ({ controller, ...table, area }));
}

export type CatalogColumn = {
  table: string;
  column: string;
};

/** Columns of the database that no map classifies, and map entries for columns the database does not have. */
export function checkDataMap(catalog: readonly CatalogColumn[], maps: readonly TableDataMap[]): { unclassified: string[]; stale: string[] } {
  const byTable = new Map(maps.map((map) => [map.table, map]));
  const unclassified = catalog.filter((c) => !byTable.get(c.table)?.columns[c.column]).map((c) => `${c.table}.${c.column}`);
  const present = new Set(catalog.map((c) => `${c.table}.${c.column}`));
  const stale = maps.flatMap((map) => Object.keys(map.columns).map((column) => `${map.table}.${column}`)).filter((name) => !present.has(name));
  return { unclassified, stale };
}

export function personalColumns(map: TableDataMap): Array<[string, Extract<ColumnClass, { personal: true }>]> {
  return Object.entries(map.columns).filter((entry): entry is [string, Extract<ColumnClass, { personal: true }>] => entry[1].personal);
}

export function describeRetention(rule: RetentionRule, statutoryYears: number): string {
  if (rule.kind === "while") return `${rule.condition}`;
  return rule.kind === "statutory" ? `${statutoryYears} years after ${rule.from.replace(/_/g, " ")} (the organisation's statutory period)` : `${rule.months} months after ${rule.from.replace(/_/g, " ")}`;
}

export function describeErasure(action: ErasureAction, statutoryYears: number): string {
  if (action.kind === "delete") return "deleted";
  if (action.kind === "anonymise") return `anonymised: ${ANONYMISE_STRATEGIES[action.strategy]}`;
  return `kept (${action.reason}) until ${describeRetention(action.until, statutoryYears)}`;
}
