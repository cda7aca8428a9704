import type { LoaderFunctionArgs } from "@remix-run/node";
import { DATA_MAP } from "~/data-map.server";
import { getPrivacySettings } from "~/modules/privacy/privacy-settings.server";
import { processingRegister, REGISTER_COLUMNS, registerCsvRows } from "~/modules/privacy/register";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { todayIn } from "~/utils/dates";
import { csvDownload } from "~/utils/export.server";

/** The records of processing as CSV, one line per personal column (the register is built from the data map in code). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const settings = await withTenant(member.actor, (tx) => getPrivacySettings(tx));
  const rows = registerCsvRows(processingRegister(DATA_MAP, "tenant", settings.statutoryRetentionYears));
  return csvDownload(`records-of-processing-${member.organisation.slug}-${todayIn(member.organisation.timeZone)}.csv`, { columns: REGISTER_COLUMNS, rows });
}
