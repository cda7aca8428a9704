import { sql } from "drizzle-orm";
import { queryRow, type Queryable } from "~/db.server";

/** Removes sessions past their expiry (what lucia().deleteExpiredSessions() does, on any database or transaction). */
export async function deleteExpiredSessions(db: Queryable): Promise<number> {
  const row = await queryRow<{ count: number }>(
    db,
    sql`with gone as (delete from sessions where expires_at <= now() returning 1) select count(*)::int as count from gone`,
  );
  return Number(row?.count ?? 0);
}
