import { db } from "~/db.server";
import { recordAccountEvent } from "~/modules/audit/audit.server";
import { accountKey, endSessionsOf, markEmailVerified, storeNewPassword } from "~/modules/identity/auth.server";
import { consumeUserToken, findUserById, type User } from "~/modules/identity/users.server";
import { clearRateLimit } from "~/modules/platform/rate-limit.server";

/**
 * Sets the password from an emailed link (audited) and ends every session of the account. Null when the link is
 * spent; a password the rules refuse is an `invalid` AppError beside `password`.
 */
export async function resetPassword(token: string, newPassword: string): Promise<User | null> {
  const user = await db().transaction(async (tx) => {
    const userId = await consumeUserToken(tx, token, "reset_password");
    if (!userId) return null;
    const found = await findUserById(tx, userId);
    if (!found) return null;
    await storeNewPassword(tx, found, newPassword);
    // Following the emailed link proves control of the address.
    await markEmailVerified(tx, userId);
    await recordAccountEvent(tx, found, { action: "account.password_reset" });
    return found;
  });
  if (user) {
    await endSessionsOf(user.id);
    await clearRateLimit(db(), accountKey(user.email));
  }
  return user;
}
