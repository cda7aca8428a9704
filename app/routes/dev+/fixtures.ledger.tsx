import { json, type ActionFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { env } from "~/modules/platform/env.server";
import { findOrganisationBySlug } from "~/modules/tenancy/organisations.server";
import { db } from "~/db.server";
import { writeBulkLedger } from "~/test/bulk-ledger";
import type { DeadlineHandle } from "~/utils/database-unavailable.server";
import { notFound } from "~/utils/responses.server";

// Writing 100,000 lines takes longer than a page may (the exports test waits for it).
export const handle: DeadlineHandle = { requestDeadlineMs: 240_000 };

/** End-to-end tests only (APP_ENV=test): books of many lines in an organisation, for tests of large exports. */
export async function action({ request }: ActionFunctionArgs) {
  if (env().APP_ENV !== "test") throw notFound();
  const body = (await request.json().catch(() => ({}))) as { slug?: string; entries?: number };
  const organisation = body.slug ? await findOrganisationBySlug(db(), body.slug) : undefined;
  if (!organisation) throw notFound();
  const entries = Math.max(1, Math.min(Number(body.entries) || 1, 200_000));
  // As the owner with triggers and foreign keys off, like the ledger benchmark's generator: fast enough for a test.
  const written = await db().transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${organisation.id}, true)`);
    await tx.execute(sql`set local session_replication_role = replica`);
    return writeBulkLedger(tx, entries);
  });
  return json(written);
}

export async function loader() {
  throw notFound();
}
