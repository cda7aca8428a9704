import { TransactionRollbackError } from "drizzle-orm";
import { db, postgresError, UNIQUE_VIOLATION } from "~/db.server";
import { findUserByEmail, insertUser } from "~/modules/identity/users.server";
import { mailTokenLink } from "./mail-token-link.server";

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
        if (user) return mailTokenLink(savepoint, user, "reset_password");
        await mailTokenLink(savepoint, await insertUser(savepoint, { email, name: "", passwordHash: "", privacyNoticeVersion: "" }), "reset_password");
        savepoint.rollback();
      })
      .catch((error: unknown) => {
        // A sign-up of the same address that committed meanwhile has its own verification mail: nothing to add.
        if (!(error instanceof TransactionRollbackError) && postgresError(error)?.code !== UNIQUE_VIOLATION) throw error;
      });
  });
}
