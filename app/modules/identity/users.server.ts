import { and, eq, gt, inArray, isNotNull, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "~/db.server";
import { userTokens, users } from "./schema";
import { hashToken, newSecretToken } from "./tokens.server";

export type User = typeof users.$inferSelect;
export type TokenPurpose = (typeof userTokens.$inferSelect)["purpose"];

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The SQL expression of the email address of the user `userId` (an SQL expression too), for a statement of
 * another area that must label by it without a round trip of its own (the audit append).
 */
export function userEmailSql(userId: SQL): SQL {
  return sql`(select u.email from users u where u.id = ${userId})`;
}

/** The name and address of each of `userIds` (unknown ids left out), by name. */
export async function listUsersByName(db: Queryable, userIds: string[]): Promise<Array<{ id: string; name: string; email: string }>> {
  if (userIds.length === 0) return [];
  return db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, userIds)).orderBy(users.name);
}

export async function findUserByEmail(db: Queryable, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  return user;
}

/** The id of the account of `email`, if any: readable by the application role, which may not read the rest. */
export async function findUserIdByEmail(db: Queryable, email: string): Promise<string | undefined> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, normaliseEmail(email)));
  return user?.id;
}

export async function findUserById(db: Queryable, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function insertUser(
  db: Queryable,
  input: { email: string; name: string; passwordHash: string; privacyNoticeVersion: string; emailVerified?: boolean },
): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      passwordHash: input.passwordHash,
      adultConfirmedAt: new Date(),
      privacyNoticeVersion: input.privacyNoticeVersion,
      emailVerifiedAt: input.emailVerified ? new Date() : null,
    })
    .returning();
  return user;
}

const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number> = {
  verify_email: 24 * 60 * 60,
  reset_password: 60 * 60,
};

/** Issues a single-use link secret; earlier unused secrets of the same purpose stop working. */
export async function issueUserToken(db: Queryable, userId: string, purpose: TokenPurpose): Promise<string> {
  await db
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
  const { token, tokenHash } = newSecretToken();
  await db.insert(userTokens).values({
    userId,
    purpose,
    tokenHash,
    expiresAt: new Date(Date.now() + TOKEN_LIFETIME_SECONDS[purpose] * 1000),
  });
  return token;
}

/** Marks the secret used and returns its user, or null when it is unknown, used or expired. */
export async function consumeUserToken(db: Queryable, token: string, purpose: TokenPurpose): Promise<string | null> {
  const [row] = await db
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(token)),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: userTokens.userId });
  return row?.userId ?? null;
}

export async function deleteExpiredUserTokens(db: Queryable): Promise<number> {
  const rows = await db
    .delete(userTokens)
    .where(sql`${userTokens.expiresAt} < now() - interval '1 day' or ${userTokens.usedAt} < now() - interval '1 day'`)
    .returning({ id: userTokens.id });
  return rows.length;
}

/** The names of these users by id, in one statement (readable inside a tenant transaction too). */
export async function userNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The addresses of the users with a verified email (all of them, or those among `among`), except `except`, by address. */
export async function verifiedEmails(db: Queryable, options: { among?: readonly string[]; except?: string | null } = {}): Promise<string[]> {
  if (options.among && options.among.length === 0) return [];
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(
      and(
        isNotNull(users.emailVerifiedAt),
        options.among ? inArray(users.id, [...options.among]) : undefined,
        options.except ? ne(users.id, options.except) : undefined,
      ),
    )
    .orderBy(users.email);
  return rows.map((row) => row.email);
}
