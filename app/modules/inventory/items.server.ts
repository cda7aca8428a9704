import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { postgresError, UNIQUE_VIOLATION, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { containsPattern } from "~/modules/parties/parties.server";
import { AppError } from "~/modules/platform/errors";
import { isUuid } from "~/utils/ids";
import { decodeCursor, encodeCursor } from "./cursor";
import { parseQuantity } from "./quantities";
import { ITEM_KINDS, itemUnits, items, VALUATION_METHODS, type ItemKind, type ValuationMethod } from "./schema";

export type ItemRecord = typeof items.$inferSelect;
export type ItemUnit = typeof itemUnits.$inferSelect;

/** An item as read: its other units, and its cost unless the reader may not see cost (null then). */
export type Item = Omit<ItemRecord, "costMinor"> & { costMinor: bigint | null; units: ItemUnit[] };

export interface ReadOptions {
  /** False for readers who may not see cost (salesmen): costMinor comes back null. Default true. */
  withCost?: boolean;
}

const NOT_FOUND = "That item does not exist in this organisation.";

export interface ItemUnitInput {
  /** The unit's name ("box"). */
  unit: string;
  /** How many base units one of it holds, as a decimal ("12"). */
  factor: string;
  barcode?: string | null;
}

export interface ItemInput {
  sku: string;
  name: string;
  description?: string;
  category?: string | null;
  unit?: string;
  unitDecimals?: number;
  barcode?: string | null;
  salePriceMinor?: bigint;
  costMinor?: bigint;
  taxRateBp?: number;
  /** Decimal quantities in the base unit, or null for none. */
  reorderLevel?: string | null;
  reorderQty?: string | null;
  kind?: ItemKind;
  lotTracked?: boolean;
  valuation?: ValuationMethod;
  isActive?: boolean;
  /** Replaces the item's other units when given. */
  units?: ItemUnitInput[];
}

const trimOrNull = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** Checks an item's fields, each refusal naming its field; returns the row values. */
export function checkItemInput(input: ItemInput) {
  const sku = input.sku?.trim() ?? "";
  if (!sku || sku.length > 64) throw new AppError("invalid", "Enter the SKU (at most 64 characters).", { reason: "invalid_sku", field: "sku" });
  const name = input.name?.trim() ?? "";
  if (!name || name.length > 200) throw new AppError("invalid", "Enter the item's name (at most 200 characters).", { reason: "invalid_name", field: "name" });
  const unit = input.unit?.trim() || "pcs";
  if (unit.length > 20) throw new AppError("invalid", "The unit is at most 20 characters.", { reason: "invalid_unit", field: "unit" });
  const unitDecimals = input.unitDecimals ?? 0;
  if (!Number.isInteger(unitDecimals) || unitDecimals < 0 || unitDecimals > 6) {
    throw new AppError("invalid", "The unit's decimals are a whole number from 0 to 6.", { reason: "invalid_decimals", field: "unitDecimals" });
  }
  const kind = input.kind ?? "stock";
  if (!ITEM_KINDS.includes(kind)) throw new AppError("invalid", "Choose stock-tracked or service.", { reason: "invalid_kind", field: "kind" });
  const valuation = input.valuation ?? "moving_average";
  if (!VALUATION_METHODS.includes(valuation)) throw new AppError("invalid", "Choose a valuation method.", { reason: "invalid_valuation", field: "valuation" });
  const lotTracked = input.lotTracked ?? false;
  if (lotTracked && kind !== "stock") throw new AppError("invalid", "Only stock-tracked items have lots.", { reason: "service_lots", field: "lotTracked" });
  const money = (value: bigint | undefined, field: string, label: string) => {
    const v = value ?? 0n;
    if (typeof v !== "bigint" || v < 0n || v > 10n ** 15n) throw new AppError("invalid", `${label} must be zero or more.`, { reason: "invalid_amount", field });
    return v;
  };
  const taxRateBp = input.taxRateBp ?? 0;
  if (!Number.isInteger(taxRateBp) || taxRateBp < 0 || taxRateBp > 10000) {
    throw new AppError("invalid", "The tax rate is from 0 to 100% with at most two decimals.", { reason: "invalid_tax_rate", field: "taxRate" });
  }
  const reorder = (value: string | null | undefined, field: string, label: string) =>
    value === null || value === undefined || value.trim() === "" ? null : parseQuantity(value, { decimals: unitDecimals, field, label, allowZero: true, unit });
  const units = input.units ? checkUnits(input.units, { unit, unitDecimals }) : undefined;
  return {
    values: {
      sku,
      name,
      description: (input.description ?? "").trim().slice(0, 5000),
      category: trimOrNull(input.category)?.slice(0, 100) ?? null,
      unit,
      unitDecimals,
      barcode: trimOrNull(input.barcode)?.slice(0, 64) ?? null,
      salePriceMinor: money(input.salePriceMinor, "salePrice", "The sale price"),
      costMinor: money(input.costMinor, "cost", "The cost"),
      taxRateBp,
      reorderLevelMicro: reorder(input.reorderLevel, "reorderLevel", "The reorder level"),
      reorderQtyMicro: reorder(input.reorderQty, "reorderQty", "The reorder quantity"),
      kind,
      lotTracked,
      valuation,
      isActive: input.isActive ?? true,
    },
    units,
  };
}

/**
 * Checks an item's other units against its base unit: a name of 1 to 20 characters, not the base unit's, each once;
 * a factor (base units per one of it) above zero with no more decimals than the base unit has, so that a whole
 * number of boxes is always an exact quantity of the base unit (a box of 2.5 pieces is refused, a sack of 12.5 kg
 * is not). Refusals name the row's field: `units.<row>.unit`, `units.<row>.factor`, `units.<row>.barcode`.
 */
export function checkUnits(units: ItemUnitInput[], base: { unit: string; unitDecimals: number }) {
  const checked = units.map((u, index) => {
    const unitName = u.unit?.trim() ?? "";
    const field = `units.${index}`;
    if (!unitName || unitName.length > 20) throw new AppError("invalid", `Unit ${index + 1}: enter its name (at most 20 characters).`, { reason: "invalid_unit", field: `${field}.unit` });
    if (unitName === base.unit) throw new AppError("invalid", `Unit ${index + 1}: ${unitName} is the base unit already.`, { reason: "duplicate_unit", field: `${field}.unit` });
    const factorMicro = parseQuantity(u.factor ?? "", { decimals: base.unitDecimals, field: `${field}.factor`, label: `Unit ${index + 1}'s factor`, unit: base.unit });
    const barcode = trimOrNull(u.barcode);
    if (barcode && barcode.length > 64) throw new AppError("invalid", `Unit ${index + 1}'s barcode is at most 64 characters.`, { reason: "invalid_barcode", field: `${field}.barcode` });
    return { unit: unitName, factorMicro, barcode };
  });
  const names = new Set<string>();
  const barcodes = new Set<string>();
  for (const [index, u] of checked.entries()) {
    if (names.has(u.unit)) throw new AppError("invalid", `Unit ${index + 1}: ${u.unit} is listed twice; each unit may appear once.`, { reason: "duplicate_unit", field: `units.${index}.unit` });
    if (u.barcode !== null && barcodes.has(u.barcode)) throw new AppError("invalid", `Unit ${index + 1}: each unit needs a barcode of its own.`, { reason: "duplicate_barcode", field: `units.${index}.barcode` });
    names.add(u.unit);
    if (u.barcode !== null) barcodes.add(u.barcode);
  }
  return checked;
}

function uniqueViolation(error: unknown, values: { sku: string; barcode: string | null }): never {
  const info = postgresError(error);
  if (info?.code === UNIQUE_VIOLATION) {
    if (info.constraint?.includes("barcode")) throw new AppError("conflict", `Another item already has the barcode ${values.barcode}.`, { reason: "duplicate_barcode", field: "barcode" });
    throw new AppError("conflict", `Another item already has the SKU ${values.sku}.`, { reason: "duplicate_sku", field: "sku" });
  }
  throw error;
}

async function unitsOf(tx: Tx, itemIds: string[]): Promise<Map<string, ItemUnit[]>> {
  const byItem = new Map<string, ItemUnit[]>();
  if (itemIds.length === 0) return byItem;
  const rows = await tx.select().from(itemUnits).where(inArray(itemUnits.itemId, itemIds)).orderBy(asc(itemUnits.factorMicro));
  for (const row of rows) byItem.set(row.itemId, [...(byItem.get(row.itemId) ?? []), row]);
  return byItem;
}

function shown(record: ItemRecord, units: ItemUnit[], options: ReadOptions): Item {
  return { ...record, costMinor: options.withCost === false ? null : record.costMinor, units };
}

async function writeUnits(tx: Tx, itemId: string, units: ReturnType<typeof checkItemInput>["units"]) {
  if (!units) return;
  await tx.delete(itemUnits).where(eq(itemUnits.itemId, itemId));
  if (units.length) await tx.insert(itemUnits).values(units.map((u) => ({ tenantId: sql`app_tenant_id()`, itemId, ...u })));
}

export async function createItem(tx: Tx, input: ItemInput): Promise<Item> {
  const { values, units } = checkItemInput(input);
  let record: ItemRecord;
  try {
    [record] = await tx.insert(items).values({ tenantId: sql`app_tenant_id()`, ...values }).returning();
  } catch (error) {
    uniqueViolation(error, values);
  }
  await writeUnits(tx, record.id, units);
  const item = shown(record, (await unitsOf(tx, [record.id])).get(record.id) ?? [], {});
  await recordAudit(tx, { action: "inventory.item_created", entityType: "item", entityId: record.id, after: item });
  return item;
}

/** One item; another organisation's id, or one that is not a uuid, is not found (404). */
export async function getItem(tx: Tx, id: string, options: ReadOptions & { lock?: boolean } = {}): Promise<Item> {
  if (!isUuid(id)) throw new AppError("not_found", NOT_FOUND, { reason: "unknown_item", field: "itemId" });
  const query = tx.select().from(items).where(eq(items.id, id));
  const [record] = options.lock ? await query.for("update") : await query;
  if (!record) throw new AppError("not_found", NOT_FOUND, { reason: "unknown_item", field: "itemId" });
  return shown(record, (await unitsOf(tx, [id])).get(id) ?? [], options);
}

/** Changes an item. The base unit and its decimals cannot change once the item has stock moves. */
export async function updateItem(tx: Tx, id: string, input: ItemInput): Promise<Item> {
  const before = await getItem(tx, id, { lock: true });
  const { values, units } = checkItemInput(input);
  if (values.unit !== before.unit || values.unitDecimals < before.unitDecimals || values.lotTracked !== before.lotTracked || values.kind !== before.kind) {
    const [{ moved }] = await tx.select({ moved: sql<boolean>`exists (select 1 from stock_moves m where m.item_id = ${id})` }).from(sql`(select 1) as one`);
    if (moved) {
      const field = values.unit !== before.unit ? "unit" : values.unitDecimals < before.unitDecimals ? "unitDecimals" : values.kind !== before.kind ? "kind" : "lotTracked";
      throw new AppError("conflict", "The item has stock moves: its unit, fewer decimals, kind and lot tracking can no longer change.", { reason: "item_in_use", field });
    }
  }
  let record: ItemRecord;
  try {
    [record] = await tx.update(items).set({ ...values, updatedAt: new Date() }).where(eq(items.id, id)).returning();
  } catch (error) {
    uniqueViolation(error, values);
  }
  await writeUnits(tx, id, units);
  const after = shown(record, (await unitsOf(tx, [id])).get(id) ?? [], {});
  await recordAudit(tx, { action: "inventory.item_updated", entityType: "item", entityId: id, before, after });
  return after;
}

/** Replaces the item's other units (a box of 12, a pallet of 480): checked as checkUnits says, audited with before and after. */
export async function setItemUnits(tx: Tx, id: string, units: ItemUnitInput[]): Promise<Item> {
  const before = await getItem(tx, id, { lock: true });
  if (units.length > 20) throw new AppError("invalid", "An item has at most 20 other units.", { reason: "too_many_units", field: "units" });
  const checked = checkUnits(units, before);
  const clash = checked.find((u) => u.barcode !== null && u.barcode === before.barcode);
  if (clash) throw new AppError("conflict", `${clash.barcode} is the item's own barcode.`, { reason: "duplicate_barcode", field: `units.${checked.indexOf(clash)}.barcode` });
  await writeUnits(tx, id, checked);
  await tx.update(items).set({ updatedAt: new Date() }).where(eq(items.id, id));
  const after = await getItem(tx, id);
  await recordAudit(tx, { action: "inventory.item_units_updated", entityType: "item", entityId: id, before: { units: before.units }, after: { units: after.units } });
  return after;
}

export async function setItemActive(tx: Tx, id: string, active: boolean): Promise<Item> {
  const before = await getItem(tx, id, { lock: true });
  const [record] = await tx.update(items).set({ isActive: active, updatedAt: new Date() }).where(eq(items.id, id)).returning();
  const after = shown(record, before.units, {});
  await recordAudit(tx, { action: active ? "inventory.item_activated" : "inventory.item_deactivated", entityType: "item", entityId: id, before, after });
  return after;
}

/** The item a scanned or typed code names: its barcode, a unit's barcode, or its SKU (exact). Null when none. */
export async function findItemByCode(tx: Tx, code: string, options: ReadOptions = {}): Promise<{ item: Item; unit: string } | null> {
  const value = code.trim();
  if (!value || value.length > 64) return null;
  const [match] = await tx
    .select({ record: items, unit: sql<string>`coalesce(u.unit, ${items.unit})` })
    .from(items)
    .leftJoin(sql`item_units u`, sql`u.tenant_id = ${items.tenantId} and u.item_id = ${items.id} and u.barcode = ${value}`)
    .where(sql`${items.barcode} = ${value} or u.unit is not null or ${items.sku} = ${value}`)
    .orderBy(sql`(${items.barcode} = ${value}) desc nulls last, (u.unit is not null) desc`)
    .limit(1);
  if (!match) return null;
  return { item: shown(match.record, (await unitsOf(tx, [match.record.id])).get(match.record.id) ?? [], options), unit: match.unit };
}

export async function findItemBySku(tx: Tx, sku: string, options: ReadOptions = {}): Promise<Item | null> {
  const [record] = await tx.select().from(items).where(eq(items.sku, sku.trim()));
  return record ? shown(record, (await unitsOf(tx, [record.id])).get(record.id) ?? [], options) : null;
}

/** The items with these SKUs (for an import's check), by SKU. */
export async function findItemsBySkus(tx: Tx, skus: string[]): Promise<Map<string, ItemRecord>> {
  if (skus.length === 0) return new Map();
  const rows = await tx.select().from(items).where(inArray(items.sku, [...new Set(skus)]));
  return new Map(rows.map((r) => [r.sku, r]));
}

/** The items with these ids (for another area's page that names them), by id; ids that are not uuids find nothing. */
export async function findItemsByIds(tx: Tx, ids: Iterable<string>): Promise<Map<string, ItemRecord>> {
  const wanted = [...new Set(ids)].filter(isUuid);
  if (wanted.length === 0) return new Map();
  const rows = await tx.select().from(items).where(inArray(items.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

export const ITEM_SORTS = ["sku", "name", "category", "sale_price", "updated"] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];
export const ITEM_PAGE_SIZE = 50;

export interface ItemFilter {
  /** Part of the SKU, name or barcode, any case. */
  search?: string;
  category?: string;
  kind?: ItemKind;
  status?: "active" | "inactive" | "all";
  /** Only items at or below their reorder level (over all warehouses). */
  belowReorder?: boolean;
  sort?: ItemSort;
  direction?: "asc" | "desc";
  /** The `next` token of the page before. */
  after?: string | null;
  limit?: number;
}

/** An item in a list, with its stock over all warehouses. */
export type ItemListRow = Item & { onHandMicro: bigint; reservedMicro: bigint; availableMicro: bigint };

export interface ItemPage {
  rows: ItemListRow[];
  /** The token of the next page, or null on the last. */
  next: string | null;
}

function sortExpression(sort: ItemSort): { expr: SQL; cast: SQL; toCursor: (r: ItemRecord) => string | number | null } {
  switch (sort) {
    case "name":
      return { expr: sql`${items.name}`, cast: sql`::text`, toCursor: (r) => r.name };
    case "category":
      return { expr: sql`coalesce(${items.category}, '')`, cast: sql`::text`, toCursor: (r) => r.category ?? "" };
    case "sale_price":
      return { expr: sql`${items.salePriceMinor}`, cast: sql`::bigint`, toCursor: (r) => r.salePriceMinor.toString() };
    case "updated":
      return { expr: sql`${items.updatedAt}`, cast: sql`::timestamptz`, toCursor: (r) => r.updatedAt.toISOString() };
    default:
      return { expr: sql`${items.sku}`, cast: sql`::text`, toCursor: (r) => r.sku };
  }
}

/** Items by the chosen order (then by SKU, which is unique), a keyset page at a time (any depth costs the same), with their stock. */
export async function listItems(tx: Tx, filter: ItemFilter = {}, options: ReadOptions = {}): Promise<ItemPage> {
  const sort = ITEM_SORTS.includes(filter.sort as ItemSort) ? (filter.sort as ItemSort) : "sku";
  const desc = filter.direction === "desc";
  const limit = Math.min(Math.max(filter.limit ?? ITEM_PAGE_SIZE, 1), 500);
  const { expr, cast, toCursor } = sortExpression(sort);
  const conditions: SQL[] = [];
  const status = filter.status ?? "active";
  if (status !== "all") conditions.push(eq(items.isActive, status === "active"));
  if (filter.kind) conditions.push(eq(items.kind, filter.kind));
  if (filter.category?.trim()) conditions.push(eq(items.category, filter.category.trim()));
  const search = filter.search?.trim();
  if (search) {
    const pattern = containsPattern(search);
    conditions.push(sql`(${items.sku} ilike ${pattern} or ${items.name} ilike ${pattern} or ${items.barcode} = ${search})`);
  }
  const stock = sql`(select coalesce(sum(b.on_hand_micro), 0) from stock_balances b where b.item_id = ${items.id})`;
  if (filter.belowReorder) conditions.push(sql`${items.reorderLevelMicro} is not null and ${stock} <= ${items.reorderLevelMicro}`);
  const cursor = decodeCursor(filter.after, 2);
  if (cursor && typeof cursor[1] === "string" && cursor[0] !== null) {
    conditions.push(desc ? sql`(${expr}, ${items.sku}) < (${cursor[0]}${cast}, ${cursor[1]}::text)` : sql`(${expr}, ${items.sku}) > (${cursor[0]}${cast}, ${cursor[1]}::text)`);
  }
  const rows = await tx
    .select({
      record: items,
      onHand: sql<string>`${stock}`,
      reserved: sql<string>`(select coalesce(sum(b.reserved_micro), 0) from stock_balances b where b.item_id = ${items.id})`,
    })
    .from(items)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc ? sql`${expr} desc, ${items.sku} desc` : sql`${expr} asc, ${items.sku} asc`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const units = await unitsOf(tx, page.map((r) => r.record.id));
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => {
      const onHandMicro = BigInt(r.onHand);
      const reservedMicro = BigInt(r.reserved);
      return { ...shown(r.record, units.get(r.record.id) ?? [], options), onHandMicro, reservedMicro, availableMicro: onHandMicro - reservedMicro };
    }),
    next: rows.length > limit && last ? encodeCursor([toCursor(last.record), last.record.sku]) : null,
  };
}

/** The categories in use, for a filter. */
export async function listItemCategories(tx: Tx): Promise<string[]> {
  const rows = await tx.selectDistinct({ category: items.category }).from(items).where(sql`${items.category} is not null`).orderBy(asc(items.category));
  return rows.map((r) => r.category!);
}

/** Base units per one `unit` of the item, in millionths (1000000 for the base unit itself). */
export function unitFactor(item: Pick<Item, "unit" | "units" | "sku">, unit: string | null | undefined, field = "unit"): bigint {
  if (!unit || unit === item.unit) return 1_000_000n;
  const found = item.units.find((u) => u.unit === unit);
  if (!found) throw new AppError("invalid", `${item.sku} is not counted in ${unit}; use ${[item.unit, ...item.units.map((u) => u.unit)].join(", ")}.`, { reason: "unknown_unit", field });
  return found.factorMicro;
}

/** Whether the organisation has any item yet (a new organisation's dashboard asks for the first). */
export async function hasItems(tx: Tx): Promise<boolean> {
  const [row] = await tx.select({ any: sql<boolean>`exists (select 1 from ${items})` }).from(sql`(select 1) as one`);
  return Boolean(row?.any);
}
