import { z } from "zod";
import { isIsoDate } from "~/utils/dates";
import { multiline } from "~/utils/text-input";

/** Client-safe: the notice editor's form, shared by Folio's and an organisation's notice. */

export const NOTICE_MAX_LENGTH = 50_000;

const isoDate = (label: string) =>
  z
    .string({ required_error: `Enter the ${label} as YYYY-MM-DD.` })
    .trim()
    .refine(isIsoDate, `Enter the ${label} as a real date, YYYY-MM-DD.`);

/** The editor's date fields, typed in the publisher's locale (see parseForm). */
export const NOTICE_DATE_FIELDS = { lastUpdated: "last updated date", effectiveDate: "effective date" };

export const noticeSchema = z
  .object({
    bodyMarkdown: multiline(
      z
        .string({ required_error: "Write the notice." })
        .refine((text) => text.trim().length > 0, "Write the notice.")
        .refine((text) => text.length <= NOTICE_MAX_LENGTH, `The notice may be at most ${NOTICE_MAX_LENGTH.toLocaleString("en")} characters long.`),
    ),
    lastUpdated: isoDate("last updated date"),
    effectiveDate: isoDate("effective date"),
    material: z
      .literal("on")
      .optional()
      .transform((value) => value === "on"),
  })
  .superRefine((value, ctx) => {
    if (isIsoDate(value.lastUpdated) && isIsoDate(value.effectiveDate) && value.effectiveDate < value.lastUpdated) {
      ctx.addIssue({ code: "custom", path: ["effectiveDate"], message: "The effective date cannot be before the last updated date." });
    }
  });
export type NoticeInput = z.output<typeof noticeSchema>;

/** The editor posts either a preview request or a publication. */
export const noticeActionSchema = z.object({ intent: z.enum(["preview", "publish"]) });

export const acknowledgeSchema = z.object({
  kind: z.enum(["folio", "organisation"]),
  version: z.coerce.number().int().min(1).max(1_000_000),
  returnTo: z.string().max(2000).optional(),
});
