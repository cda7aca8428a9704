import type { LoaderFunctionArgs } from "@remix-run/node";
import { RANGE_FIELDS } from "~/modules/ledger/reports/filters";
import { trialBalance, trialBalanceTable } from "~/modules/ledger/reports/trial-balance.server";
import { reportDownload, reportFilename } from "~/utils/reports.server";

/** The trial balance of the page's filter, as CSV. */
export function loader(args: LoaderFunctionArgs) {
  return reportDownload(args, RANGE_FIELDS, async (filter, inTenant) => ({
    filename: reportFilename("trial-balance", filter.from, filter.to),
    table: trialBalanceTable(await inTenant((tx) => trialBalance(tx, filter))),
  }));
}
