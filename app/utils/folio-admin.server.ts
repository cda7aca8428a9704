import { requireUser } from "~/modules/identity/session.server";
import { isPlatformAdmin } from "~/modules/privacy/notices.server";
import { notFound } from "./responses.server";

/** Folio administrators only (FOLIO_ADMIN_EMAILS, verified address); for anyone else the page does not exist. */
export async function requireFolioAdmin(request: Request) {
  const { user } = await requireUser(request);
  if (!isPlatformAdmin(user)) throw notFound();
  return user;
}
