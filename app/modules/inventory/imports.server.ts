import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { databaseHandle, type Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { AppError, isAppError } from "~/modules/platform/errors";
import { describeError } from "~/modules/platform/jobs.server";
import { withTenant, type TenantActor } from "~/modules/tenancy/context.server";
import { currentOrganisationSettings } from "~/modules/tenancy/organisations.server";
import { isUuid } from "~/utils/ids";
import type { UploadedTable } from "~/utils/spreadsheet-import.server";
import {
  checkItemRows,
  checkOpeningStockRows,
  headerIn,
  ITEM_COLUMNS,
  mapHeaders,
  OPENING_STOCK_COLUMNS,
  RowErrors,
  type ImportKind,
  type ItemImportRow,
  type OpeningStockImportRow,
  type RowError,
} from "./import-rows";
import { inventoryImportFiles, inventoryImports, type ImportStatus } from "./schema";
import { openingStockWriter, itemWriter } from "./import-writers.server";

/*
 * Imports of items and opening stock as background work the import page follows
 * (docs/decisions/0021-spreadsheet-imports-and-xlsx-exports.md):
 *
 *   upload → checking → invalid (the problems, nothing written) | ready (a preview) → importing → imported | failed
 *
 * The upload stores the file's rows and returns at once; checking and importing run in the server's process,
 * recording their progress in inventory_imports in short transactions of their own, so a reloaded page finds
 * them where they are. The import itself is one transaction: every row or none, and the status "imported" is
 * set in that same transaction, so an import is never applied twice. Work that stopped (the server restarted)
 * is started again when its page is next read and its progress is older than STALE_AFTER_MS.
 */

/** Rows per progress step: how often the progress bar moves. */
const PROGRESS_STEP = 1000;
/** Work whose progress has not moved for this long is taken to have stopped with its process. */
export const STALE_AFTER_MS = 60_000;
/** Rows shown in the preview of a clean file. */
export const PREVIEW_ROWS = 20;

export interface ImportState {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  filename: string;
  format: "csv" | "xlsx";
  rowCount: number;
  processed: number;
  errorCount: number;
  errors: RowError[];
  preview: Array<Record<string, string>>;
  importedCount: number;
  failure: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** Checking or importing with no progress for STALE_AFTER_MS: its process is gone. */
  stalled: boolean;
}

const NOT_FOUND = "That import does not exist in this organisation.";

function stateOf(row: typeof inventoryImports.$inferSelect & { stalled?: boolean }): ImportState {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    filename: row.filename,
    format: row.format,
    rowCount: row.rowCount,
    processed: row.processed,
    errorCount: row.errorCount,
    errors: row.errors as RowError[],
    preview: row.preview as Array<Record<string, string>>,
    importedCount: row.importedCount,
    failure: row.failure,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
    stalled: row.stalled === true,
  };
}

/** Records an uploaded file as an import to check; returns its id. The checking is started by startImportWork. */
export async function createImport(tx: Tx, input: { kind: ImportKind; filename: string; table: UploadedTable; userId: string | null }): Promise<string> {
  const [created] = await tx
    .insert(inventoryImports)
    .values({
      tenantId: sql`app_tenant_id()`,
      kind: input.kind,
      status: "checking",
      filename: input.filename.slice(0, 200),
      format: input.table.format,
      rowCount: input.table.rows.length,
      createdByUserId: input.userId,
    })
    .returning({ id: inventoryImports.id });
  await tx.insert(inventoryImportFiles).values({ tenantId: sql`app_tenant_id()`, importId: created.id, headers: input.table.headers, rows: input.table.rows });
  await recordAudit(tx, {
    action: "inventory.import_uploaded",
    entityType: "inventory_import",
    entityId: created.id,
    after: { kind: input.kind, filename: input.filename, format: input.table.format, rows: input.table.rows.length },
  });
  return created.id;
}

