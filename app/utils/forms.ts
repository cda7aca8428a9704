import { z } from "zod";
import { datesToIso, type DateFieldLabels } from "./date-entry";
import { describeCharacter, firstControlCharacter, hasFieldMark, replaceControlCharacters } from "./text-input";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: FormValues; formError?: string };

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

interface FieldKinds {
  /** Every field the schema reads; "all" when it reads fields whose names it computes (a preprocess step). */
  read: Set<string> | "all";
  /** Those it marks multiline. */
  multiline: Set<string>;
  /** Those it marks as carried in hidden inputs. */
  hidden: Set<string>;
}

/** The fields a form schema names, and which take several lines, looking through unions, refinements and pipes. */
function fieldKinds(schema: z.ZodTypeAny, kinds: FieldKinds = { read: new Set(), multiline: new Set(), hidden: new Set(["intent"]) }): FieldKinds {
  if (schema instanceof z.ZodObject) {
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodTypeAny>)) {
      if (kinds.read !== "all") kinds.read.add(name);
      if (hasFieldMark(field, "multiline")) kinds.multiline.add(name);
      if (hasFieldMark(field, "hidden")) kinds.hidden.add(name);
    }
  } else if (schema instanceof z.ZodEffects) {
    if (schema._def.effect.type === "preprocess") kinds.read = "all";
    fieldKinds(schema.innerType(), kinds);
  } else if (schema instanceof z.ZodDiscriminatedUnion || schema instanceof z.ZodUnion) {
    for (const option of schema.options as z.ZodTypeAny[]) fieldKinds(option, kinds);
  } else if (schema instanceof z.ZodIntersection) {
    fieldKinds(schema._def.left, kinds);
    fieldKinds(schema._def.right, kinds);
  } else if (schema instanceof z.ZodPipeline) {
    fieldKinds(schema._def.in, kinds);
  }
  return kinds;
}

/** Control characters readFormData found (and replaced) in a form, by field: parseForm refuses those fields. */
const controlCharactersFound = new WeakMap<FormData, Map<string, string>>();

function controlCharacterMessage(character: string, multiline: boolean): string {
  if (!multiline && "\t\n\r".includes(character)) return "Keep this to one line: it cannot contain tabs or line breaks.";
  return `This contains an invisible control character (${describeCharacter(character)}), shown as \uFFFD. Remove it and send the form again.`;
}

const UNKNOWN_INTENT = "This page does not offer that action. Reload the page and use one of its buttons.";
const ALTERED_FORM = "This form was changed after the page was loaded. Reload the page and send it again.";
const SENT_TWICE = "This was sent more than once, as if the form had been altered. Reload the page and send it again.";

/**
 * Parses a form with its schema; on failure, one message per field. Every field the schema reads is refused
 * here, for every form alike, when it holds a control character, or a tab or line break unless the schema marks
 * it multiline. Fields it does not read are left to whoever reads them (another schema, when an intent is read
 * first), with their control characters already replaced by readFormData. Problems of the fields no one can
 * correct (the buttons' "intent", fields marked hiddenInput) are the failure's formError. `dates` names the date
 * fields typed in the organisation's locale: the schema sees them as YYYY-MM-DD, and one that cannot be read is
 * refused in that locale's pattern.
 */
