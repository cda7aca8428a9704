import { z } from "zod";
import { MoneyFormatError, parseMoney } from "./money";

/*
 * Form fields for amounts typed by a person, shared by the areas' form schemas: money in the organisation's
 * currency as minor units, percentages as basis points, a checkbox. Exact: no value passes through a float.
 */

/** A checkbox: ticked ("on", or "true" from a script) or not. */
export const checkboxField = z
  .string()
  .optional()
  .transform((value) => value === "on" || value === "true");

/** An amount in `currency`, as minor units; blank is `blank`; negative amounts and malformed ones are refused. */
export function moneyField<B extends bigint | null>(currency: string, label: string, blank: B) {
  return z
    .string()
    .trim()
    .max(24, `${label} is too long.`)
    .optional()
    .transform((value, context): bigint | B => {
      if (!value) return blank;
      try {
        const minor = parseMoney(value, currency);
        if (minor < 0n) {
          context.addIssue({ code: "custom", message: `${label} cannot be negative.` });
          return z.NEVER;
        }
        return minor;
      } catch (error) {
        context.addIssue({ code: "custom", message: error instanceof MoneyFormatError ? error.message : `${label} is not an amount.` });
        return z.NEVER;
      }
    });
}

/** A percentage from 0 to 100 with at most two decimals ("20", "7.5", "12.5%") as basis points; blank is 0. */
export function percentBpField(message: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) return 0;
      const match = /^(\d{1,3})(?:\.(\d{0,2}))?%?$/.exec(value);
      const bp = match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : NaN;
      if (!match || bp > 10_000) {
        context.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return bp;
    });
}