/** An import of the organisation; a 404 for one that does not exist here (another organisation's included). */
export async function getImport(tx: Tx, id: string): Promise<ImportState> {
  if (!isUuid(id)) throw new AppError("not_found", NOT_FOUND);
  const [row] = await tx
    .select({
      import: inventoryImports,
      stalled: sql<boolean>`${inventoryImports.status} in ('checking', 'importing') and ${inventoryImports.updatedAt} < now() - make_interval(secs => ${STALE_AFTER_MS / 1000})`,
    })
    .from(inventoryImports)
    .where(eq(inventoryImports.id, id));
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return stateOf({ ...row.import, stalled: row.stalled });
}

/** The organisation's latest imports, newest first. */
export async function listImports(tx: Tx, limit = 10): Promise<ImportState[]> {
  const rows = await tx.select().from(inventoryImports).orderBy(desc(inventoryImports.createdAt), desc(inventoryImports.id)).limit(limit);
  return rows.map((row) => stateOf(row));
}

/** Starts importing a checked, clean file: ready → importing. Refused (409) in any other state. */
export async function confirmImport(tx: Tx, id: string): Promise<ImportState> {
  const current = await getImport(tx, id);
  if (current.status !== "ready") {
    throw new AppError("conflict", current.status === "invalid" ? "This file has problems: fix them and upload it again." : "This import is not waiting to be confirmed.", {
      reason: "not_ready",
    });
  }
  await tx.update(inventoryImports).set({ status: "importing", processed: 0, updatedAt: sql`now()` }).where(eq(inventoryImports.id, id));
  await recordAudit(tx, { action: "inventory.import_confirmed", entityType: "inventory_import", entityId: id, after: { kind: current.kind, rows: current.rowCount } });
  return { ...current, status: "importing", processed: 0 };
}

// ---------------------------------------------------------------------------------------------------------
// The background work.

const runningKey = Symbol.for("folio.inventory.imports");
function running(): Set<string> {
  const holder = globalThis as typeof globalThis & { [runningKey]?: Set<string> };
  return (holder[runningKey] ??= new Set());
}

/** Whether this process is working on the import now. */
export function isImportRunningHere(tenantId: string, id: string): boolean {
  return running().has(`${tenantId}:${id}`);
}

/**
 * Does what the import waits for, as `actor` (the member who uploaded or confirmed it, or who found it stalled):
 * checks a file being checked, imports one being imported. Returns at the end of that work; the routes call it
 * without waiting. Once per import at a time in a process; failures are recorded on the import, never thrown.
 */
export async function runImportWork(actor: TenantActor, id: string): Promise<void> {
  const key = `${actor.tenantId}:${id}`;
  if (running().has(key)) return;
  running().add(key);
  try {
    const state = await withTenant(actor, (tx) => getImport(tx, id));
    if (state.status === "checking") await checkImport(actor, state);
    else if (state.status === "importing") await performImport(actor, state);
  } catch (error) {
    // The database's own message, not the failed statement that drizzle puts in front of it.
    const message = isAppError(error) ? error.message : describeError(error);
    await withTenant(actor, (tx) =>
      tx
        .update(inventoryImports)
        .set({ status: "failed", failure: message.slice(0, 2000), finishedAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(inventoryImports.id, id), inArray(inventoryImports.status, ["checking", "importing"]))),
    ).catch(() => {});
  } finally {
    running().delete(key);
  }
}

/** Starts runImportWork without waiting for it (what a route does after answering). */
export function startImportWork(actor: TenantActor, id: string): void {
  void runImportWork(actor, id);
}

async function readFile(tx: Tx, id: string): Promise<{ headers: string[]; rows: Array<{ line: number; cells: string[] }> }> {
  const [file] = await tx.select().from(inventoryImportFiles).where(eq(inventoryImportFiles.importId, id));
  if (!file) throw new Error("the import's file is gone");
  return { headers: file.headers, rows: file.rows };
}

async function reportProgress(actor: TenantActor, id: string, processed: number) {
  await withTenant(actor, (tx) => tx.update(inventoryImports).set({ processed, updatedAt: sql`now()` }).where(eq(inventoryImports.id, id)));
}

