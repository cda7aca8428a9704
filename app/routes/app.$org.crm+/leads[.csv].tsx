import type { LoaderFunctionArgs } from "@remix-run/node";
import { leadListQuerySchema } from "~/modules/crm/forms";
import { leadExport } from "~/modules/crm/leads.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { todayIn } from "~/utils/dates";
import { csvDownload } from "~/utils/export.server";

/** The leads the list's filters match (the same query string, read by the same schema), as CSV, streamed as read. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:read");
  const query = leadListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const filter = { status: query.status, campaign: query.campaign, source: query.source, pageId: query.pageId };
  const table = leadExport((work) => withTenant(member.actor, work), filter);
  return csvDownload(`leads-${member.organisation.slug}-${todayIn(member.organisation.timeZone)}.csv`, table);
}
