import type { z } from "zod";

/**
 * What text sent to Folio may contain, checked once at the edge (forms, the address, cookies, redirect targets).
 * Control characters have no place in any value a person types: PostgreSQL refuses NUL outright, and the others
 * (C0 controls, DEL, C1 controls) only ever arrive from scripts or broken copy and paste. Tab, line feed and
 * carriage return are text in a field that takes several lines (a textarea) and nowhere else.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, "g");
const LINE_BREAK_OR_TAB = /[\t\n\r]/;

/** The first character a value may not contain (tab and line breaks count unless the field takes several lines), or null. */
export function firstControlCharacter(value: string, options: { multiline?: boolean } = {}): string | null {
  const control = CONTROL_CHARACTER.exec(value)?.[0];
  if (control) return control;
  if (!options.multiline) return LINE_BREAK_OR_TAB.exec(value)?.[0] ?? null;
  return null;
}

/**
 * The value with its control characters (not tab or line breaks) replaced by U+FFFD, the replacement character:
 * the value can be stored and shown, and, unlike removing them, replacing never joins what was around them into
 * something new ("/\0/evil" does not become "//evil").
 */
export function replaceControlCharacters(value: string): string {
  return value.replace(CONTROL_CHARACTERS, "\uFFFD");
}

const NAMES: Record<string, string> = { "\0": "NUL", "\t": "tab", "\n": "line break", "\r": "line break", "\u007F": "DEL" };

/** "U+0000 (NUL)": how a message names a character a person cannot see. */
export function describeCharacter(character: string): string {
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return NAMES[character] ? `${code} (${NAMES[character]})` : code;
}

/** Whether a string can be read as percent-encoded text (no "%ZZ", no broken UTF-8 sequence). */
export function isValidPercentEncoding(value: string): boolean {
  if (!value.includes("%")) return true;
  try {
    decodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

/** How a form schema marks its fields for parseForm (in the zod description, which nothing else here uses). */
export type FieldMark = "multiline" | "hidden";

function mark<T extends z.ZodTypeAny>(schema: T, fieldMark: FieldMark): T {
  return schema.describe([schema.description, `folio:${fieldMark}`].filter(Boolean).join(" ")) as T;
}

export function hasFieldMark(schema: z.ZodTypeAny, fieldMark: FieldMark): boolean {
  return (schema.description ?? "").split(" ").includes(`folio:${fieldMark}`);
}

/**
 * Marks a form field that takes several lines (a textarea, or a hidden field carrying such a text): only there
 * does parseForm accept tab and line breaks. Client-safe, so the schemas the components share can use it.
 */
export function multiline<T extends z.ZodTypeAny>(schema: T): T {
  return mark(schema, "multiline");
}

/**
 * Marks a field the page carries in a hidden input (an id, a value the page was shown with): no one can correct
 * it, so parseForm reports its problem above the form instead of beside a field no one sees.
 */
export function hiddenInput<T extends z.ZodTypeAny>(schema: T): T {
  return mark(schema, "hidden");
}
