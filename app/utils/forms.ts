import { json, type HeadersFunction } from "@remix-run/node";
import type { z } from "zod";
import { datesToIso, type DateFieldLabels } from "./date-entry";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: FormValues };

/** What an action returns for a form: field errors beside the values entered (secrets left out). */
export interface FormFailure {
  errors: FieldErrors;
  values: FormValues;
  formError?: string;
}

const SECRET_FIELDS = /password|token|secret|^(verification)?code$/i;

/** The entered values, to show the form again; passwords and secrets are never echoed back. */
export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !SECRET_FIELDS.test(key)) values[key] = value;
  }
  return values;
}

/**
 * Parses a form with its schema; on failure, one message per field. `dates` names the date fields typed in the
 * organisation's locale: the schema sees them as YYYY-MM-DD, and one that cannot be read is refused in that
 * locale's pattern.
 */
export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  formData: FormData,
  options: { dates?: { locale: string; fields: DateFieldLabels } } = {},
): FormResult<z.output<S>> {
  const dates = options.dates ? datesToIso(formData, options.dates.locale, options.dates.fields) : { data: formData, errors: {} };
  const raw: Record<string, unknown> = {};
  for (const key of new Set(dates.data.keys())) {
    const all = dates.data.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 ? all : all[0];
  }
  const result = schema.safeParse(raw);
  if (result.success && Object.keys(dates.errors).length === 0) return { ok: true, data: result.data };
  const errors: FieldErrors = { ...dates.errors };
  for (const issue of result.success ? [] : result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values: formValues(formData) };
}

/** 400 with the errors beside the fields and the entered values kept. */
export function badRequest(failure: Partial<FormFailure> & { values: FormValues }) {
  return json<FormFailure>({ errors: failure.errors ?? {}, values: failure.values, formError: failure.formError }, { status: 400 });
}

export function formFailure(failure: Partial<FormFailure> & { values: FormValues }, status: number) {
  return json<FormFailure>({ errors: failure.errors ?? {}, values: failure.values, formError: failure.formError }, { status });
}

/** How long until `retryAt`, in whole minutes (at least one), as a person reads it: "1 minute", "15 minutes". */
export function minutesUntil(retryAt: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60_000));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** 429 for a throttled form: the message and the values kept, and Retry-After in seconds until `retryAt`. */
export function tooManyRequests(failure: Partial<FormFailure> & { values: FormValues }, retryAt: Date) {
  const response = formFailure(failure, 429);
  response.headers.set("Retry-After", String(Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000))));
  return response;
}

/**
 * The `headers` export of a route whose action may answer 429: Remix keeps only an action's cookies on the page
 * it renders, so without this a form posted without JavaScript would get its 429 without Retry-After.
 */
export const keepRetryAfter: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const headers = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

/** The submitted form; a body that cannot be read as one is the sender's mistake (400), never a 500. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw json({ message: "The form could not be read. Please send it again from the page." }, { status: 400, statusText: "Bad Request" });
  }
}
