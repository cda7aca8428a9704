import { sql } from "drizzle-orm";
import { queryRow, type Queryable } from "~/db.server";

export interface RateLimitRule {
  /** How many hits within the window trigger the block. */
  limit: number;
  windowSeconds: number;
  blockSeconds: number;
}

export interface RateLimitState {
  hits: number;
  blockedUntil: Date | null;
}

/** Returns when `key` is blocked, or null. */
export async function rateLimitBlockedUntil(db: Queryable, key: string): Promise<Date | null> {
  const row = await queryRow<{ blocked_until: Date | string }>(
    db,
    sql`select blocked_until from rate_limits where key = ${key} and blocked_until > now()`,
  );
  return row ? new Date(row.blocked_until) : null;
}

/**
 * Counts one hit against `key` in a fixed window, atomically, and blocks the key once the limit is reached.
 * A window or block that has run out starts the count again.
 */
export async function hitRateLimit(db: Queryable, key: string, rule: RateLimitRule): Promise<RateLimitState> {
  const window = `${rule.windowSeconds} seconds`;
  const block = `${rule.blockSeconds} seconds`;
  const expired = sql`(r.window_started_at < now() - ${window}::interval or r.blocked_until <= now())`;
  const nextHits = sql`case when ${expired} then 1 else r.hits + 1 end`;
  const row = await queryRow<{ hits: number; blocked_until: Date | string | null }>(
    db,
    sql`insert into rate_limits as r (key, hits, window_started_at, blocked_until)
      values (${key}, 1, now(), case when 1 >= ${rule.limit} then now() + ${block}::interval end)
      on conflict (key) do update set
        hits = ${nextHits},
        window_started_at = case when ${expired} then now() else r.window_started_at end,
        blocked_until = case
          when r.blocked_until > now() then r.blocked_until
          when ${nextHits} >= ${rule.limit} then now() + ${block}::interval
        end
      returning hits, blocked_until`,
  );
  if (!row) throw new Error(`rate limit ${key} was not recorded`);
  return { hits: Number(row.hits), blockedUntil: row.blocked_until ? new Date(row.blocked_until) : null };
}

export interface AllowanceRule {
  /** How many requests a window lets through; the next one is refused and starts the block. */
  allowed: number;
  windowSeconds: number;
  blockSeconds: number;
}

/**
 * Counts one request against `key` and returns when the caller may try again if this one is refused, or null
 * when it may go ahead: the first `allowed` requests of a window go ahead, the next starts the block.
 */
export async function throttle(db: Queryable, key: string, rule: AllowanceRule): Promise<Date | null> {
  const { blockedUntil } = await hitRateLimit(db, key, { limit: rule.allowed + 1, windowSeconds: rule.windowSeconds, blockSeconds: rule.blockSeconds });
  return blockedUntil;
}

export async function clearRateLimit(db: Queryable, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where key = ${key}`);
}

export async function deleteStaleRateLimits(db: Queryable): Promise<number> {
  const row = await queryRow<{ count: number }>(
    db,
    sql`with gone as (delete from rate_limits
      where (blocked_until is null or blocked_until < now()) and window_started_at < now() - interval '1 day' returning 1)
      select count(*)::int as count from gone`,
  );
  return Number(row?.count ?? 0);
}
