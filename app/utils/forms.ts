import { json } from "@remix-run/node";
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

/** The submitted form; a body that cannot be read as one is the sender's mistake (400), never a 500. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw json({ message: "The form could not be read. Please send it again from the page." }, { status: 400, statusText: "Bad Request" });
  }
}