export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  formData: FormData,
  options: { dates?: { locale: string; fields: DateFieldLabels } } = {},
): FormResult<z.output<S>> {
  const dates = options.dates ? datesToIso(formData, options.dates.locale, options.dates.fields) : { data: formData, errors: {} };
  const raw: Record<string, unknown> = {};
  const errors: FieldErrors = { ...dates.errors };
  const kinds = fieldKinds(schema);
  const found = controlCharactersFound.get(formData);
  for (const key of new Set(dates.data.keys())) {
    const all = dates.data.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 ? all : all[0];
    if (kinds.read !== "all" && !kinds.read.has(key)) continue;
    const multiline = kinds.multiline.has(key);
    const character = found?.get(key) ?? all.map((value) => firstControlCharacter(value, { multiline })).find(Boolean);
    if (character) errors[key] = controlCharacterMessage(character, multiline);
  }
  const result = schema.safeParse(raw);
  if (result.success && Object.keys(errors).length === 0) return { ok: true, data: result.data };
  for (const issue of result.success ? [] : result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.code === "invalid_type" && issue.received === "array" ? SENT_TWICE : issue.message;
  }
  // What no one can correct (the buttons' "intent", hidden inputs) is said above the form, where it is seen.
  const unseen = [...kinds.hidden].filter((field) => errors[field] !== undefined);
  for (const field of unseen) delete errors[field];
  const formError = unseen.includes("intent") ? UNKNOWN_INTENT : unseen.length > 0 ? ALTERED_FORM : undefined;
  return { ok: false, errors, values: formValues(formData), ...(formError ? { formError } : {}) };
}

/** How long until `retryAt`, in whole minutes (at least one), as a person reads it: "1 minute", "15 minutes". */
export function minutesUntil(retryAt: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60_000));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function normaliseFormData(submitted: FormData): FormData {
  const normalised = new FormData();
  const found = new Map<string, string>();
  for (const [name, value] of submitted.entries()) {
    if (firstControlCharacter(name)) continue;
    if (typeof value !== "string") {
      normalised.append(name, value);
      continue;
    }
    const character = firstControlCharacter(value, { multiline: true });
    if (character && !found.has(name)) found.set(name, character);
    normalised.append(name, character ? replaceControlCharacters(value) : value);
  }
  if (found.size > 0) controlCharactersFound.set(normalised, found);
  return normalised;
}

/** A query parameter that was left out, and why: the page tells the person instead of failing. */
export interface IgnoredParameter {
  name: string;
  message: string;
}

export interface QueryReading<T> {
  query: T;
  ignored: IgnoredParameter[];
  /** The date parameters typed in a way the organisation's locale cannot read, by name: said beside their fields. */
  dateErrors: Record<string, string>;
}

/**
 * The query string read with its schema, one parameter at a time, for every page that takes parameters. A blank
 * parameter is absent; one that does not parse, or holds a control character, is treated as absent and named in
 * `ignored` with the schema's message. A malformed address is never a 500, and the rest of the filters still apply.
 * `dates` names the date parameters typed in the organisation's locale: the schema sees them as YYYY-MM-DD, and
 * one that cannot be read is in `dateErrors` (in that locale's pattern) rather than in `ignored`.
 */
export function readQuery<Shape extends z.ZodRawShape>(
  request: Request | URL,
  schema: z.ZodObject<Shape>,
  options: { dates?: { locale: string; fields: DateFieldLabels } } = {},
): QueryReading<z.output<z.ZodObject<Shape>>> {
  const given = (request instanceof URL ? request : new URL(request.url)).searchParams;
  const dates = options.dates ? datesToIso(given, options.dates.locale, options.dates.fields) : { data: given, errors: {} as Record<string, string> };
  const searchParams = dates.data;
  const query: Record<string, unknown> = {};
  const ignored: IgnoredParameter[] = [];
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodTypeAny>)) {
    const raw = searchParams.get(name) || undefined;
    const character = raw === undefined ? null : firstControlCharacter(raw);
    const parsed = character ? null : field.safeParse(raw);
    if (parsed?.success) {
      query[name] = parsed.data;
      continue;
    }
    if (!(name in dates.errors)) ignored.push({ name, message: parsed ? parsed.error.issues[0].message : `It holds a control character (${describeCharacter(character!)}).` });
    const absent = field.safeParse(undefined);
    query[name] = absent.success ? absent.data : undefined;
  }
  return { query: query as z.output<z.ZodObject<Shape>>, ignored, dateErrors: dates.errors };
}
