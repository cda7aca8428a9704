import type { LoaderFunctionArgs } from "@remix-run/node";
import { RANGE_FIELDS } from "~/modules/ledger/reports/filters";
import { profitAndLoss, profitAndLossTable } from "~/modules/ledger/reports/profit-and-loss.server";
import { reportDownload, reportFilename } from "~/utils/reports.server";

/** The profit and loss of the page's filter, as CSV. */
export function loader(args: LoaderFunctionArgs) {
  return reportDownload(args, RANGE_FIELDS, async (filter, inTenant) => ({
    filename: reportFilename("profit-and-loss", filter.from, filter.to),
    table: profitAndLossTable(await inTenant((tx) => profitAndLoss(tx, filter))),
  }));
}
