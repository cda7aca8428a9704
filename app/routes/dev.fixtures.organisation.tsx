import { json, type ActionFunctionArgs } from "@remix-run/node";
import { env } from "~/modules/platform/env.server";
import { createOrganisationWithOwner, createSampleRecords, FACTORY_PASSWORD, uniqueEmail } from "~/test/factories";
import { notFound } from "~/utils/responses.server";

/**
 * End-to-end tests only (APP_ENV=test): a fresh organisation with a verified owner, so tests run in parallel;
 * with `sampleRecords: true`, also one record of every kind its pages show, and their ids.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (env().APP_ENV !== "test") throw notFound();
  const body = (await request.json().catch(() => ({}))) as { organisationName?: string; name?: string; sampleRecords?: boolean };
  const email = uniqueEmail("e2e-owner");
  const owner = await createOrganisationWithOwner({ email, organisationName: body.organisationName, name: body.name });
  const records = body.sampleRecords ? await createSampleRecords(owner) : undefined;
  const { tenant, user } = owner;
  return json({ slug: tenant.slug, organisationName: tenant.name, email: user.email, name: user.name, password: FACTORY_PASSWORD, records });
}

export async function loader() {
  throw notFound();
}
