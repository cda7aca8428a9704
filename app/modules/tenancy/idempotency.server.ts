import { createHash, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRow, type Tx } from "~/db.server";
import { AppError } from "~/modules/platform/errors";
import { canonicalJson } from "~/utils/canonical-json";
import { isUuid } from "~/utils/ids";
import { IDEMPOTENCY_FIELD } from "./forms";

// Forms that post a document carry a token made when the form was rendered. The first submission of a token
// claims it, does the work and stores its result in the same transaction; a repeat (a double click, a retry
// after a lost response) waits for the first to end and answers with that result instead of posting again.
// How and why: docs/decisions/0015-idempotent-form-submissions.md.

export { IDEMPOTENCY_FIELD };

/** A new token, for a form being rendered. */
export function newIdempotencyToken(): string {
  return randomUUID();
}

export type StoredResult = string | number | boolean | null | StoredResult[] | { [key: string]: StoredResult };

export interface IdempotentRequest {
  /** The submitted token; anything but a uuid is refused (400) before any work. */
  token: FormDataEntryValue | string | null | undefined;
  /** What the form does, like "ledger.post_draft". */
  operation: string;
  /** What it asks for (the document's id and the parsed form): a repeat must ask for the same. */
  input: unknown;
}

function requestHash(operation: string, input: unknown): string {
  return createHash("sha256").update(canonicalJson({ operation, input })).digest("hex");
}

/**
 * Runs `work` once per token within the tenant of `tx` (a withTenant transaction), and returns its result, or
 * the result the first submission of the token stored. The claim comes first, so a concurrent repeat waits on
 * the key until the first commits (and then reads its result) or rolls back (and then does the work itself).
 * If `work` throws, the transaction rolls back with the claim, and the token can be sent again. A missing or
 * malformed token is an `invalid` AppError, one used by another submission a `conflict`.
 */
export async function performOnce<T extends StoredResult>(tx: Tx, request: IdempotentRequest, work: () => Promise<T>): Promise<T> {
  const { token, operation } = request;
  if (typeof token !== "string" || !isUuid(token)) {
    throw new AppError("invalid", "This form is missing its submission token. Reload the page and submit it again.", { reason: "missing_token" });
  }
  const hash = requestHash(operation, request.input);
  const claimed = await queryRow<{ key: string }>(
    tx,
    sql`insert into idempotency_keys (tenant_id, key, operation, user_id, request_hash)
      values (app_tenant_id(), ${token}::uuid, ${operation}, app_user_id(), ${hash})
      on conflict (tenant_id, key) do nothing
      returning key`,
  );
  if (claimed) {
    const result = await work();
    await tx.execute(sql`update idempotency_keys set result = ${JSON.stringify(result)}::jsonb where tenant_id = app_tenant_id() and key = ${token}::uuid`);
    return result;
  }
  const first = await queryRow<{ result: string | null; same_request: boolean }>(
    tx,
    sql`select result::text as result, (operation = ${operation} and request_hash = ${hash} and user_id is not distinct from app_user_id()) as same_request
      from idempotency_keys where tenant_id = app_tenant_id() and key = ${token}::uuid`,
  );
  if (!first) throw new Error(`idempotency key ${token} conflicted but cannot be read`);
  if (!first.same_request || first.result === null) {
    throw new AppError("conflict", "This form was already submitted with other values. Reload the page to start again from what is saved now.", {
      reason: "token_reused",
    });
  }
  return JSON.parse(first.result) as T;
}

/** Removes the tenant's keys older than `days` days: past that, nobody retries a submission. */
export async function deleteOldIdempotencyKeys(tx: Tx, days: number): Promise<number> {
  const row = await queryRow<{ count: number }>(
    tx,
    sql`with gone as (
        delete from idempotency_keys where tenant_id = app_tenant_id() and created_at < now() - make_interval(days => ${days}::int) returning 1)
      select count(*)::int as count from gone`,
  );
  return Number(row?.count ?? 0);
}
