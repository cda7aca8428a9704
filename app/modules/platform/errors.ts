/*
 * The one domain error (docs/decisions/0017-one-domain-error.md). Modules throw AppError and never import
 * `@remix-run/*`; app/utils/errors.server.ts turns it into a response (loaders) or a form failure with the
 * entered values kept (actions).
 */

/** Each kind of refusal and the HTTP status it maps to. */
export const APP_ERROR_STATUS = {
  /** The input is wrong: a field, a line, a filter. */
  invalid: 400,
  /** The member lacks the permission. */
  forbidden: 403,
  /** The record does not exist in this organisation (another organisation's id answers the same). */
  not_found: 404,
  /** The request is fine but the state forbids it now: already posted, locked, taken, in use. */
  conflict: 409,
  /** Well-formed, but a business rule refuses it (over a credit limit, not enough stock). */
  unprocessable: 422,
  /** Throttled: try again at `retryAt`. */
  throttled: 429,
  /** A dependency (the database, the mail provider) cannot be reached right now. */
  unavailable: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;
export type AppErrorStatus = (typeof APP_ERROR_STATUS)[AppErrorCode];

export interface AppErrorOptions {
  /** The form field (or `lines.2.account`-style path) the message belongs beside. */
  field?: string;
  /** A machine-readable reason within the code, for tests and callers that react to one case ("period_locked"). */
  reason?: string;
  /** For `throttled`: when the person may try again (Retry-After). */
  retryAt?: Date;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = "AppError";
  readonly status: AppErrorStatus;
  readonly field?: string;
  readonly reason?: string;
  readonly retryAt?: Date;

  constructor(
    readonly code: AppErrorCode,
    /** What a person can act on: what is wrong and, where it helps, what to do instead. */
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = APP_ERROR_STATUS[code];
    this.field = options.field;
    this.reason = options.reason;
    this.retryAt = options.retryAt;
  }
}

/**
 * Whether `error` is an AppError. By name as well as by class: the server entry and the Remix build each load a
 * copy of this module, so an error thrown by one is not an instance of the other's class.
 */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && error.name === "AppError" && "code" in error && "status" in error);
}
