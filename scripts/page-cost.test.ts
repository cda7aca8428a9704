import type { LoaderFunction } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { databaseHandle, openDatabase, queryRow, setDatabase, type DatabaseHandle } from "~/db.server";
import { runInRequestScope } from "~/modules/platform/request-scope.server";
import * as root from "~/root";
import * as dashboard from "~/routes/app+/$org._index";
import * as journal from "~/routes/app.$org.ledger+/entries._index";
import * as trialBalance from "~/routes/app.$org.ledger+/reports.trial-balance";
import * as customers from "~/routes/app.$org.sales+/customers._index";
import * as organisationLayout from "~/routes/app+/$org";
import { urlForDatabase } from "~/test/database";
import { type MeasuredPage, seedPagesOrganisation, type SeededOrganisation, transactionsDuring } from "./bench/pages-seed";

const LEAVES: Record<MeasuredPage, { loader: LoaderFunction }> = { dashboard, journal, trial_balance: trialBalance, customers };

/**
 * Runs a page's loaders the way Remix does for a document request: all at once, each with a Request of its own,
 * with the server's request scope around them (scripts/server.ts opens one per GET).
 */
async function loadPage(org: SeededOrganisation, page: MeasuredPage, options: { scope: boolean }) {
  const url = `http://localhost${org.pagePath(page)}`;
  const run = () =>
    Promise.all(
      [root.loader, organisationLayout.loader, LEAVES[page].loader].map((loader) =>
        loader({ request: new Request(url, { headers: { cookie: org.cookie } }), params: { org: org.slug }, context: { cspNonce: "" } }),
      ),
    );
  const responses = (await (options.scope ? runInRequestScope(run) : run())) as Response[];
  for (const response of responses) expect(response.status, `${page}: ${url}`).toBe(200);
  return responses;
}

/** Runs `work` on a pool of one connection to the test's database, whose transaction counts can be flushed on demand. */
async function onOneConnection<T>(work: () => Promise<T>): Promise<T> {
  const shared = databaseHandle();
  if (shared.kind === "pglite") return work();
  const name = (await queryRow<{ name: string }>(shared.db, sql`select current_database() as name`))!.name;
  const single: DatabaseHandle = await openDatabase({ url: urlForDatabase(process.env.DATABASE_URL!, name), maxConnections: 1 });
  setDatabase(single);
  try {
    return await work();
  } finally {
    setDatabase(shared);
    await single.close();
  }
}

describe("what a page costs", () => {
  let org: SeededOrganisation;
  beforeAll(async () => {
    org = await seedPagesOrganisation({ entries: 12, customers: 5 });
  });

  it.each(Object.keys(LEAVES) as MeasuredPage[])("the %s reads its context and its data in 2 transactions", async (page) => {
    await onOneConnection(async () => {
      await loadPage(org, page, { scope: true }); // warm: Lucia, prepared statements, the consent cookie's key
      expect(await transactionsDuring(() => loadPage(org, page, { scope: true }))).toBe(2);
    });
  });

  it("shows what the page got from its context: the member's organisations, role and the rows", async () => {
    const [rootResponse, shellResponse, leafResponse] = await runInRequestScope(() => loadPage(org, "customers", { scope: false }));
    const rootData = await rootResponse.json();
    expect(rootData.user.name).toBe("Olivia Owner");
    expect(rootData.consent.method).toBe("reject");
    expect(rootData.consent.needsBanner).toBe(false);
    const shell = await shellResponse.json();
    expect(shell.role).toBe("owner");
    expect(shell.organisations).toEqual([{ slug: org.slug, name: "Pages Trading", role: "owner" }]);
    expect((await leafResponse.json()).customers).toHaveLength(5);
  });

  it("without the request scope every loader looks the session and the membership up again", async () => {
    await onOneConnection(async () => {
      expect(await transactionsDuring(() => loadPage(org, "dashboard", { scope: false }))).toBeGreaterThan(3);
    });
  });
});
