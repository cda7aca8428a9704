import { TransactionRollbackError } from "drizzle-orm";
import { createElement } from "react";
import { db, postgresError, type Queryable, UNIQUE_VIOLATION } from "~/db.server";
import { ResetPasswordEmail } from "~/emails/reset-password";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { findUserByEmail, insertUser, issueUserToken, type User } from "~/modules/identity/users.server";
import { env } from "~/modules/platform/env.server";

/** A new reset link for `user`, mailed through the outbox in `tx`. */
async function mailResetLink(tx: Queryable, user: Pick<User, "id" | "name" | "email">) {
  const token = await issueUserToken(tx, user.id, "reset_password");
  await enqueueEmail(tx, {
    template: "reset-password",
    to: user.email,
    subject: "Reset your Folio password",
    body: createElement(ResetPasswordEmail, { name: user.name, url: `${env().APP_URL}/reset-password?token=${token}` }),
  });
}

/**
 * Mails a reset link when the address has an account. The answer says nothing either way, and takes as long
 * either way: without an account the same work is done for a stand-in account in a savepoint that is then rolled
 * back (nothing of it is kept), so the time of the answer does not tell whether the account exists.
 */
export async function requestPasswordReset(email: string): Promise<void> {
  await db().transaction(async (tx) => {
    const user = await findUserByEmail(tx, email);
    await tx
      .transaction(async (savepoint) => {
        if (user) return mailResetLink(savepoint, user);
        await mailResetLink(savepoint, await insertUser(savepoint, { email, name: "", passwordHash: "", privacyNoticeVersion: "" }));
        savepoint.rollback();
      })
      .catch((error: unknown) => {
        // A sign-up of the same address that committed meanwhile has its own verification mail: nothing to add.
        if (!(error instanceof TransactionRollbackError) && postgresError(error)?.code !== UNIQUE_VIOLATION) throw error;
      });
  });
}
