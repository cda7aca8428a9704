import { createElement } from "react";
import { db, type Queryable } from "~/db.server";
import { VerifyEmail } from "~/emails/verify-email";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { findUserById, issueUserToken, type User } from "~/modules/identity/users.server";
import { env } from "~/modules/platform/env.server";

/** Mails `user` a link that confirms their address, through the outbox in `tx`. */
export async function sendVerificationEmail(tx: Queryable, user: Pick<User, "id" | "email" | "name">) {
  const token = await issueUserToken(tx, user.id, "verify_email");
  await enqueueEmail(tx, {
    template: "verify-email",
    to: user.email,
    subject: "Confirm your email address for Folio",
    body: createElement(VerifyEmail, { name: user.name, url: `${env().APP_URL}/verify-email?token=${token}` }),
  });
}

/** The same, in a transaction of its own, for a user whose address is not verified yet (else nothing). */
export async function resendVerification(userId: string): Promise<void> {
  await db().transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user || user.emailVerifiedAt) return;
    await sendVerificationEmail(tx, user);
  });
}
