import { z } from "zod";
import { hiddenInput } from "~/utils/text-input";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

export const emailField = z
  .string({ required_error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "Use at most 254 characters.")
  .email("Enter a valid email address, like name@example.com.");

export const personNameField = z
  .string({ required_error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(100, "Use at most 100 characters.");

export const loginSchema = z.object({
  email: emailField,
  password: z.string({ required_error: "Enter your password." }).min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH, "That password is too long."),
});

export const newPasswordField = z.string({ required_error: "Choose a password." }).min(1, "Choose a password.");

export const signupSchema = z.object({
  name: personNameField,
  email: emailField,
  password: newPasswordField,
  organisationName: z
    .string({ required_error: "Enter your organisation's name." })
    .trim()
    .min(2, "Use at least 2 characters.")
    .max(100, "Use at most 100 characters."),
  adult: z.literal("on", { errorMap: () => ({ message: "You must be 18 or older to use Folio." }) }),
  privacyNoticeVersion: hiddenInput(z.string().max(40).optional()),
});

export const invitedSignupSchema = signupSchema.omit({ organisationName: true, email: true });

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z
  .object({ token: z.string().min(1).max(200), password: newPasswordField, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] });

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, "Enter your current password."), password: newPasswordField, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] });
