import { z } from "zod";
import { queryChoice, queryDate, queryPage, queryText, queryUuid } from "~/utils/query-fields";
import { hiddenInput, multiline } from "~/utils/text-input";
import { LANDING_FIELDS, LEAD_STATUSES, type LandingField, type LeadStatus } from "./schema";

/** Client-safe: the CRM's forms and the public landing page form, with their limits. */

export const LANDING_LIMITS = {
  title: 200,
  slug: 60,
  body: 20_000,
  consentWording: 500,
  email: 254,
} as const;

export const LEAD_LIMITS = {
  name: 200,
  email: 254,
  phone: 50,
  company: 200,
  message: 5_000,
} as const;

/** UTM values and the referrer are cut to these lengths, never refused: they come from links, not from people. */
export const UTM_MAX_LENGTH = 200;
export const REFERRER_MAX_LENGTH = 500;

export const UTM_PARAMETERS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] as const;
export type UtmParameter = (typeof UTM_PARAMETERS)[number];
export type Utm = Record<UtmParameter, string | null>;

export const LANDING_FIELD_LABELS: Record<LandingField, string> = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  company: "Company",
  message: "Message",
};

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: "New",
  contacted: "Contacted",
  qualified: "Qualified",
  lost: "Lost",
};

/** The honeypot: a field people never see or fill in; a bot that fills it is answered as if it had succeeded. */
export const HONEYPOT_FIELD = "website";

export const LANDING_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;

import { isUuid } from "~/utils/ids";

export { isUuid };

const tooLong = (max: number) => `Use at most ${max.toLocaleString("en")} characters.`;

const checkbox = z
  .literal("on")
  .optional()
  .transform((value) => value === "on");

const asList = (value: unknown) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]);

const validEmail = (value: string) => z.string().email().safeParse(value).success;

export const landingPageSchema = z
  .object({
    title: z.string({ required_error: "Enter a title." }).trim().min(1, "Enter a title.").max(LANDING_LIMITS.title, tooLong(LANDING_LIMITS.title)),
    slug: z
      .string({ required_error: "Enter the page's address." })
      .trim()
      .toLowerCase()
      .min(1, "Enter the page's address.")
      .max(LANDING_LIMITS.slug, tooLong(LANDING_LIMITS.slug))
      .regex(LANDING_SLUG_PATTERN, "Use lower-case letters, digits and hyphens, starting and ending with a letter or digit, like spring-offer."),
    bodyMarkdown: multiline(
      z
        .string()
        .optional()
        .transform((value) => (value ?? "").trim())
        .refine((value) => value.length <= LANDING_LIMITS.body, tooLong(LANDING_LIMITS.body)),
    ),
    fields: z.preprocess(
      asList,
      z
        .array(z.string().max(20))
        .max(LANDING_FIELDS.length)
        .refine((values) => values.every((v) => (LANDING_FIELDS as readonly string[]).includes(v)), "Choose among name, email, phone, company and message.")
        // Email is always asked: a lead without an address cannot be answered.
        .transform((values) => LANDING_FIELDS.filter((field) => field === "email" || values.includes(field)) as LandingField[]),
    ),
    marketingConsentEnabled: checkbox,
    marketingConsentWording: multiline(
      z
        .string()
        .optional()
        .transform((value) => (value ?? "").trim() || null)
        .refine((value) => value === null || value.length <= LANDING_LIMITS.consentWording, tooLong(LANDING_LIMITS.consentWording)),
    ),
    notificationEmail: z
      .string({ required_error: "Enter who is told about new leads." })
      .trim()
      .toLowerCase()
      .min(1, "Enter who is told about new leads.")
      .max(LANDING_LIMITS.email, tooLong(LANDING_LIMITS.email))
      .refine(validEmail, "Enter a valid email address, like sales@example.com."),
    isPublished: checkbox,
  })
  .superRefine((value, ctx) => {
    if (value.marketingConsentEnabled && !value.marketingConsentWording) {
      ctx.addIssue({ code: "custom", path: ["marketingConsentWording"], message: "Write the consent wording visitors agree to, or turn the consent checkbox off." });
    }
  });
