import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { postgresError, UNIQUE_VIOLATION, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { AppError } from "~/modules/platform/errors";
import { isUuid } from "~/utils/ids";
import { containsPattern } from "~/modules/parties/parties.server";
import { inventorySettings, warehouseBins, warehouses } from "./schema";

export type Warehouse = typeof warehouses.$inferSelect;
export type WarehouseBin = typeof warehouseBins.$inferSelect;

export const MAIN_WAREHOUSE = { code: "MAIN", name: "Main warehouse" } as const;

const NOT_FOUND = "That warehouse does not exist in this organisation.";

export interface WarehouseInput {
  code: string;
  name: string;
  address?: string;
}

function checkInput(input: WarehouseInput) {
  const code = input.code?.trim() ?? "";
  const name = input.name?.trim() ?? "";
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/.test(code)) {
    throw new AppError("invalid", "The code is 1 to 20 letters, digits, dots, dashes or underscores, starting with a letter or digit.", { reason: "invalid_code", field: "code" });
  }
  if (!name || name.length > 200) throw new AppError("invalid", "Enter the warehouse's name (at most 200 characters).", { reason: "invalid_name", field: "name" });
  return { code, name, address: (input.address ?? "").trim().slice(0, 1000) };
}

function duplicate(error: unknown, code: string): never {
  if (postgresError(error)?.code === UNIQUE_VIOLATION) throw new AppError("conflict", `Another warehouse already has the code ${code}.`, { reason: "duplicate_code", field: "code" });
  throw error;
}

/** The organisation's first warehouse, made with it (app/workflows/create-organisation.server.ts); nothing when it has one. */
export async function createMainWarehouse(tx: Tx): Promise<Warehouse | null> {
  const [existing] = await tx.select({ id: warehouses.id }).from(warehouses).limit(1);
  if (existing) return null;
  const [warehouse] = await tx
    .insert(warehouses)
    .values({ tenantId: sql`app_tenant_id()`, code: MAIN_WAREHOUSE.code, name: MAIN_WAREHOUSE.name, isDefault: true })
    .returning();
  await recordAudit(tx, { action: "inventory.warehouse_created", entityType: "warehouse", entityId: warehouse.id, after: warehouse });
  return warehouse;
}

export async function createWarehouse(tx: Tx, input: WarehouseInput): Promise<Warehouse> {
  const values = checkInput(input);
  const [{ any }] = await tx.select({ any: sql<boolean>`exists (select 1 from ${warehouses})` }).from(sql`(select 1) as one`);
  try {
    const [warehouse] = await tx
      .insert(warehouses)
      .values({ tenantId: sql`app_tenant_id()`, ...values, isDefault: !any })
      .returning();
    await recordAudit(tx, { action: "inventory.warehouse_created", entityType: "warehouse", entityId: warehouse.id, after: warehouse });
    return warehouse;
  } catch (error) {
    duplicate(error, values.code);
  }
}

