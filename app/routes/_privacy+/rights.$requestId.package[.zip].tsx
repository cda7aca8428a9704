import type { ActionFunctionArgs } from "@remix-run/node";
import { DATA_MAP } from "~/data-map.server";
import { isAppError } from "~/modules/platform/errors";
import { packageArchive } from "~/modules/privacy/package-archive";
import { codeSchema, requestIdParam } from "~/modules/privacy/rights-forms";
import { FOLIO_CONTROLLER, openPackage, unlessRefused, withFolioRights } from "~/modules/privacy/rights-requests.server";
import { appErrorResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form-responses.server";
import { parseForm } from "~/utils/forms";
import { notFound } from "~/utils/responses.server";

/**
 * The access package as a zip (my-data.json by entity, a CSV file per table), for the code mailed to the
 * requester. A refused code goes back to the download page with the reason; nothing is revealed.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const parsedId = requestIdParam.safeParse(params.requestId);
  if (!parsedId.success) throw notFound("There is no such request.");
  const id = parsedId.data;
  const back = `/rights/${id}/package`;
  const parsed = parseForm(codeSchema, await readFormData(request));
  if (!parsed.ok) return redirectWithFlash(back, { kind: "error", message: "Enter the 6-digit code we sent you." });
  try {
    const pkg = unlessRefused(await withFolioRights((tx) => openPackage(tx, DATA_MAP, { id, code: parsed.data.code, organisation: FOLIO_CONTROLLER })));
    return new Response(new Uint8Array(packageArchive(pkg)), {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="my-folio-data-${pkg.reference}.zip"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.status === 404) throw appErrorResponse(error);
    return redirectWithFlash(back, { kind: "error", message: error.message });
  }
}

export async function loader() {
  throw notFound();
}
