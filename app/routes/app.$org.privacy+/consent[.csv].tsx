import type { LoaderFunctionArgs } from "@remix-run/node";
import { consentRecordExport } from "~/modules/privacy/consent-records.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { todayIn } from "~/utils/dates";
import { csvDownload } from "~/utils/export.server";

/** The organisation's consent records, the proof of each choice, as CSV, streamed as they are read. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const table = consentRecordExport((work) => withTenant(member.actor, work));
  return csvDownload(`consent-records-${member.organisation.slug}-${todayIn(member.organisation.timeZone)}.csv`, table);
}
