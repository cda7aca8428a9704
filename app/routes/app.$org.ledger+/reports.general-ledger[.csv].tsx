import type { LoaderFunctionArgs } from "@remix-run/node";
import { GENERAL_LEDGER_FIELDS } from "~/modules/ledger/reports/filters";
import { generalLedgerExport } from "~/modules/ledger/reports/general-ledger.server";
import { downloadRefusal, reportDownload, reportFilename } from "~/utils/reports.server";

/** Every line of the chosen account over the page's period, as CSV, streamed as it is read. */
export function loader(args: LoaderFunctionArgs) {
  return reportDownload(args, GENERAL_LEDGER_FIELDS, async (filter, inTenant) => {
    if (!filter.account) throw downloadRefusal("Choose an account to export.");
    const { account, table } = await generalLedgerExport(inTenant, { ...filter, accountId: filter.account });
    return { filename: reportFilename(`general-ledger-${account.code}`, filter.from, filter.to), table };
  });
}
