import { z } from "zod";
import { hiddenInput } from "~/utils/text-input";
import { ROLES } from "./permissions";

const timeZones = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));

export const CURRENCY_OPTIONS = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "CAD", "AUD", "JPY", "INR", "ZAR"] as const;
export const LOCALE_OPTIONS = ["en-GB", "en-US", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pl-PL", "sv-SE", "pt-PT"] as const;

export const organisationSettingsSchema = z.object({
  name: z.string({ required_error: "Enter the organisation's name." }).trim().min(2, "Use at least 2 characters.").max(100, "Use at most 100 characters."),
  currency: z.enum(CURRENCY_OPTIONS, { errorMap: () => ({ message: "Choose a currency from the list." }) }),
  timeZone: z.string().refine((zone) => timeZones.has(zone), "Choose a time zone from the list, like Europe/Berlin."),
  locale: z.enum(LOCALE_OPTIONS, { errorMap: () => ({ message: "Choose a language and region from the list." }) }),
});

export const newOrganisationSchema = z.object({
  name: organisationSettingsSchema.shape.name,
});

export const roleField = z.enum(ROLES, { errorMap: () => ({ message: "Choose a role from the list." }) });

export const inviteSchema = z.object({
  intent: z.literal("invite"),
  email: z.string().trim().min(1, "Enter an email address.").max(254, "Use at most 254 characters.").email("Enter a valid email address."),
  role: roleField,
});

const membershipIdField = hiddenInput(z.string().uuid("That person is not a member of this organisation (any more). Reload the page."));
export const changeRoleSchema = z.object({ intent: z.literal("change-role"), membershipId: membershipIdField, role: roleField });
export const removeMemberSchema = z.object({ intent: z.literal("remove"), membershipId: membershipIdField });
export const revokeInvitationSchema = z.object({
  intent: z.literal("revoke"),
  invitationId: hiddenInput(z.string().uuid("That invitation does not exist (any more). Reload the page.")),
});

export const membersActionSchema = z.discriminatedUnion("intent", [inviteSchema, changeRoleSchema, removeMemberSchema, revokeInvitationSchema]);

export function allTimeZones(): string[] {
  return [...timeZones].sort();
}
