import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { databaseHandle, openDatabase, queryRow, setDatabase } from "~/db.server";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { action as draftAction, loader as draftLoader } from "~/routes/app.$org.ledger+/drafts.$draftId";
import { action as entryAction, loader as entryLoader } from "~/routes/app.$org.ledger+/entries.$entryId";
import { action as newEntryAction, loader as newEntryLoader } from "~/routes/app.$org.ledger+/entries.new";
import { urlForDatabase } from "~/test/database";
import { createOrganisationWithOwner } from "~/test/factories";
import { formPost, getRequest, respond, sessionCookie } from "~/test/requests";
import { findAccountByRole } from "./accounts.server";
import { createDraft, listDrafts } from "./drafts.server";
import { journalEntries } from "./schema";

/** An organisation with its owner signed in, and two of its accounts. */
async function signedInOrganisation() {
  const org = await createOrganisationWithOwner();
  const { cash, bank } = await withTenant(org.actor, async (tx) => ({
    cash: (await findAccountByRole(tx, "cash"))!,
    bank: (await findAccountByRole(tx, "bank"))!,
  }));
  return { ...org, cash, bank, cookie: await sessionCookie(org.user.id) };
}

describe("the draft form's round trips", () => {
  it("answer 404 for a draft that does not exist or is another organisation's, and re-render an existing one", async () => {
    const a = await signedInOrganisation();
    const b = await signedInOrganisation();
    const draft = await withTenant(b.actor, (tx) => createDraft(tx, { entryDate: "2026-03-01", memo: "B's", lines: [{ accountId: b.cash.id, debit: "1" }] }));
    const fields = { entryDate: "2026-03-01", memo: "", "lines.0.accountId": a.cash.id, "lines.0.debit": "1", "lines.1.accountId": a.bank.id, "lines.1.credit": "1" };
    // The line edits, and a form refused as it stands (a date missing, an intent no button sends): no draft, no form.
    for (const intent of ["refresh", "add-line", "remove-line:1", "save-draft&entryDate=", "no-such-button"]) {
      for (const draftId of [randomUUID(), draft.id]) {
        const [button, change] = intent.split("&");
        const submitted = { ...fields, intent: button, ...(change ? Object.fromEntries([change.split("=")]) : {}) };
        const response = await respond(draftAction, formPost(`/app/${a.organisation.slug}/ledger/drafts/${draftId}`, submitted, { cookie: a.cookie }), {
          org: a.organisation.slug,
          draftId,
        });
        expect([intent, response.status]).toEqual([intent, 404]);
        expect(((await response.json()) as { message: string }).message).toBe("That draft does not exist in this organisation.");
      }
    }
    const own = await respond(draftAction, formPost(`/app/${b.organisation.slug}/ledger/drafts/${draft.id}`, { ...fields, intent: "add-line" }, { cookie: b.cookie }), {
      org: b.organisation.slug,
      draftId: draft.id,
    });
    expect(own.status).toBe(200);
    const { values } = (await own.json()) as { values: Record<string, string> };
    expect(values["lines.2.accountId"]).toBe("");
  });
});

type Organisation = Awaited<ReturnType<typeof signedInOrganisation>>;

/** The idempotency token of the form a loader renders, as the browser would find it in the page. */
async function renderedToken(loader: Parameters<typeof respond>[0], org: Organisation, path: string, params: Record<string, string> = {}): Promise<string> {
  const response = await respond(loader, getRequest(`/app/${org.organisation.slug}${path}`, { cookie: org.cookie }), { org: org.organisation.slug, ...params });
  expect(response.status).toBe(200);
  return ((await response.json()) as { idempotencyToken: string }).idempotencyToken;
}

function entryFields(org: Organisation, token: string, intent = "post") {
  return {
    idempotencyToken: token,
    intent,
    entryDate: "2026-04-15",
    memo: "Cash to bank",
    "lines.0.accountId": org.bank.id,
    "lines.0.debit": "250",
    "lines.1.accountId": org.cash.id,
    "lines.1.credit": "250",
  };
}

