import type { LoaderFunctionArgs } from "@remix-run/node";
import { inventoryDownload } from "~/utils/inventory-downloads.server";

/** The items the list's filters match (the same query string), as CSV, streamed as read. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return inventoryDownload(request, params.org, "items", "csv");
}
