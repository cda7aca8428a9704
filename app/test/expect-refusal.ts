import { AppError, isAppError, type AppErrorStatus } from "~/modules/platform/errors";

/** Awaits a promise that must be refused with an AppError (of `status`, when given), and returns the error. */
export async function appRefusal(promise: Promise<unknown>, status?: AppErrorStatus): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${status ? `a ${status} ` : "an "}AppError, but the operation succeeded`);
    },
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw error;
  if (status !== undefined && error.status !== status) throw new Error(`expected a ${status} AppError, got ${error.status}: ${error.message}`);
  return error;
}
