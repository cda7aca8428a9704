import { db } from "~/db.server";
import type { TenantActor } from "~/modules/tenancy/context.server";
import { findOrganisationBySlug } from "~/modules/tenancy/organisations.server";
import { requestMeta } from "./request.server";
import { notFound } from "./responses.server";

/** An active organisation's public pages: the organisation, and the actor that works in it for a visitor (no user). */
export async function publicOrganisation(request: Request, slug: string | undefined) {
  const tenant = slug ? await findOrganisationBySlug(db(), slug) : undefined;
  if (!tenant || tenant.status !== "active") throw notFound("There is no such organisation.");
  const actor: TenantActor = { tenantId: tenant.id, userId: null, dataScope: "all", ...requestMeta(request) };
  return { tenant, organisation: { name: tenant.name, slug: tenant.slug }, actor };
}
