import { AppError } from "~/modules/platform/errors";
import { type IdempotentRequest, IdempotencyError, performOnce, type StoredResult } from "~/modules/tenancy/idempotency.server";
import type { Tx } from "~/db.server";

/**
 * performOnce for a form's action: a token that is missing or was used with other values is refused as an
 * AppError (400, 409 as before), so that the action answers it like any refusal (actionFailure, rethrowAsResponse).
 */
export async function performFormOnce<T extends StoredResult>(tx: Tx, request: IdempotentRequest, work: () => Promise<T>): Promise<T> {
  try {
    return await performOnce(tx, request, work);
  } catch (error) {
    if (!(error instanceof IdempotencyError)) throw error;
    throw new AppError(error.status === 400 ? "invalid" : "conflict", error.message, { reason: "idempotency_token", cause: error });
  }
}
