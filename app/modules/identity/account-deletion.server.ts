import { and, eq, isNotNull, lte } from "drizzle-orm";
import type { Queryable } from "~/db.server";
import { sessions, users } from "./schema";

/** "Delete my account" waits this long; signing in before then cancels it. */
export const ACCOUNT_DELETION_GRACE_DAYS = 30;

/**
 * Schedules the account's deletion `ACCOUNT_DELETION_GRACE_DAYS` from `now` and ends its sessions, so that the
 * next sign-in (which cancels the deletion) is a deliberate one. Returns when the account will be deleted.
 */
export async function scheduleAccountDeletion(db: Queryable, userId: string, now: Date = new Date()): Promise<Date> {
  const dueAt = new Date(now.getTime() + ACCOUNT_DELETION_GRACE_DAYS * 86_400_000);
  await db.update(users).set({ deletionDueAt: dueAt, updatedAt: now }).where(eq(users.id, userId));
  await db.delete(sessions).where(eq(sessions.userId, userId));
  return dueAt;
}

/** Cancels a scheduled deletion (the owner signed in within the grace period): whether one was cancelled. */
export async function cancelAccountDeletion(db: Queryable, userId: string, now: Date = new Date()): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ deletionDueAt: null, updatedAt: now })
    .where(and(eq(users.id, userId), isNotNull(users.deletionDueAt)))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Accounts whose grace period has ended by `now`, oldest first. */
export async function listAccountsDueForDeletion(db: Queryable, now: Date = new Date()): Promise<Array<{ id: string; email: string }>> {
  return db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(isNotNull(users.deletionDueAt), lte(users.deletionDueAt, now)))
    .orderBy(users.deletionDueAt, users.id);
}

/**
 * Deletes an account whose grace period has ended, checking again under the deletion that it is still due (a
 * sign-in may have cancelled it meanwhile). Its sessions, tokens and memberships go with it by cascade; the
 * rows of the organisations' books that named the user keep their history with the user unlinked.
 */
export async function deleteAccountIfDue(db: Queryable, userId: string, now: Date = new Date()): Promise<boolean> {
  const rows = await db
    .delete(users)
    .where(and(eq(users.id, userId), isNotNull(users.deletionDueAt), lte(users.deletionDueAt, now)))
    .returning({ id: users.id });
  return rows.length > 0;
}
