import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { clearRateLimit, deleteStaleRateLimits, hitRateLimit, rateLimitBlockedUntil, throttle, type RateLimitRule } from "./rate-limit.server";
import { rateLimits } from "./schema";

const RULE: RateLimitRule = { limit: 3, windowSeconds: 60, blockSeconds: 300 };
const newKey = (name = "test") => `${name}:${randomBytes(6).toString("hex")}`;

async function row(key: string) {
  const [found] = await db().select().from(rateLimits).where(eq(rateLimits.key, key));
  return found;
}

/** Moves a key's window start and block end by `seconds` (negative: into the past), as time passing would. */
async function age(key: string, changes: { windowSeconds?: number; blockSeconds?: number }) {
  await db()
    .update(rateLimits)
    .set({
      ...(changes.windowSeconds !== undefined ? { windowStartedAt: sql`now() + ${`${changes.windowSeconds} seconds`}::interval` } : {}),
      ...(changes.blockSeconds !== undefined ? { blockedUntil: sql`now() + ${`${changes.blockSeconds} seconds`}::interval` } : {}),
    })
    .where(eq(rateLimits.key, key));
}

describe("hitRateLimit", () => {
  it("counts hits and blocks for the block time once the limit is reached", async () => {
    const key = newKey();
    expect(await rateLimitBlockedUntil(db(), key)).toBeNull();
    expect(await hitRateLimit(db(), key, RULE)).toEqual({ hits: 1, blockedUntil: null });
    expect(await hitRateLimit(db(), key, RULE)).toEqual({ hits: 2, blockedUntil: null });
    expect(await rateLimitBlockedUntil(db(), key)).toBeNull();

    const third = await hitRateLimit(db(), key, RULE);
    expect(third.hits).toBe(3);
    const seconds = (third.blockedUntil!.getTime() - Date.now()) / 1000;
    expect(seconds).toBeGreaterThan(RULE.blockSeconds - 5);
    expect(seconds).toBeLessThanOrEqual(RULE.blockSeconds);
    expect(await rateLimitBlockedUntil(db(), key)).toEqual(third.blockedUntil);
  });

  it("does not extend a block with further hits", async () => {
    const key = newKey();
    for (let i = 0; i < RULE.limit; i++) await hitRateLimit(db(), key, RULE);
    const blockedUntil = await rateLimitBlockedUntil(db(), key);
    const more = await hitRateLimit(db(), key, RULE);
    expect(more).toEqual({ hits: RULE.limit + 1, blockedUntil });
    expect(await rateLimitBlockedUntil(db(), key)).toEqual(blockedUntil);
  });

  it("blocks on the first hit when the limit is one", async () => {
    const key = newKey();
    const first = await hitRateLimit(db(), key, { limit: 1, windowSeconds: 60, blockSeconds: 60 });
    expect(first.hits).toBe(1);
    expect(first.blockedUntil).not.toBeNull();
    expect(await rateLimitBlockedUntil(db(), key)).toEqual(first.blockedUntil);
  });

  it("starts counting again when the window has run out", async () => {
    const key = newKey();
    await hitRateLimit(db(), key, RULE);
    await hitRateLimit(db(), key, RULE);
    await age(key, { windowSeconds: -(RULE.windowSeconds + 1) });
    expect(await hitRateLimit(db(), key, RULE)).toEqual({ hits: 1, blockedUntil: null });
    const restarted = await row(key);
    expect(Date.now() - restarted.windowStartedAt.getTime()).toBeLessThan(5_000);
    expect(await hitRateLimit(db(), key, RULE)).toEqual({ hits: 2, blockedUntil: null });
  });

  it("keeps counting within the window", async () => {
    const key = newKey();
    await hitRateLimit(db(), key, RULE);
    await age(key, { windowSeconds: -(RULE.windowSeconds - 5) });
    expect(await hitRateLimit(db(), key, RULE)).toEqual({ hits: 2, blockedUntil: null });
  });

  it("lifts the block when it runs out, and counts from one again", async () => {
    const key = newKey();
    for (let i = 0; i < RULE.limit; i++) await hitRateLimit(db(), key, RULE);
    expect(await rateLimitBlockedUntil(db(), key)).not.toBeNull();

    // The block ends while the window it started in would still be open.
    await age(key, { blockSeconds: -1, windowSeconds: -10 });
    expect(await rateLimitBlockedUntil(db(), key)).toBeNull();
    expect(await hitRateLimit(db(), key, RULE)).toEqual({ hits: 1, blockedUntil: null });
    expect((await row(key)).blockedUntil).toBeNull();
    await hitRateLimit(db(), key, RULE);
    expect((await hitRateLimit(db(), key, RULE)).blockedUntil).not.toBeNull();
  });

  it("keeps a block that outlives its window", async () => {
    const key = newKey();
    for (let i = 0; i < RULE.limit; i++) await hitRateLimit(db(), key, RULE);
    const blockedUntil = await rateLimitBlockedUntil(db(), key);
    await age(key, { windowSeconds: -(RULE.windowSeconds + 1) });
    const hit = await hitRateLimit(db(), key, RULE);
    expect(hit.blockedUntil).toEqual(blockedUntil);
    expect(await rateLimitBlockedUntil(db(), key)).toEqual(blockedUntil);
  });

  it("keeps keys apart", async () => {
    const a = newKey("a");
    const b = newKey("b");
    for (let i = 0; i < RULE.limit; i++) await hitRateLimit(db(), a, RULE);
    expect(await rateLimitBlockedUntil(db(), a)).not.toBeNull();
    expect(await rateLimitBlockedUntil(db(), b)).toBeNull();
    expect(await hitRateLimit(db(), b, RULE)).toEqual({ hits: 1, blockedUntil: null });
  });

  it("counts every one of 30 simultaneous hits exactly once", async () => {
    const key = newKey("burst");
    const rule = { limit: 1000, windowSeconds: 60, blockSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 30 }, () => hitRateLimit(db(), key, rule)));
    expect(results.map((r) => r.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await row(key)).hits).toBe(30);
  });

  it("blocks exactly once under simultaneous hits past the limit", async () => {
    const key = newKey("burst-limit");
    const rule = { limit: 10, windowSeconds: 60, blockSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 30 }, () => hitRateLimit(db(), key, rule)));
    const blocked = results.filter((r) => r.blockedUntil !== null);
    expect(blocked).toHaveLength(21);
    expect(new Set(blocked.map((r) => r.blockedUntil!.getTime())).size).toBe(1);
    expect(results.filter((r) => r.blockedUntil === null).map((r) => r.hits).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("counts inside a transaction, and rolls back with it", async () => {
    const key = newKey("tx");
    await expect(
      db().transaction(async (tx) => {
        await hitRateLimit(tx, key, RULE);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await row(key)).toBeUndefined();
  });
});

describe("throttle", () => {
  it("lets the allowed number of requests through and refuses the next, until the block ends", async () => {
    const key = newKey("allowance");
    const rule = { allowed: 3, windowSeconds: 60, blockSeconds: 300 };
    for (let i = 0; i < rule.allowed; i++) expect(await throttle(db(), key, rule)).toBeNull();
    const retryAt = await throttle(db(), key, rule);
    expect(retryAt).not.toBeNull();
    expect((retryAt!.getTime() - Date.now()) / 1000).toBeGreaterThan(rule.blockSeconds - 5);
    expect(await throttle(db(), key, rule)).toEqual(retryAt);
    await age(key, { blockSeconds: -1, windowSeconds: -(rule.windowSeconds + 1) });
    expect(await throttle(db(), key, rule)).toBeNull();
  });
});

describe("clearing and cleaning up", () => {
  it("clears one key", async () => {
    const key = newKey();
    const other = newKey();
    for (let i = 0; i < RULE.limit; i++) await hitRateLimit(db(), key, RULE);
    await hitRateLimit(db(), other, RULE);
    await clearRateLimit(db(), key);
    expect(await row(key)).toBeUndefined();
    expect(await rateLimitBlockedUntil(db(), key)).toBeNull();
    expect((await row(other)).hits).toBe(1);
  });

  it("deletes counters idle for a day, but not recent ones nor active blocks", async () => {
    const stale = newKey("stale");
    const recent = newKey("recent");
    const blockedLong = newKey("blocked");
    const expiredBlock = newKey("expired");
    for (const key of [stale, recent, blockedLong, expiredBlock]) await hitRateLimit(db(), key, RULE);
    await age(stale, { windowSeconds: -(25 * 3600) });
    await age(blockedLong, { windowSeconds: -(25 * 3600), blockSeconds: 3600 });
    await age(expiredBlock, { windowSeconds: -(25 * 3600), blockSeconds: -3600 });

    expect(await deleteStaleRateLimits(db())).toBe(2);
    expect(await row(stale)).toBeUndefined();
    expect(await row(expiredBlock)).toBeUndefined();
    expect(await row(recent)).toBeDefined();
    expect(await row(blockedLong)).toBeDefined();
  });
});
