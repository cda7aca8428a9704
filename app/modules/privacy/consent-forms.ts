import { z } from "zod";
import type { ConsentCategory, ConsentMethod } from "./schema";

/**
 * What the cookie banner, the preferences pages and the consent action share (client-safe: no server imports).
 * The categories themselves are fixed in ./schema (CONSENT_CATEGORIES); their wording lives here.
 */

/** The categories a visitor may grant or refuse; "necessary" is always on. */
export const OPTIONAL_CONSENT_CATEGORIES = ["analytics", "marketing"] as const satisfies readonly ConsentCategory[];
export type OptionalConsentCategory = (typeof OPTIONAL_CONSENT_CATEGORIES)[number];

export const CONSENT_CATEGORY_INFO: Record<ConsentCategory, { label: string; description: string }> = {
  necessary: {
    label: "Necessary",
    description:
      "Keep you signed in, protect forms against forgery and remember this cookie choice. The site cannot work without them, so they are always on.",
  },
  analytics: {
    label: "Analytics",
    description:
      "Count visits and see which pages are used, with a measurement tool such as Google Analytics, so the site can be improved. Off unless you allow it.",
  },
  marketing: {
    label: "Marketing",
    description:
      "Measure advertising campaigns and show relevant ads elsewhere, with an advertising pixel such as Meta's. Off unless you allow it.",
  },
};

export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = {
  accept: "Accepted all",
  reject: "Rejected all",
  save: "Chose categories",
  gpc: "Global Privacy Control (opt-out)",
};

const KNOWN_CATEGORIES: readonly string[] = ["necessary", ...OPTIONAL_CONSENT_CATEGORIES];

/** Where the choice is for: "folio" (Folio's own pages) or "org:<slug>" (an organisation's public pages). */
export const CONSENT_SITE_PATTERN = /^(folio|org:[a-z0-9](?:[a-z0-9-]{0,62}))$/;

const asList = (value: unknown) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]);

/** The banner's and the preferences page's form: one of three buttons, and the categories ticked for "save". */
export const consentChoiceSchema = z.object({
  choice: z.enum(["accept", "reject", "save"], {
    errorMap: () => ({ message: 'Choose "Accept all", "Reject all" or "Save my choices".' }),
  }),
  categories: z.preprocess(
    asList,
    z
      .array(z.string().max(40, "A cookie category name is at most 40 characters."), {
        invalid_type_error: "Send the cookie categories as form fields.",
      })
      .max(KNOWN_CATEGORIES.length, `There are only ${KNOWN_CATEGORIES.length} cookie categories.`)
      .superRefine((values, ctx) => {
        const unknown = values.filter((value) => !KNOWN_CATEGORIES.includes(value));
        if (unknown.length > 0) {
          ctx.addIssue({
            code: "custom",
            message: `Unknown cookie category ${JSON.stringify(unknown[0].slice(0, 40))}: the categories are necessary, analytics and marketing.`,
          });
        }
      })
      .transform((values) => values as ConsentCategory[]),
  ),
  returnTo: z.string().max(2000, "The page to return to is too long.").optional(),
  site: z
    .string()
    .max(80, "Unknown site.")
    .regex(CONSENT_SITE_PATTERN, "Unknown site: this choice must come from a Folio page or an organisation's public page.")
    .default("folio"),
});
export type ConsentChoiceInput = z.output<typeof consentChoiceSchema>;

/** The categories a choice grants: necessary always, plus everything for accept, nothing for reject. */
export function grantedCategories(choice: ConsentChoiceInput["choice"], ticked: readonly ConsentCategory[]): ConsentCategory[] {
  if (choice === "accept") return ["necessary", ...OPTIONAL_CONSENT_CATEGORIES];
  if (choice === "reject") return ["necessary"];
  return ["necessary", ...OPTIONAL_CONSENT_CATEGORIES.filter((category) => ticked.includes(category))];
}

export const ANALYTICS_ID_PATTERN = /^G-[A-Z0-9]{4,12}$/;
export const PIXEL_ID_PATTERN = /^[0-9]{6,20}$/;

const optionalId = (pattern: RegExp, message: string, upperCase: boolean) =>
  z
    .string()
    .max(100, message)
    .optional()
    .transform((value) => {
      const trimmed = (value ?? "").trim();
      return trimmed === "" ? null : upperCase ? trimmed.toUpperCase() : trimmed;
    })
    .refine((value) => value === null || pattern.test(value), message);

/** An organisation's privacy settings: the tools its public pages may load once a visitor allows them. */
export const privacySettingsSchema = z.object({
  intent: z.literal("save"),
  analyticsMeasurementId: optionalId(ANALYTICS_ID_PATTERN, "Enter a Google Analytics measurement id like G-ABC123XYZ (G- then 4 to 12 letters or digits), or leave it empty.", true),
  marketingPixelId: optionalId(PIXEL_ID_PATTERN, "Enter a Meta pixel id: 6 to 20 digits, or leave it empty.", false),
});

export const askAgainSchema = z.object({ intent: z.literal("ask-again") });
