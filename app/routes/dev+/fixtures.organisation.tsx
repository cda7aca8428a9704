import { json, type ActionFunctionArgs } from "@remix-run/node";
import { env } from "~/modules/platform/env.server";
import { createOrganisationWithOwner, FACTORY_PASSWORD, uniqueEmail } from "~/test/factories";
import { addSampleData } from "~/test/sample-data";
import { notFound } from "~/utils/responses.server";

/**
 * End-to-end tests only (APP_ENV=test): a fresh organisation with a verified owner, so tests run in parallel; with
 * `sampleData`, a little of everything in it (see addSampleData).
 */
export async function action({ request }: ActionFunctionArgs) {
  if (env().APP_ENV !== "test") throw notFound();
  const body = (await request.json().catch(() => ({}))) as { organisationName?: string; name?: string; sampleData?: boolean };
  const email = uniqueEmail("e2e-owner");
  const { organisation, user, actor, membership } = await createOrganisationWithOwner({ email, organisationName: body.organisationName, name: body.name });
  const sample = body.sampleData ? await addSampleData({ ...actor, membershipId: membership.id, ownerName: user.name }, organisation.timeZone) : null;
  return json({ slug: organisation.slug, organisationName: organisation.name, email: user.email, name: user.name, password: FACTORY_PASSWORD, landingPageSlug: sample?.landingPageSlug ?? null, records: sample?.records });
}

export async function loader() {
  throw notFound();
}