const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/** What the import writes, per kind: checks against the organisation, a preview row, and the writing itself. */
export interface ImportWriter<Row> {
  /** Problems the organisation's data shows (an SKU it has already, a warehouse it has not). */
  checkAgainstOrganisation(tx: Tx, rows: Row[], errors: RowErrors, headerOf: (key: string) => string): Promise<void>;
  preview(row: Row): Record<string, string>;
  /**
   * Writes every row in `tx`, calling `progress` every `step` rows; returns how many were written. A row the
   * operation refuses throws ImportRowRefused, which rolls the whole import back and reports that row.
   */
  write(tx: Tx, rows: Row[], context: WriteContext): Promise<number>;
}

export interface WriteContext {
  importId: string;
  step: number;
  progress: (done: number) => Promise<void>;
  headerOf: (key: string) => string;
}

/** A row refused while writing (by a rule only the operation checks): the import is rolled back and reports it. */
export class ImportRowRefused extends Error {
  constructor(readonly problem: RowError) {
    super(`line ${problem.line}: ${problem.message}`);
  }
}

/** Rows checked a chunk at a time (about 0.2 ms a row) between which the event loop is given back, so a large file blocks no one. */
const CHECK_CHUNK = 500;

type InTransaction = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Every row checked, alone, against the others and against the organisation. The file is read and the
 * organisation checked through `inTransaction`; the rows are checked outside any transaction, so `onChunk` can
 * record the progress (on PGlite too, whose one connection an open transaction would hold).
 */
async function checkedRows(inTransaction: InTransaction, state: Pick<ImportState, "id" | "kind">, currency: string, onChunk?: (done: number) => Promise<void>) {
  const file = await inTransaction((tx) => readFile(tx, state.id));
  const columns = state.kind === "items" ? ITEM_COLUMNS : OPENING_STOCK_COLUMNS;
  const headers = mapHeaders(file.headers, columns);
  const headerOf = (key: string) => headerIn(headers, columns, key);
  if (!headers.ok) return { rows: [], errors: headers.errors, errorCount: headers.errors.length, headerOf };
  const errors = new RowErrors();
  const rows: Array<ItemImportRow | OpeningStockImportRow> = [];
  for (let start = 0; start < file.rows.length; start += CHECK_CHUNK) {
    const chunk = { headers: file.headers, rows: file.rows.slice(start, start + CHECK_CHUNK) };
    const checked = state.kind === "items" ? checkItemRows(chunk, currency) : checkOpeningStockRows(chunk, currency);
    for (const error of checked.errors) errors.add(error);
    errors.count += checked.errorCount - checked.errors.length;
    rows.push(...checked.rows);
    await onChunk?.(Math.min(file.rows.length, start + CHECK_CHUNK));
    await yieldToOthers();
  }
  // Within a chunk a repeated SKU or barcode is refused already; across chunks, here.
  if (state.kind === "items") crossChunkDuplicates(rows as ItemImportRow[], errors, headerOf("sku"), headerOf("barcode"));
  const unique = state.kind === "items" ? withoutRepeats(rows as ItemImportRow[]) : rows;
  await inTransaction((tx) => writerFor(state.kind).checkAgainstOrganisation(tx, unique, errors, headerOf));
  errors.list.sort((a, b) => a.line - b.line);
  return { rows: unique, errors: errors.list, errorCount: errors.count, headerOf };
}

function withoutRepeats(rows: ItemImportRow[]): ItemImportRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.sku) && seen.add(row.sku));
}

function crossChunkDuplicates(rows: ItemImportRow[], errors: RowErrors, skuHeader: string, barcodeHeader: string) {
  const bySku = new Map<string, number>();
  const byBarcode = new Map<string, number>();
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    const earlier = bySku.get(row.sku);
    if (earlier !== undefined) {
      errors.add({ line: row.line, column: skuHeader, message: `The SKU ${row.sku} is already on line ${earlier}: each SKU once.` });
      continue;
    }
    bySku.set(row.sku, row.line);
    if (row.barcode) {
      const sameBarcode = byBarcode.get(row.barcode);
      if (sameBarcode !== undefined) errors.add({ line: row.line, column: barcodeHeader, message: `The barcode ${row.barcode} is already on line ${sameBarcode}.` });
      else byBarcode.set(row.barcode, row.line);
    }
  }
}

function writerFor(kind: ImportKind): ImportWriter<ItemImportRow | OpeningStockImportRow> {
  return (kind === "items" ? itemWriter : openingStockWriter) as ImportWriter<ItemImportRow | OpeningStockImportRow>;
}

