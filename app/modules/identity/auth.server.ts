import { eq, sql, TransactionRollbackError } from "drizzle-orm";
import { createElement } from "react";
import { db, postgresError, type Queryable, type Tx, UNIQUE_VIOLATION } from "~/db.server";
import { AccountLockedEmail } from "~/emails/account-locked";
import { ResetPasswordEmail } from "~/emails/reset-password";
import { VerifyEmail } from "~/emails/verify-email";
import { recordAccountEvent } from "~/modules/audit/audit.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { env } from "~/modules/platform/env.server";
import { clearRateLimit, hitRateLimit, rateLimitBlockedUntil } from "~/modules/platform/rate-limit.server";
import { lucia } from "./lucia.server";
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from "./password.server";
import { users } from "./schema";
import { consumeUserToken, findUserByEmail, findUserById, insertUser, issueUserToken, normaliseEmail, type User } from "./users.server";

export const ACCOUNT_LOCK = { limit: 5, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };
export const IP_LOCK = { limit: 20, windowSeconds: 10 * 60, blockSeconds: 15 * 60 };

export const accountKey = (email: string) => `login:account:${normaliseEmail(email)}`;
export const ipKey = (ip: string) => `login:ip:${ip}`;

export async function sendVerificationEmail(tx: Queryable, user: Pick<User, "id" | "email" | "name">) {
  const token = await issueUserToken(tx, user.id, "verify_email");
  await enqueueEmail(tx, {
    template: "verify-email",
    to: user.email,
    subject: "Confirm your email address for Folio",
    body: createElement(VerifyEmail, { name: user.name, url: `${env().APP_URL}/verify-email?token=${token}` }),
  });
}

export type LoginResult =
  | { ok: true; user: User; sessionCookie: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "account_locked" | "ip_blocked"; retryAt: Date };

/**
 * Checks a password with throttling: an account (known or not, so the answer does not tell whether it exists)
 * locks after 5 failures for 15 minutes; an address that fails 20 times in 10 minutes is refused for 15.
 */
export async function login(input: { email: string; password: string; ip: string | null; userAgent?: string | null }): Promise<LoginResult> {
  const database = db();
  const email = normaliseEmail(input.email);
  if (input.ip) {
    const ipBlockedUntil = await rateLimitBlockedUntil(database, ipKey(input.ip));
    if (ipBlockedUntil) return { ok: false, reason: "ip_blocked", retryAt: ipBlockedUntil };
  }
  const accountBlockedUntil = await rateLimitBlockedUntil(database, accountKey(email));
  if (accountBlockedUntil) return { ok: false, reason: "account_locked", retryAt: accountBlockedUntil };

  const user = await findUserByEmail(database, email);
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  const meta = { ip: input.ip, userAgent: input.userAgent };
  if (user && valid) {
    const session = await lucia().createSession(user.id, {});
    await database.transaction(async (tx) => {
      await clearRateLimit(tx, accountKey(email));
      await recordAccountEvent(tx, user, { action: "account.logged_in" }, meta);
    });
    return { ok: true, user, sessionCookie: lucia().createSessionCookie(session.id).serialize() };
  }

  return database.transaction(async (tx) => {
    const account = await hitRateLimit(tx, accountKey(email), ACCOUNT_LOCK);
    const justLocked = account.hits === ACCOUNT_LOCK.limit && account.blockedUntil !== null;
    if (justLocked && user) {
      await enqueueEmail(tx, {
        template: "account-locked",
        to: user.email,
        subject: "Your Folio account is locked for 15 minutes",
        body: createElement(AccountLockedEmail, {
          name: user.name,
          minutes: ACCOUNT_LOCK.blockSeconds / 60,
          resetUrl: `${env().APP_URL}/forgot-password`,
        }),
      });
    }
    const address = input.ip ? await hitRateLimit(tx, ipKey(input.ip), IP_LOCK) : null;
    if (justLocked && user) {
      await recordAccountEvent(tx, user, { action: "account.locked", after: { failedAttempts: account.hits, lockedUntil: account.blockedUntil } }, meta);
    }
    if (address?.blockedUntil) return { ok: false as const, reason: "ip_blocked" as const, retryAt: address.blockedUntil };
    if (account.blockedUntil) return { ok: false as const, reason: "account_locked" as const, retryAt: account.blockedUntil };
    return { ok: false as const, reason: "invalid" as const };
  });
}

export async function createSessionCookie(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, {});
  return lucia().createSessionCookie(session.id).serialize();
}

export async function logout(sessionId: string): Promise<string> {
  await lucia().invalidateSession(sessionId);
  return lucia().createBlankSessionCookie().serialize();
}

export async function verifyEmailToken(token: string): Promise<User | null> {
  return db().transaction(async (tx) => {
    const userId = await consumeUserToken(tx, token, "verify_email");
    if (!userId) return null;
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    await recordAccountEvent(tx, user, { action: "account.email_verified" });
    return user;
  });
}

export async function resendVerification(userId: string): Promise<void> {
  await db().transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user || user.emailVerifiedAt) return;
    await sendVerificationEmail(tx, user);
  });
}

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

export class PasswordError extends Error {}

async function storeNewPassword(tx: Tx, user: User, newPassword: string) {
  const problem = passwordProblem(newPassword, { email: user.email, name: user.name });
  if (problem) throw new PasswordError(problem);
  await tx
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword), passwordChangedAt: new Date(), updatedAt: new Date() })
    .where(eq(users.id, user.id));
}

/** Sets the password from an emailed link and ends every session of the account. Null when the link is spent. */
export async function resetPassword(token: string, newPassword: string): Promise<User | null> {
  const user = await db().transaction(async (tx) => {
    const userId = await consumeUserToken(tx, token, "reset_password");
    if (!userId) return null;
    const found = await findUserById(tx, userId);
    if (!found) return null;
    await storeNewPassword(tx, found, newPassword);
    // Following the emailed link proves control of the address.
    await tx.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, userId));
    await recordAccountEvent(tx, found, { action: "account.password_reset" });
    return found;
  });
  if (user) {
    await lucia().invalidateUserSessions(user.id);
    await clearRateLimit(db(), accountKey(user.email));
  }
  return user;
}

/** Changes the password after checking the current one; other sessions of the account end. */
export async function changePassword(input: {
  userId: string;
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
  meta?: { ip?: string | null; userAgent?: string | null };
}) {
  await db().transaction(async (tx) => {
    const user = await findUserById(tx, input.userId);
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new PasswordError("The current password is not correct.");
    }
    await storeNewPassword(tx, user, input.newPassword);
    await recordAccountEvent(tx, user, { action: "account.password_changed" }, input.meta);
  });
  const sessions = await lucia().getUserSessions(input.userId);
  await Promise.all(sessions.filter((s) => s.id !== input.currentSessionId).map((s) => lucia().invalidateSession(s.id)));
}