async function entries(actor: TenantActor) {
  return withTenant(actor, (tx) => tx.select().from(journalEntries));
}

/** Where a response sends the browser, checked to be a redirect. */
function redirectTarget(response: Response): string {
  expect(response.status).toBe(302);
  return response.headers.get("location")!;
}

describe("a form that posts a document, submitted again with its token", () => {
  it("posts a draft once when Post entry is clicked ten times at once, and sends all ten to the posted entry", async () => {
    const org = await signedInOrganisation();
    const draft = await withTenant(org.actor, (tx) => createDraft(tx, { entryDate: "2026-04-15", memo: "Draft", lines: [{ accountId: org.bank.id, debit: "250" }] }));
    const token = await renderedToken(draftLoader, org, `/ledger/drafts/${draft.id}`, { draftId: draft.id });
    const path = `/app/${org.organisation.slug}/ledger/drafts/${draft.id}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => respond(draftAction, formPost(path, entryFields(org, token), { cookie: org.cookie }), { org: org.organisation.slug, draftId: draft.id })),
    );
    const posted = await entries(org.actor);
    expect(posted).toHaveLength(1);
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(302));
    expect(new Set(responses.map(redirectTarget))).toEqual(new Set([`/app/${org.organisation.slug}/ledger/entries/${posted[0].id}`]));
    expect(await withTenant(org.actor, (tx) => listDrafts(tx))).toEqual([]);
  });

  it("posts a new entry and a reversal once, answering every repeat with the first one's redirect", async () => {
    const org = await signedInOrganisation();
    const token = await renderedToken(newEntryLoader, org, "/ledger/entries/new");
    const post = () => respond(newEntryAction, formPost(`/app/${org.organisation.slug}/ledger/entries/new`, entryFields(org, token), { cookie: org.cookie }), { org: org.organisation.slug });
    const first = redirectTarget(await post());
    const repeats = await Promise.all(Array.from({ length: 5 }, post));
    expect(repeats.map(redirectTarget)).toEqual(Array(5).fill(first));
    const [entry] = await entries(org.actor);
    expect(first).toBe(`/app/${org.organisation.slug}/ledger/entries/${entry.id}`);

    const reverseToken = await renderedToken(entryLoader, org, `/ledger/entries/${entry.id}`, { entryId: entry.id });
    const reverse = () =>
      respond(entryAction, formPost(`/app/${org.organisation.slug}/ledger/entries/${entry.id}`, { idempotencyToken: reverseToken, intent: "reverse", entryDate: "2026-04-20", memo: "" }, { cookie: org.cookie }), {
        org: org.organisation.slug,
        entryId: entry.id,
      });
    const reversal = redirectTarget(await reverse());
    // Without the token the second would be refused: "already reversed".
    expect(redirectTarget(await reverse())).toBe(reversal);
    const all = await entries(org.actor);
    expect(all).toHaveLength(2);
    expect(reversal).toBe(`/app/${org.organisation.slug}/ledger/entries/${all.find((e) => e.reversesEntryId === entry.id)!.id}`);

    // Save draft of a new entry, clicked twice, makes one draft.
    const draftToken = await renderedToken(newEntryLoader, org, "/ledger/entries/new");
    const save = () =>
      respond(newEntryAction, formPost(`/app/${org.organisation.slug}/ledger/entries/new`, entryFields(org, draftToken, "save-draft"), { cookie: org.cookie }), { org: org.organisation.slug });
    const [one, two] = await Promise.all([save(), save()]);
    expect(redirectTarget(one)).toBe(redirectTarget(two));
    expect(await withTenant(org.actor, (tx) => listDrafts(tx))).toHaveLength(1);
  });

  it("answers a retry after a crash that lost the first response with the entry the first one posted", async () => {
    const org = await signedInOrganisation();
    const token = await renderedToken(newEntryLoader, org, "/ledger/entries/new");
    const path = `/app/${org.organisation.slug}/ledger/entries/new`;
    // The first request commits; its response never reaches the browser.
    await respond(newEntryAction, formPost(path, entryFields(org, token), { cookie: org.cookie }), { org: org.organisation.slug });
    // The server restarts: nothing of the first request survives but what the database holds.
    const retry = await afterRestart(() => respond(newEntryAction, formPost(path, entryFields(org, token), { cookie: org.cookie }), { org: org.organisation.slug }));
    const posted = await entries(org.actor);
    expect(posted).toHaveLength(1);
    expect(redirectTarget(retry)).toBe(`/app/${org.organisation.slug}/ledger/entries/${posted[0].id}`);
  });

  it("does not let another organisation replay a token: there it is a new submission, checked as such", async () => {
    const a = await signedInOrganisation();
    const b = await signedInOrganisation();
    const token = await renderedToken(newEntryLoader, a, "/ledger/entries/new");
    const inA = redirectTarget(await respond(newEntryAction, formPost(`/app/${a.organisation.slug}/ledger/entries/new`, entryFields(a, token), { cookie: a.cookie }), { org: a.organisation.slug }));
    const [entryA] = await entries(a.actor);
    expect(inA).toBe(`/app/${a.organisation.slug}/ledger/entries/${entryA.id}`);

    // B's member replays A's request, token and all, in B: not A's result, but B's own refusal of A's accounts.
    const replay = await respond(newEntryAction, formPost(`/app/${b.organisation.slug}/ledger/entries/new`, entryFields(a, token), { cookie: b.cookie }), { org: b.organisation.slug });
    expect(replay.status).toBe(400);
    const failure = (await replay.json()) as { errors: Record<string, string> };
    expect(failure.errors["lines.0.accountId"]).toBe("Line 1: that account does not exist in this organisation.");
    expect(JSON.stringify(failure)).not.toContain(entryA.id);

    // With B's own accounts the token posts B's own entry.
    const inB = redirectTarget(await respond(newEntryAction, formPost(`/app/${b.organisation.slug}/ledger/entries/new`, entryFields(b, token), { cookie: b.cookie }), { org: b.organisation.slug }));
    const [entryB] = await entries(b.actor);
    expect(inB).toBe(`/app/${b.organisation.slug}/ledger/entries/${entryB.id}`);
    expect(await entries(a.actor)).toHaveLength(1);
    expect(await entries(b.actor)).toHaveLength(1);
  });

  it("refuses a form without its token with a message, and posts nothing", async () => {
    const org = await signedInOrganisation();
    const { idempotencyToken: _left, ...fields } = entryFields(org, "");
    const response = await respond(newEntryAction, formPost(`/app/${org.organisation.slug}/ledger/entries/new`, fields, { cookie: org.cookie }), { org: org.organisation.slug });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { formError: string }).formError).toBe("This form is missing its submission token. Reload the page and submit it again.");
    expect(await entries(org.actor)).toEqual([]);
  });
});

/**
 * Runs `work` on a new connection to the same database, as a restarted server would: a new pool (PostgreSQL), or
 * the data directory loaded into a new instance (PGlite). The test's own database is back afterwards.
 */
async function afterRestart<T>(work: () => Promise<T>): Promise<T> {
  const running = databaseHandle();
  const restarted =
    running.kind === "postgres"
      ? await openDatabase({ url: urlForDatabase(process.env.DATABASE_URL!, (await queryRow<{ name: string }>(running.db, sql`select current_database() as name`))!.name) })
      : await openDatabase({ dataDir: "memory://", pgliteLoadDataDir: await running.pglite!.dumpDataDir("none") });
  setDatabase(restarted);
  try {
    return await work();
  } finally {
    setDatabase(running);
    await restarted.close();
  }
}
