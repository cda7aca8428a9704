import type { ActionFunctionArgs } from "@remix-run/node";
import { DATA_MAP } from "~/data-map.server";
import { requireUser } from "~/modules/identity/session.server";
import { packageArchive } from "~/modules/privacy/package-archive";
import { accountPackage, withFolioRights } from "~/modules/privacy/rights-requests.server";
import { notFound } from "~/utils/responses.server";

/** "Download my data": the signed-in user's own access package from Folio, as a zip (my-data.json and a CSV per table). */
export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const pkg = await withFolioRights((tx) => accountPackage(tx, DATA_MAP, user));
  return new Response(new Uint8Array(packageArchive(pkg)), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="my-folio-data-${pkg.reference}.zip"`,
      "Cache-Control": "private, no-store",
    },
  });
}

export async function loader() {
  throw notFound();
}
