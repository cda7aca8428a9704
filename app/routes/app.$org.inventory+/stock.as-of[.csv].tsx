import type { LoaderFunctionArgs } from "@remix-run/node";
import { inventoryDownload } from "~/utils/inventory-downloads.server";

/** The stock as at the page's date, filtered as the page is (the same query string), as CSV, streamed as read. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return inventoryDownload(request, params.org, "stock-as-of", "csv");
}
