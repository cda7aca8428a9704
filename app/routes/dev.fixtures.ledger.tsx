import { json, type ActionFunctionArgs } from "@remix-run/node";
import { env } from "~/modules/platform/env.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { findTenantBySlug } from "~/modules/tenancy/organisations.server";
import { db } from "~/db.server";
import { writeBulkLedger } from "~/test/bulk-ledger";
import { notFound } from "~/utils/responses.server";

/** End-to-end tests only (APP_ENV=test): books of many lines in an organisation, for tests of large exports. */
export async function action({ request }: ActionFunctionArgs) {
  if (env().APP_ENV !== "test") throw notFound();
  const body = (await request.json().catch(() => ({}))) as { slug?: string; entries?: number };
  const tenant = body.slug ? await findTenantBySlug(db(), body.slug) : undefined;
  if (!tenant) throw notFound();
  const entries = Math.max(1, Math.min(Number(body.entries) || 1, 200_000));
  const written = await withTenant({ tenantId: tenant.id, userId: null, dataScope: "all" }, (tx) => writeBulkLedger(tx, entries));
  return json(written);
}

export async function loader() {
  throw notFound();
}
