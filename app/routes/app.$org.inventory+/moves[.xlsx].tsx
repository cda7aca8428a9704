import type { LoaderFunctionArgs } from "@remix-run/node";
import { inventoryDownload } from "~/utils/inventory-downloads.server";

/** The moves the move ledger's filters match (the same query string), as an Excel workbook, streamed as read. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return inventoryDownload(request, params.org, "moves", "xlsx");
}
