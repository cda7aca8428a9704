import { db, type Queryable } from "~/db.server";
import { findUserById, type User } from "~/modules/identity/users.server";
import { mailTokenLink } from "./mail-token-link.server";

/** Mails `user` a link that confirms their address, through the outbox in `tx`. */
export function sendVerificationEmail(tx: Queryable, user: Pick<User, "id" | "email" | "name">) {
  return mailTokenLink(tx, user, "verify_email");
}

/** The same, in a transaction of its own, for a user whose address is not verified yet (else nothing). */
export async function resendVerification(userId: string): Promise<void> {
  await db().transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user || user.emailVerifiedAt) return;
    await sendVerificationEmail(tx, user);
  });
}