export async function getWarehouse(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<Warehouse> {
  if (!isUuid(id)) throw new AppError("not_found", NOT_FOUND, { reason: "unknown_warehouse", field: "warehouseId" });
  const query = tx.select().from(warehouses).where(eq(warehouses.id, id));
  const [warehouse] = options.lock ? await query.for("update") : await query;
  if (!warehouse) throw new AppError("not_found", NOT_FOUND, { reason: "unknown_warehouse", field: "warehouseId" });
  return warehouse;
}

export async function findWarehouseByCode(tx: Tx, code: string): Promise<Warehouse | null> {
  const [warehouse] = await tx.select().from(warehouses).where(eq(warehouses.code, code.trim()));
  return warehouse ?? null;
}

/** The default warehouse (the main one unless another was made the default). */
export async function defaultWarehouse(tx: Tx): Promise<Warehouse | null> {
  const [warehouse] = await tx.select().from(warehouses).orderBy(sql`${warehouses.isDefault} desc`, asc(warehouses.createdAt)).limit(1);
  return warehouse ?? null;
}

export async function updateWarehouse(tx: Tx, id: string, input: WarehouseInput): Promise<Warehouse> {
  const before = await getWarehouse(tx, id, { lock: true });
  const values = checkInput(input);
  try {
    const [after] = await tx.update(warehouses).set({ ...values, updatedAt: new Date() }).where(eq(warehouses.id, id)).returning();
    await recordAudit(tx, { action: "inventory.warehouse_updated", entityType: "warehouse", entityId: id, before, after });
    return after;
  } catch (error) {
    duplicate(error, values.code);
  }
}

/** Deactivates or reactivates a warehouse; the default warehouse stays active. */
export async function setWarehouseActive(tx: Tx, id: string, active: boolean): Promise<Warehouse> {
  const before = await getWarehouse(tx, id, { lock: true });
  if (!active && before.isDefault) throw new AppError("conflict", `${before.name} is the default warehouse; make another the default first.`, { reason: "default_warehouse" });
  const [after] = await tx.update(warehouses).set({ isActive: active, updatedAt: new Date() }).where(eq(warehouses.id, id)).returning();
  await recordAudit(tx, { action: active ? "inventory.warehouse_activated" : "inventory.warehouse_deactivated", entityType: "warehouse", entityId: id, before, after });
  return after;
}

export async function setDefaultWarehouse(tx: Tx, id: string): Promise<Warehouse> {
  const target = await getWarehouse(tx, id, { lock: true });
  if (!target.isActive) throw new AppError("conflict", `${target.name} is inactive.`, { reason: "inactive_warehouse" });
  await tx.update(warehouses).set({ isDefault: false }).where(eq(warehouses.isDefault, true));
  const [after] = await tx.update(warehouses).set({ isDefault: true, updatedAt: new Date() }).where(eq(warehouses.id, id)).returning();
  await recordAudit(tx, { action: "inventory.warehouse_default_set", entityType: "warehouse", entityId: id, after });
  return after;
}

export interface WarehouseFilter {
  search?: string;
  status?: "active" | "inactive" | "all";
}

/** Every warehouse (an organisation has a handful), by code. */
export async function listWarehouses(tx: Tx, filter: WarehouseFilter = {}): Promise<Warehouse[]> {
  const conditions: SQL[] = [];
  const status = filter.status ?? "all";
  if (status !== "all") conditions.push(eq(warehouses.isActive, status === "active"));
  const search = filter.search?.trim();
  if (search) conditions.push(or(ilike(warehouses.code, containsPattern(search)), ilike(warehouses.name, containsPattern(search)))!);
  return tx.select().from(warehouses).where(conditions.length ? and(...conditions) : undefined).orderBy(asc(warehouses.code));
}

export async function createBin(tx: Tx, warehouseId: string, input: { code: string; name?: string }): Promise<WarehouseBin> {
  await getWarehouse(tx, warehouseId);
  const code = input.code?.trim() ?? "";
  if (!code || code.length > 40) throw new AppError("invalid", "Enter the bin's code (at most 40 characters).", { reason: "invalid_code", field: "code" });
  try {
    const [bin] = await tx
      .insert(warehouseBins)
      .values({ tenantId: sql`app_tenant_id()`, warehouseId, code, name: (input.name ?? "").trim() })
      .returning();
    await recordAudit(tx, { action: "inventory.bin_created", entityType: "warehouse_bin", entityId: bin.id, after: bin });
    return bin;
  } catch (error) {
    if (postgresError(error)?.code === UNIQUE_VIOLATION) throw new AppError("conflict", `The warehouse already has a bin ${code}.`, { reason: "duplicate_code", field: "code" });
    throw error;
  }
}

export async function listBins(tx: Tx, warehouseId: string): Promise<WarehouseBin[]> {
  await getWarehouse(tx, warehouseId);
  return tx.select().from(warehouseBins).where(eq(warehouseBins.warehouseId, warehouseId)).orderBy(asc(warehouseBins.code));
}

export interface InventorySettings {
  allowNegativeStock: boolean;
}

export async function getInventorySettings(tx: Tx): Promise<InventorySettings> {
  const [row] = await tx.select().from(inventorySettings);
  return { allowNegativeStock: row?.allowNegativeStock ?? false };
}

/** Switches "allow negative stock" on or off for the organisation. */
export async function setAllowNegativeStock(tx: Tx, allow: boolean): Promise<InventorySettings> {
  const before = await getInventorySettings(tx);
  await tx
    .insert(inventorySettings)
    .values({ tenantId: sql`app_tenant_id()`, allowNegativeStock: allow })
    .onConflictDoUpdate({ target: inventorySettings.tenantId, set: { allowNegativeStock: allow, updatedAt: new Date() } });
  await recordAudit(tx, { action: "inventory.settings_updated", entityType: "inventory_settings", before, after: { allowNegativeStock: allow } });
  return { allowNegativeStock: allow };
}