async function currencyOf(tx: Tx): Promise<string> {
  return (await currentOrganisationSettings(tx)).currency;
}

/** Checks every row; records the problems (status invalid) or a preview (status ready). Writes nothing else. */
async function checkImport(actor: TenantActor, state: ImportState): Promise<void> {
  const currency = await withTenant(actor, currencyOf);
  const checked = await checkedRows(
    (work) => withTenant(actor, work),
    state,
    currency,
    (done) => reportProgress(actor, state.id, done),
  );
  const writer = writerFor(state.kind);
  await withTenant(actor, async (tx) => {
    const clean = checked.errorCount === 0;
    await tx
      .update(inventoryImports)
      .set({
        status: clean ? "ready" : "invalid",
        processed: state.rowCount,
        errorCount: checked.errorCount,
        errors: checked.errors,
        preview: clean ? checked.rows.slice(0, PREVIEW_ROWS).map((row) => writer.preview(row)) : [],
        finishedAt: clean ? null : sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(inventoryImports.id, state.id), eq(inventoryImports.status, "checking")));
    // A refused file is not kept.
    if (!clean) await tx.delete(inventoryImportFiles).where(eq(inventoryImportFiles.importId, state.id));
  });
}

/** The import's transaction; a row refused while writing rolls it back and comes out as that row's problem. */
async function attempt<T>(actor: TenantActor, work: (tx: Tx) => Promise<T>) {
  try {
    return await withTenant(actor, work);
  } catch (error) {
    if (error instanceof ImportRowRefused) return { done: true as const, errors: { rows: [], errors: [error.problem], errorCount: 1 } };
    throw error;
  }
}

/**
 * Imports a confirmed file in one transaction: takes the import's advisory lock, checks the rows again against the organisation
 * as it is now, writes every row, and marks the import imported, all or nothing.
 */
async function performImport(actor: TenantActor, state: ImportState): Promise<void> {
  const currency = await withTenant(actor, currencyOf);
  const postgres = databaseHandle().kind === "postgres";
  const outcome = await attempt(actor, async (tx) => {
    // One writer per import: a transaction-level advisory lock, not a lock on the import's row, which the progress
    // is written to from other connections meanwhile. A second runner waits here, then finds it imported.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`folio.inventory.import.${state.id}`}))`);
    const [locked] = await tx.select({ status: inventoryImports.status }).from(inventoryImports).where(eq(inventoryImports.id, state.id));
    if (locked?.status !== "importing") return { done: false as const };
    const checked = await checkedRows((work) => work(tx), state, currency);
    if (checked.errorCount > 0) return { done: true as const, errors: checked };
    const writer = writerFor(state.kind);
    const written = await writer.write(tx, checked.rows, {
      importId: state.id,
      step: PROGRESS_STEP,
      // On Postgres the progress is written beside this transaction, on another connection; PGlite has one.
      progress: async (done) => {
        if (postgres) await reportProgress(actor, state.id, done);
      },
      headerOf: checked.headerOf,
    });
    await tx
      .update(inventoryImports)
      .set({ status: "imported", processed: state.rowCount, importedCount: written, finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(inventoryImports.id, state.id));
    await tx.delete(inventoryImportFiles).where(eq(inventoryImportFiles.importId, state.id));
    await recordAudit(tx, {
      action: state.kind === "items" ? "inventory.items_imported" : "inventory.opening_stock_imported",
      entityType: "inventory_import",
      entityId: state.id,
      after: { filename: state.filename, rows: written },
    });
    return { done: true as const, errors: null };
  });
  if (outcome.done && outcome.errors) {
    // Since the check, the organisation changed (another member added an SKU of the file): nothing was written.
    const found = outcome.errors;
    await withTenant(actor, async (tx) => {
      await tx
        .update(inventoryImports)
        .set({ status: "invalid", errorCount: found.errorCount, errors: found.errors, preview: [], finishedAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(inventoryImports.id, state.id), eq(inventoryImports.status, "importing")));
      await tx.delete(inventoryImportFiles).where(eq(inventoryImportFiles.importId, state.id));
    });
  }
}
