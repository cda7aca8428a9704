import { db } from "~/db.server";
import { recordAccountEvent } from "~/modules/audit/audit.server";
import { markEmailVerified } from "~/modules/identity/auth.server";
import { consumeUserToken, type User } from "~/modules/identity/users.server";

/** Verifies the address an emailed link was sent to, audited; null when the link is spent or unknown. */
export async function verifyEmailToken(token: string): Promise<User | null> {
  return db().transaction(async (tx) => {
    const userId = await consumeUserToken(tx, token, "verify_email");
    if (!userId) return null;
    const user = await markEmailVerified(tx, userId);
    await recordAccountEvent(tx, user, { action: "account.email_verified" });
    return user;
  });
}
