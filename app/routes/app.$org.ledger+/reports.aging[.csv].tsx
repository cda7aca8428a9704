import type { LoaderFunctionArgs } from "@remix-run/node";
import { agingReport, agingTable } from "~/modules/ledger/reports/aging.server";
import { AGING_FIELDS } from "~/modules/ledger/reports/filters";
import { reportDownload, reportFilename } from "~/utils/reports.server";

/** The receivables or payables aging of the page's filter, as CSV. */
export function loader(args: LoaderFunctionArgs) {
  return reportDownload(args, AGING_FIELDS, async (filter, inTenant) => ({
    filename: reportFilename(filter.kind === "customer" ? "receivables-aging" : "payables-aging", filter.asOf),
    table: agingTable(await inTenant((tx) => agingReport(tx, filter))),
  }));
}
