import { readReportRequest } from "~/modules/ledger/reports.server";
import { datesToIso } from "./date-entry";
import { todayIn } from "./dates";

/** The date filters of the ledger reports, typed in the organisation's locale. */
export const REPORT_DATE_FIELDS = { from: "start date", to: "end date", asOf: "date" };

/**
 * A report page's query string with its dates read in the organisation's locale first (a date that cannot be read
 * is refused in that locale's pattern), then the report filter as readReportRequest reads it.
 */
export function readLocalReportRequest(request: Request, organisation: { locale: string; timeZone: string }, routeId: string) {
  const url = new URL(request.url);
  const dates = datesToIso(url.searchParams, organisation.locale, REPORT_DATE_FIELDS);
  url.search = dates.data.toString();
  const { csv, read, hop } = readReportRequest(url, todayIn(organisation.timeZone), routeId);
  return { csv, hop, read: read.ok ? read : { ...read, errors: { ...read.errors, ...dates.errors } } };
}
