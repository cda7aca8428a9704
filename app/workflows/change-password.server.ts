import { db } from "~/db.server";
import { recordAccountEvent } from "~/modules/audit/audit.server";
import { endOtherSessionsOf, storeNewPassword, wrongCurrentPassword } from "~/modules/identity/auth.server";
import { verifyPassword } from "~/modules/identity/password.server";
import { findUserById } from "~/modules/identity/users.server";

/**
 * Changes the password after checking the current one (audited); other sessions of the account end. A wrong
 * current password or a refused new one is an `invalid` AppError beside its field.
 */
export async function changePassword(input: {
  userId: string;
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
  meta?: { ip?: string | null; userAgent?: string | null };
}) {
  await db().transaction(async (tx) => {
    const user = await findUserById(tx, input.userId);
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) throw wrongCurrentPassword();
    await storeNewPassword(tx, user, input.newPassword);
    await recordAccountEvent(tx, user, { action: "account.password_changed" }, input.meta);
  });
  await endOtherSessionsOf(input.userId, input.currentSessionId);
}
