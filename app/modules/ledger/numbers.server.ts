import { sql } from "drizzle-orm";
import { queryRowPrepared, type Tx } from "~/db.server";
import { AppError } from "~/modules/platform/errors";

/** A series key: capitals, 2 to 10 ("INV", "CN", "SO"); the journal's own is "JE" (posting.server.ts). */
const SERIES_KEY = /^[A-Z][A-Z0-9]{1,9}$/;

/**
 * The next gapless number of a document series of this organisation for `year`, formatted like the journal's
 * ("INV-2026-000001"). The series row stays locked by the caller's transaction until it commits, so concurrent
 * postings queue on it and one that rolls back gives its number back. Take it as late in the posting as possible.
 */
export async function nextNumber(tx: Tx, series: string, year: number): Promise<string> {
  if (!SERIES_KEY.test(series)) throw new AppError("invalid", "A number series is 2 to 10 capitals or digits.", { reason: "invalid_series" });
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new AppError("invalid", "That is not a year.", { reason: "invalid_year" });
  const row = await queryRowPrepared<{ number: string }>(
    tx,
    sql`insert into number_series as s (tenant_id, key, year, last_value)
      values (app_tenant_id(), ${series}, ${year}, 1)
      on conflict (tenant_id, key, year) do update set last_value = s.last_value + 1
      returning ${series} || '-' || ${year}::text || '-' || lpad(s.last_value::text, greatest(6, length(s.last_value::text)), '0') as number`,
  );
  if (!row) throw new Error("the number series was not advanced");
  return row.number;
}
