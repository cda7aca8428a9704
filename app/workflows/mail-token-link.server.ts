import { createElement } from "react";
import type { Queryable } from "~/db.server";
import { ResetPasswordEmail } from "~/emails/reset-password";
import { VerifyEmail } from "~/emails/verify-email";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { issueUserToken, type TokenPurpose, type User } from "~/modules/identity/users.server";
import { env } from "~/modules/platform/env.server";

/** For each purpose of a one-time link: the page it opens (also the email's template name), its subject and email. */
const LINKS: Record<TokenPurpose, { page: string; subject: string; email: typeof VerifyEmail }> = {
  verify_email: { page: "verify-email", subject: "Confirm your email address for Folio", email: VerifyEmail },
  reset_password: { page: "reset-password", subject: "Reset your Folio password", email: ResetPasswordEmail },
};

/** Issues `user` a new one-time link for `purpose` and mails it through the outbox in `tx`. */
export async function mailTokenLink(tx: Queryable, user: Pick<User, "id" | "email" | "name">, purpose: TokenPurpose) {
  const { page, subject, email } = LINKS[purpose];
  const token = await issueUserToken(tx, user.id, purpose);
  await enqueueEmail(tx, {
    template: page,
    to: user.email,
    subject,
    body: createElement(email, { name: user.name, url: `${env().APP_URL}/${page}?token=${token}` }),
  });
}
