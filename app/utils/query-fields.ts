import { z } from "zod";
import { isIsoDate } from "./dates";
import { isUuid } from "./ids";

/*
 * Fields of the query-string schemas that readQuery (app/utils/forms.ts) reads: each says what is wrong in words
 * the page can show when it ignores a parameter. Client-safe: the schemas live beside the forms they filter.
 */

/** Free text to search or filter by: trimmed, at most `max` characters; blank is no filter. */
export function queryText(max: number) {
  return z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .optional()
    .transform((value) => value || undefined);
}

/** A calendar date between the years 1000 and 9998, so that a day added or taken away stays a date everywhere. */
export const queryDate = z
  .string()
  .trim()
  .refine((value) => isIsoDate(value) && value >= "1000-01-01" && value <= "9998-12-31", "Use a real date written YYYY-MM-DD, like 2026-03-31.")
  .optional();

/** A page of a list, from 1. */
export const queryPage = z
  .string()
  .regex(/^\d{1,6}$/, "Use a page number from 1 to 100000.")
  .transform(Number)
  .refine((page) => page >= 1 && page <= 100_000, "Use a page number from 1 to 100000.")
  .optional();

/** One of a few values, named in the message. */
export function queryChoice<T extends string>(values: readonly [T, ...T[]]) {
  return z.enum(values, { errorMap: () => ({ message: `Use one of: ${values.join(", ")}.` }) }).optional();
}

export const queryUuid = z
  .string()
  .refine(isUuid, "This does not name a record.")
  .optional();