export type LandingPageInput = z.output<typeof landingPageSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .refine((value) => value.length <= max, tooLong(max))
    .transform((value) => value || null);

/** UTM values and the referrer from hidden fields: cut, never refused for their length; blank is none. */
const carried = (max: number) =>
  hiddenInput(
    z
      .string()
      .optional()
      .catch(undefined)
      .transform((value) => (value ?? "").trim().slice(0, max) || null),
  );

/** The public form of one landing page: email always, the other fields it asks, consent when it offers it. */
export function leadSubmissionSchema(fields: readonly string[]) {
  const asks = (field: LandingField) => fields.includes(field);
  return z.object({
    name: asks("name")
      ? z.string({ required_error: "Enter your name." }).trim().min(1, "Enter your name.").max(LEAD_LIMITS.name, tooLong(LEAD_LIMITS.name))
      : z.any().transform(() => null),
    email: z
      .string({ required_error: "Enter your email address." })
      .trim()
      .toLowerCase()
      .min(1, "Enter your email address.")
      .max(LEAD_LIMITS.email, tooLong(LEAD_LIMITS.email))
      .refine(validEmail, "Enter a valid email address, like name@example.com."),
    phone: asks("phone")
      ? optionalText(LEAD_LIMITS.phone).refine((v) => v === null || /^[0-9+()./\s-]{3,}$/.test(v), "Enter a phone number: digits, spaces and + ( ) - . /")
      : z.any().transform(() => null),
    company: asks("company") ? optionalText(LEAD_LIMITS.company) : z.any().transform(() => null),
    message: multiline(asks("message") ? optionalText(LEAD_LIMITS.message) : z.any().transform(() => null)),
    marketingConsent: checkbox.catch(false),
    utm_source: carried(UTM_MAX_LENGTH),
    utm_medium: carried(UTM_MAX_LENGTH),
    utm_campaign: carried(UTM_MAX_LENGTH),
    utm_term: carried(UTM_MAX_LENGTH),
    utm_content: carried(UTM_MAX_LENGTH),
    referrer: carried(REFERRER_MAX_LENGTH),
    /** The consent wording the page showed, to store exactly what the person agreed to. */
    consentWording: hiddenInput(
      multiline(
        z
          .string()
          .optional()
          .catch(undefined)
          .transform((value) => (value && value.length <= LANDING_LIMITS.consentWording ? value : null)),
      ),
    ),
  });
}
export type LeadSubmission = z.output<ReturnType<typeof leadSubmissionSchema>>;

export const leadUpdateSchema = z.object({
  status: z.enum(LEAD_STATUSES, { errorMap: () => ({ message: "Choose a status from the list." }) }),
  ownerUserId: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || isUuid(value), "Choose a member from the list."),
});
export type LeadUpdateInput = z.output<typeof leadUpdateSchema>;

/** The leads list's query string (read with readQuery: filters that do not parse are ignored, and the page says so). */
export const leadListQuerySchema = z.object({
  status: queryChoice(LEAD_STATUSES),
  campaign: queryText(UTM_MAX_LENGTH),
  source: queryText(UTM_MAX_LENGTH),
  page: queryPage,
  pageId: queryUuid,
});

/** The date fields of a date range query, typed in the organisation's locale. */
export const DATE_RANGE_FIELDS = { from: "start date", to: "end date" };

export const dateRangeQuerySchema = z.object({
  from: queryDate,
  to: queryDate,
});

/** A landing page's UTM parameters: cut to 200 characters, never refused (they come from links, not people); blank is none. */
const utmParameter = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim().slice(0, UTM_MAX_LENGTH) || null);

export const utmQuerySchema = z.object(Object.fromEntries(UTM_PARAMETERS.map((name) => [name, utmParameter])) as Record<UtmParameter, typeof utmParameter>);
