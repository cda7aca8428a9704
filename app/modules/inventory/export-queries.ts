import { z } from "zod";
import { queryChoice, queryDate, queryText, queryUuid } from "~/utils/query-fields";
import { ITEM_SORTS } from "./items.server";
import { MOVE_KINDS } from "./schema";

/*
 * The query strings of the inventory downloads: the same parameters as the list pages they download (items, stock
 * balances, the move ledger), so a page's download link is its own query string with .csv or .xlsx added.
 */

export const itemExportQuerySchema = z.object({
  q: queryText(100),
  category: queryText(100),
  kind: queryChoice(["stock", "service"] as const),
  status: queryChoice(["active", "inactive", "all"] as const),
  reorder: queryChoice(["below"] as const),
  sort: queryChoice(ITEM_SORTS as unknown as readonly [string, ...string[]]),
  direction: queryChoice(["asc", "desc"] as const),
});

export const balanceExportQuerySchema = z.object({
  warehouse: queryUuid,
  q: queryText(100),
  zero: queryChoice(["show"] as const),
});

export const MOVE_EXPORT_DATE_FIELDS = { from: "start date", to: "end date" };

export const moveExportQuerySchema = z.object({
  item: queryText(64),
  warehouse: queryUuid,
  kind: queryChoice(MOVE_KINDS as unknown as readonly [string, ...string[]]),
  from: queryDate,
  to: queryDate,
});

export const asOfExportQuerySchema = z.object({
  date: queryDate,
  warehouse: queryUuid,
  q: queryText(100),
});
