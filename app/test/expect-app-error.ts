import { expect } from "vitest";
import type { AppError } from "~/modules/platform/errors";
import { isAppError } from "~/modules/platform/errors";

/** Awaits a promise that must be refused with an AppError, and returns the error. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error("expected an AppError");
    },
    (e: unknown) => e,
  );
  expect(isAppError(error)).toBe(true);
  return error as AppError;
}
