import { sql } from "drizzle-orm";
import { db, queryRows, type Tx } from "~/db.server";
import { createMember, createOrganisationWithOwner } from "~/test/factories";
import { type TenantActor, withTenant } from "./context.server";
import { AppError } from "~/modules/platform/errors";
import { deleteOldIdempotencyKeys, newIdempotencyToken, performOnce, type StoredResult } from "./idempotency.server";
import { idempotencyKeys } from "./schema";

/** Work that counts its runs and returns what it is given. */
function countedWork<T extends StoredResult>(result: T) {
  const work = { runs: 0, run: async () => (work.runs++, result) };
  return work;
}

/** The AppError a submission was refused with (the test fails if it was not refused). */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then((done) => ({ done }), (error: unknown) => error);
  expect(outcome).toBeInstanceOf(AppError);
  return outcome as AppError;
}

const once = <T extends StoredResult>(actor: TenantActor, token: string | null, operation: string, input: unknown, work: (tx: Tx) => Promise<T>) =>
  withTenant(actor, (tx) => performOnce(tx, { token, operation, input }, () => work(tx)));

describe("performOnce", () => {
  it("does the work once and answers a repeat of the token with the first result", async () => {
    const { actor } = await createOrganisationWithOwner();
    const token = newIdempotencyToken();
    const work = countedWork({ id: "first", number: "JE-2026-000001" });
    expect(await once(actor, token, "test.post", { amount: "10" }, work.run)).toEqual({ id: "first", number: "JE-2026-000001" });
    expect(await once(actor, token, "test.post", { amount: "10" }, work.run)).toEqual({ id: "first", number: "JE-2026-000001" });
    expect(work.runs).toBe(1);
    const stored = await withTenant(actor, (tx) => tx.select().from(idempotencyKeys));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ tenantId: actor.tenantId, key: token, operation: "test.post", userId: actor.userId, result: { id: "first" } });
  });

  it("makes concurrent repeats wait for the first and answer with its result", async () => {
    const { actor } = await createOrganisationWithOwner();
    const token = newIdempotencyToken();
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        once(actor, token, "test.post", { same: true }, async (tx) => {
          runs++;
          // Long enough for the others to reach the claim while this one holds it.
          await tx.execute(sql`select pg_sleep(0.2)`);
          return { by: i };
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it("forgets a claim whose work was refused, so the same token can be sent again", async () => {
    const { actor } = await createOrganisationWithOwner();
    const token = newIdempotencyToken();
    await expect(
      once(actor, token, "test.post", {}, async () => {
        throw new Error("refused: unbalanced");
      }),
    ).rejects.toThrow("refused: unbalanced");
    expect(await withTenant(actor, (tx) => tx.select().from(idempotencyKeys))).toEqual([]);
    expect(await once(actor, token, "test.post", {}, async () => "posted")).toBe("posted");
  });

  it("refuses a token used for another operation, other input or by another person (409), and a missing or malformed one (400)", async () => {
    const owner = await createOrganisationWithOwner();
    const accountant = await createMember(owner.actor, "accountant");
    const token = newIdempotencyToken();
    await once(owner.actor, token, "test.post", { amount: "10" }, async () => "first");
    const work = countedWork("second");
    for (const [actor, operation, input] of [
      [owner.actor, "test.delete", { amount: "10" }],
      [owner.actor, "test.post", { amount: "11" }],
      [accountant.actor, "test.post", { amount: "10" }],
    ] as const) {
      const error = await refusal(once(actor, token, operation, input, work.run));
      expect([error.status, error.message]).toEqual([409, "This form was already submitted with other values. Reload the page to start again from what is saved now."]);
    }
    for (const bad of [null, "", "not-a-uuid", `${token}x`]) {
      const error = await refusal(once(owner.actor, bad, "test.post", {}, work.run));
      expect([error.status, error.message]).toEqual([400, "This form is missing its submission token. Reload the page and submit it again."]);
    }
    expect(work.runs).toBe(0);
  });

  it("keeps tokens apart between organisations: another organisation's token is new there", async () => {
    const a = await createOrganisationWithOwner();
    const b = await createOrganisationWithOwner();
    const token = newIdempotencyToken();
    expect(await once(a.actor, token, "test.post", { amount: "10" }, async () => ({ entry: "A's" }))).toEqual({ entry: "A's" });
    expect(await once(b.actor, token, "test.post", { amount: "10" }, async () => ({ entry: "B's" }))).toEqual({ entry: "B's" });
    expect(await once(a.actor, token, "test.post", { amount: "10" }, async () => ({ entry: "again" }))).toEqual({ entry: "A's" });
    expect((await withTenant(b.actor, (tx) => tx.select().from(idempotencyKeys))).map((k) => k.result)).toEqual([{ entry: "B's" }]);
    const all = await queryRows<{ tenant_id: string }>(db(), sql`select tenant_id from idempotency_keys where key = ${token}::uuid order by tenant_id`);
    expect(all.map((r) => r.tenant_id)).toEqual([a.organisation.id, b.organisation.id].sort());
  });

  it("removes the keys older than the retention, and only the tenant's own", async () => {
    const a = await createOrganisationWithOwner();
    const b = await createOrganisationWithOwner();
    const [old, recent, other] = [newIdempotencyToken(), newIdempotencyToken(), newIdempotencyToken()];
    await once(a.actor, old, "test.post", {}, async () => "old");
    await once(a.actor, recent, "test.post", {}, async () => "recent");
    await once(b.actor, other, "test.post", {}, async () => "other");
    await db().execute(sql`update idempotency_keys set created_at = now() - interval '8 days' where key in (${old}::uuid, ${other}::uuid)`);
    expect(await withTenant(a.actor, (tx) => deleteOldIdempotencyKeys(tx, 7))).toBe(1);
    expect((await withTenant(a.actor, (tx) => tx.select().from(idempotencyKeys))).map((k) => k.key)).toEqual([recent]);
    expect(await withTenant(b.actor, (tx) => tx.select().from(idempotencyKeys))).toHaveLength(1);
  });
});
