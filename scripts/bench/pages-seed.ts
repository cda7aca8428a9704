import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { db, queryRow, type Queryable } from "../../app/db.server";
import { lucia } from "../../app/modules/identity/lucia.server";
import { findAccountByRole } from "../../app/modules/ledger/accounts.server";
import { post } from "../../app/modules/ledger/posting.server";
import { createParty } from "../../app/modules/parties/parties.server";
import { customerSchema } from "../../app/modules/parties/forms";
import { consentIdCookie, FOLIO_SITE } from "../../app/modules/privacy/consent-sites.server";
import { recordConsent } from "../../app/modules/privacy/consent-store.server";
import { withTenant } from "../../app/modules/tenancy/context.server";
import { createOrganisationWithOwner } from "../../app/test/factories";

/** The pages a member opens most, as the pages benchmark and the page-cost test request them. */
export const MEASURED_PAGES = {
  dashboard: "",
  journal: "/ledger/entries",
  trial_balance: "/ledger/reports/trial-balance",
  customers: "/sales/customers",
} as const;

export type MeasuredPage = keyof typeof MEASURED_PAGES;

export interface SeededOrganisation {
  slug: string;
  /** The Cookie header of the signed-in owner who also chose cookies on Folio's site (so both are looked up). */
  cookie: string;
  pagePath(page: MeasuredPage): string;
}

/**
 * An organisation with `entries` posted journal entries (two lines each, over the last months) and `customers`
 * customers, made through the real module operations, and its owner signed in with a cookie choice on record.
 */
export async function seedPagesOrganisation(options: { entries: number; customers: number }): Promise<SeededOrganisation> {
  const { user, organisation, actor } = await createOrganisationWithOwner({ organisationName: "Pages Trading" });
  await withTenant(actor, async (tx) => {
    const cash = (await findAccountByRole(tx, "cash"))!;
    const sales = (await findAccountByRole(tx, "sales"))!;
    const today = new Date();
    for (let i = 0; i < options.entries; i++) {
      const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (i % 150)));
      await post(tx, {
        entryDate: day.toISOString().slice(0, 10),
        memo: `Cash sale ${i + 1}`,
        source: { type: "manual" },
        lines: [
          { accountId: cash.id, debitMinor: BigInt(1000 + i * 37) },
          { accountId: sales.id, creditMinor: BigInt(1000 + i * 37) },
        ],
      });
    }
    for (let i = 0; i < options.customers; i++) {
      const number = String(i + 1).padStart(2, "0");
      await createParty(tx, "customer", customerSchema.parse({ name: `Customer ${number}`, email: `customer-${number}@example.test`, paymentTermsDays: "30" }));
    }
  });
  const session = await lucia().createSession(user.id, {});
  const consentId = randomUUID();
  await recordConsent(FOLIO_SITE, { consentId, categories: ["necessary"], method: "reject", page: "/", ip: null, userAgent: null, userId: user.id });
  const cookie = [lucia().createSessionCookie(session.id).serialize(), await consentIdCookie(FOLIO_SITE, consentId)].map((c) => c.split(";")[0]).join("; ");
  return { slug: organisation.slug, cookie, pagePath: (page) => `/app/${organisation.slug}${MEASURED_PAGES[page]}` };
}

/**
 * Transactions the database has committed or rolled back so far, as pg_stat_database counts them (a statement
 * outside a transaction is one). The backend reports its counts when it next goes idle after the forced flush, so
 * on a one-connection database every transaction before this call is counted; this call adds 2 (the flush, the read).
 */
export async function countedTransactions(database: Queryable = db()): Promise<number> {
  // It reads a table: a backend with no table statistics pending skips the flush, transaction counts and all.
  await database.execute(sql`select pg_stat_force_next_flush() from pg_class limit 1`);
  const row = await queryRow<{ count: string | number }>(
    database,
    sql`select xact_commit + xact_rollback as count from pg_stat_database where datname = current_database()`,
  );
  return Number(row!.count);
}

/** The transactions `work` ran, on a database reached through one connection (PGlite's, or a pool of one). */
export async function transactionsDuring(work: () => Promise<unknown>): Promise<number> {
  const before = await countedTransactions();
  await work();
  const after = await countedTransactions();
  return after - before - 2;
}
