import type { ActionFunctionArgs } from "@remix-run/node";
import { DATA_MAP } from "~/data-map.server";
import { organisationExportEntries, recordOrganisationExport } from "~/modules/privacy/organisation-export.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { safeFilename } from "~/utils/export.server";
import { notFound } from "~/utils/responses.server";
import { zipStream } from "~/utils/zip";

/**
 * An owner's export of all of the organisation's data: CSV and JSON per table in a zip, streamed as the rows are
 * read (a keyset page per transaction), audited before the first byte.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "org:manage");
  await withTenant(member.actor, (tx) => recordOrganisationExport(tx, DATA_MAP));
  const now = new Date();
  const organisation = { name: member.organisation.name, slug: member.organisation.slug };
  const body = zipStream(organisationExportEntries(DATA_MAP, (work) => withTenant(member.actor, work), organisation, now));
  return new Response(body, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${safeFilename(`${organisation.slug}-export-${now.toISOString().slice(0, 10)}.zip`)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

export async function loader() {
  throw notFound();
}
