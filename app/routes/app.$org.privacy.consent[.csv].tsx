import type { LoaderFunctionArgs } from "@remix-run/node";
import { consentRecordsCsv, listConsentRecords } from "~/modules/privacy/consent.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { csvResponse } from "~/utils/csv";
import { todayIn } from "~/utils/dates";

/**
 * The organisation's consent records as CSV: a resource route, because a page route's loader cannot answer a
 * browser's document request with a file (Remix would render the page with the file as its data).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const records = await withTenant(member.actor, (tx) => listConsentRecords(tx));
  return csvResponse(consentRecordsCsv(records), `consent-records-${member.tenant.slug}-${todayIn(member.tenant.timeZone)}.csv`);
}
