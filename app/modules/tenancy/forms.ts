import { z } from "zod";
import { hiddenInput } from "~/utils/text-input";
import { ROLES } from "./permissions";
import { regionalSettingsSchema } from "./regional";

const organisationName = z
  .string({ required_error: "Enter the organisation's name." })
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(100, "Use at most 100 characters.");

export const organisationSettingsSchema = regionalSettingsSchema.extend({ name: organisationName });

/** A new organisation (its creator chooses its currency, time zone and locale, never silently EUR and UTC). */
export const newOrganisationSchema = organisationSettingsSchema;

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

/** The hidden field of a form that posts a document: its idempotency token (see idempotency.server.ts). */
export const IDEMPOTENCY_FIELD = "idempotencyToken";
