import type { LoaderFunctionArgs } from "@remix-run/node";
import { balanceSheet, balanceSheetTable } from "~/modules/ledger/reports/balance-sheet.server";
import { AS_OF_FIELDS } from "~/modules/ledger/reports/filters";
import { reportDownload, reportFilename } from "~/utils/reports.server";

/** The balance sheet of the page's filter, as CSV. */
export function loader(args: LoaderFunctionArgs) {
  return reportDownload(args, AS_OF_FIELDS, async (filter, inTenant) => ({
    filename: reportFilename("balance-sheet", filter.asOf),
    table: balanceSheetTable(await inTenant((tx) => balanceSheet(tx, filter))),
  }));
}
