import { json } from "@remix-run/node";
import { isAppError, type AppError } from "~/modules/platform/errors";
import { type FormValues } from "./forms";
import { formFailure, retryAfterSeconds, tooManyRequests } from "./form-responses.server";

/*
 * The two ways a route answers the one domain error (app/modules/platform/errors.ts): as the page's status
 * (loaders, and actions whose refusal is the page itself: 403, 404), or as the form again with the message
 * beside its field and the values kept (actions). Anything else is rethrown untouched.
 */

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  503: "Service Unavailable",
};

/** The response an AppError stands for: its message, its status, and Retry-After when throttled. */
export function appErrorResponse(error: AppError): Response {
  const headers = error.retryAt ? { "Retry-After": retryAfterSeconds(error.retryAt) } : undefined;
  return json({ message: error.message }, { status: error.status, statusText: STATUS_TEXT[error.status], headers });
}

/** For loaders, as `.catch(rethrowAsResponse)`: an AppError becomes the page's status and message. */
export function rethrowAsResponse(error: unknown): never {
  if (isAppError(error)) throw appErrorResponse(error);
  throw error;
}

/**
 * The messages of a refused form by field: the error's own, or, when its cause is an AggregateError of AppErrors
 * (every problem of a form at once, like each line of a journal entry), the first message of each field. A
 * message whose field the form does not show (not in `fields`, when given) goes above the form.
 */
export function formErrorsOf(error: AppError, fields?: readonly string[]): { errors: Record<string, string>; formError?: string } {
  const problems = error.cause instanceof AggregateError ? error.cause.errors.filter(isAppError) : [error];
  const errors: Record<string, string> = {};
  let formError: string | undefined;
  for (const problem of problems.length ? problems : [error]) {
    if (problem.field && (!fields || fields.includes(problem.field))) errors[problem.field] ??= problem.message;
    else formError ??= problem.message;
  }
  return { errors, formError };
}

/**
 * For actions, in `catch`: a refusal of the form (400, 409, 422, 429) is the form again with each message beside
 * its field (or above the form when it has none, or none the form shows) and the entered values kept; a 403 or
 * 404 is the page's status.
 */
export function actionFailure(error: unknown, values: FormValues, options: { fields?: readonly string[] } = {}): Response {
  if (!isAppError(error)) throw error;
  if (error.status === 403 || error.status === 404 || error.status === 503) throw appErrorResponse(error);
  const failure = { ...formErrorsOf(error, options.fields), values };
  if (error.retryAt) return tooManyRequests(failure, error.retryAt);
  return formFailure(failure, error.status);
}
