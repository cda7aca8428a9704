import { createElement } from "react";
import { db } from "~/db.server";
import { AccountLockedEmail } from "~/emails/account-locked";
import { recordAccountEvent } from "~/modules/audit/audit.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { cancelAccountDeletion } from "~/modules/identity/account-deletion.server";
import { ACCOUNT_LOCK, accountKey, createSessionCookie, IP_LOCK, ipKey, userWithPassword } from "~/modules/identity/auth.server";
import { normaliseEmail, type User } from "~/modules/identity/users.server";
import { env } from "~/modules/platform/env.server";
import { clearRateLimit, hitRateLimit, rateLimitBlockedUntil } from "~/modules/platform/rate-limit.server";

export type LoginResult =
  | { ok: true; user: User; sessionCookie: string; deletionCancelled: boolean }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "account_locked" | "ip_blocked"; retryAt: Date };

/**
 * Checks a password with throttling: an account (known or not, so the answer does not tell whether it exists)
 * locks after 5 failures for 15 minutes, and its owner is mailed; an address that fails 20 times in 10 minutes is
 * refused for 15. Signing in and locking are audited.
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

  const { user, valid } = await userWithPassword(database, email, input.password);
  const meta = { ip: input.ip, userAgent: input.userAgent };
  if (user && valid) {
    const sessionCookie = await createSessionCookie(user.id);
    // Signing in within the grace period of "Delete my account" cancels the deletion (the person is told).
    const deletionCancelled = await database.transaction(async (tx) => {
      await clearRateLimit(tx, accountKey(email));
      const cancelled = await cancelAccountDeletion(tx, user.id);
      await recordAccountEvent(tx, user, { action: "account.logged_in" }, meta);
      if (cancelled) await recordAccountEvent(tx, user, { action: "account.deletion_cancelled" }, meta);
      return cancelled;
    });
    return { ok: true, user: { ...user, deletionDueAt: null }, sessionCookie, deletionCancelled };
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
