import { createElement } from "react";
import { db } from "~/db.server";
import { SignUpAttemptedEmail } from "~/emails/signup-attempted";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { isEmailTaken } from "~/modules/identity/signup.server";
import { findUserByEmail } from "~/modules/identity/users.server";
import { env } from "~/modules/platform/env.server";
import { signUp, type SignUpInput } from "./sign-up.server";

/**
 * Sign-up from the public form, which answers alike whether or not the address has an account: for a taken
 * address its owner is mailed that someone tried (with links to log in and to reset the password) instead of a
 * refusal that would tell anyone which addresses have accounts.
 */
export async function signUpOrTellOwner(input: SignUpInput, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<void> {
  try {
    await signUp(input, meta);
  } catch (error) {
    if (!isEmailTaken(error)) throw error;
    await db().transaction(async (tx) => {
      const owner = await findUserByEmail(tx, input.email);
      if (!owner) return;
      await enqueueEmail(tx, {
        template: "signup-attempted",
        to: owner.email,
        subject: "Someone tried to sign up to Folio with your email address",
        body: createElement(SignUpAttemptedEmail, { name: owner.name, loginUrl: `${env().APP_URL}/login`, resetUrl: `${env().APP_URL}/forgot-password` }),
      });
    });
  }
}
