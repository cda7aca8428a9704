import { canSeeCost } from "~/modules/inventory/cost";
import { asOfExportQuerySchema, balanceExportQuerySchema, itemExportQuerySchema, MOVE_EXPORT_DATE_FIELDS, moveExportQuerySchema } from "~/modules/inventory/export-queries";
import { asOfExport, balancesExport, itemsExport, movesExport } from "~/modules/inventory/exports.server";
import { AS_OF_DATE_FIELDS } from "~/modules/inventory/forms";
import { findItemByCode, type ItemSort } from "~/modules/inventory/items.server";
import type { MoveKind } from "~/modules/inventory/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { todayIn } from "./dates";
import type { ExportTable } from "./export";
import { csvDownload, xlsxDownload } from "./export.server";
import { readQuery } from "./forms";

/*
 * The inventory downloads' loaders (`items[.csv].tsx`, `stock[.xlsx].tsx`, ...): the member's permission, the list
 * page's own query string read by the same parameters, then the table streamed as CSV or .xlsx. A parameter the
 * page would ignore is ignored here too, so the file always holds what the page lists.
 */

export type InventoryDownload = "items" | "stock" | "stock-as-of" | "moves";
export type DownloadFormat = "csv" | "xlsx";

/** An id no record has: the filter of an item that does not exist. */
const NO_RECORD = "00000000-0000-0000-0000-000000000000";

const SHEETS: Record<InventoryDownload, string> = { items: "Items", stock: "Stock balances", "stock-as-of": "Stock as at a date", moves: "Move ledger" };

export async function inventoryDownload(request: Request, orgSlug: string | undefined, which: InventoryDownload, format: DownloadFormat): Promise<Response> {
  const member = await requireMember(request, orgSlug, "inventory:read");
  const inTransaction = <T,>(work: Parameters<typeof withTenant<T>>[1]) => withTenant(member.actor, work);
  const options = { currency: member.organisation.currency, withCost: canSeeCost(member.role) };
  let table: ExportTable<unknown>;
  if (which === "items") {
    const { query } = readQuery(request, itemExportQuerySchema);
    table = itemsExport(
      inTransaction,
      {
        search: query.q,
        category: query.category,
        kind: query.kind,
        status: query.status,
        belowReorder: query.reorder === "below",
        sort: query.sort as ItemSort | undefined,
        direction: query.direction,
      },
      options,
    ) as ExportTable<unknown>;
  } else if (which === "stock") {
    const { query } = readQuery(request, balanceExportQuerySchema);
    table = balancesExport(inTransaction, { warehouseId: query.warehouse, search: query.q, hideZero: query.zero !== "show" }, options) as ExportTable<unknown>;
  } else if (which === "stock-as-of") {
    const { query } = readQuery(request, asOfExportQuerySchema, { dates: { locale: member.organisation.locale, fields: AS_OF_DATE_FIELDS } });
    const date = query.date ?? todayIn(member.organisation.timeZone);
    table = asOfExport(inTransaction, { date, warehouseId: query.warehouse, search: query.q }, options) as ExportTable<unknown>;
  } else {
    const { query } = readQuery(request, moveExportQuerySchema, { dates: { locale: member.organisation.locale, fields: MOVE_EXPORT_DATE_FIELDS } });
    // The item filter takes a SKU or a scanned barcode, as the page's does; one that names no item lists nothing.
    const item = query.item ? await withTenant(member.actor, (tx) => findItemByCode(tx, query.item!, { withCost: false })) : null;
    const itemId = query.item ? (item?.item.id ?? NO_RECORD) : undefined;
    table = movesExport(
      inTransaction,
      { itemId, warehouseId: query.warehouse, kind: query.kind as MoveKind | undefined, from: query.from, to: query.to },
      options,
    ) as ExportTable<unknown>;
  }
  const filename = `${which}-${member.organisation.slug}-${todayIn(member.organisation.timeZone)}.${format}`;
  return format === "csv" ? csvDownload(filename, table) : xlsxDownload(filename, table, { sheetName: SHEETS[which] });
}
