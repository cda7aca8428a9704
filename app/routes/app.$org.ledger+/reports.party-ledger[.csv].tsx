import type { LoaderFunctionArgs } from "@remix-run/node";
import { PARTY_LEDGER_FIELDS } from "~/modules/ledger/reports/filters";
import { partyLedgerExport } from "~/modules/ledger/reports/party-ledger.server";
import { downloadRefusal, reportDownload, reportFilename } from "~/utils/reports.server";

/** A customer's or supplier's statement over the page's period, as CSV, streamed as it is read. */
export function loader(args: LoaderFunctionArgs) {
  return reportDownload(args, PARTY_LEDGER_FIELDS, async (filter, inTenant) => {
    if (!filter.party) throw downloadRefusal("Choose a customer or supplier to export.");
    const { party, table } = await partyLedgerExport(inTenant, { ...filter, partyId: filter.party });
    return { filename: reportFilename(`${party.kind}-statement`, filter.from, filter.to), table };
  });
}
