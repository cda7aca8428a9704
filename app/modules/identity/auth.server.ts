import { eq, sql } from "drizzle-orm";
import type { Queryable, Tx } from "~/db.server";
import { AppError } from "~/modules/platform/errors";
import { lucia } from "./lucia.server";
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from "./password.server";
import { users } from "./schema";
import { findUserByEmail, normaliseEmail, type User } from "./users.server";

/*
 * Accounts and their sessions, within identity. What also mails or audits (log in, verify, reset, change the
 * password) composes these in app/workflows/.
 */

export const ACCOUNT_LOCK = { limit: 5, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };
export const IP_LOCK = { limit: 20, windowSeconds: 10 * 60, blockSeconds: 15 * 60 };

export const accountKey = (email: string) => `login:account:${normaliseEmail(email)}`;
export const ipKey = (ip: string) => `login:ip:${ip}`;

/**
 * The account of `email`, if any, and whether `password` is its password. Without an account a stand-in hash is
 * checked, so the time of the answer does not tell whether the account exists.
 */
export async function userWithPassword(database: Queryable, email: string, password: string): Promise<{ user: User | undefined; valid: boolean }> {
  const user = await findUserByEmail(database, email);
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  return { user, valid };
}

export async function createSessionCookie(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, {});
  return lucia().createSessionCookie(session.id).serialize();
}

export async function logout(sessionId: string): Promise<string> {
  await lucia().invalidateSession(sessionId);
  return lucia().createBlankSessionCookie().serialize();
}

/** Ends every session of the account. */
export async function endSessionsOf(userId: string): Promise<void> {
  await lucia().invalidateUserSessions(userId);
}

/** Ends every session of the account but the current one. */
export async function endOtherSessionsOf(userId: string, currentSessionId: string): Promise<void> {
  const sessions = await lucia().getUserSessions(userId);
  await Promise.all(sessions.filter((s) => s.id !== currentSessionId).map((s) => lucia().invalidateSession(s.id)));
}

/** Records that the person controls the address (an emailed link was followed); the user as it is now. */
export async function markEmailVerified(tx: Queryable, userId: string): Promise<User> {
  const [user] = await tx
    .update(users)
    .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning();
  return user;
}

/** A password the rules refuse is an `invalid` AppError beside the `password` field. */
export function refuseWeakPassword(password: string, context: { email: string; name: string }): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new AppError("invalid", problem, { field: "password", reason: "weak_password" });
}

export async function storeNewPassword(tx: Tx, user: User, newPassword: string) {
  refuseWeakPassword(newPassword, { email: user.email, name: user.name });
  await tx
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword), passwordChangedAt: new Date(), updatedAt: new Date() })
    .where(eq(users.id, user.id));
}

/** The current password given to change it is wrong: beside its field. */
export function wrongCurrentPassword(): AppError {
  return new AppError("invalid", "The current password is not correct.", { field: "currentPassword", reason: "wrong_password" });
}
