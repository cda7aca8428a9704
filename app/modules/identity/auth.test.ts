import { randomBytes } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { auditEvents } from "~/modules/audit/schema";
import { outboxMessages } from "~/modules/email/schema";
import { rateLimits } from "~/modules/platform/schema";
import { memberships, tenants } from "~/modules/tenancy/schema";
import { createOrganisationWithOwner, createUser, emailsTo, FACTORY_PASSWORD, mailedToken, uniqueEmail } from "~/test/factories";
import { changePassword } from "~/workflows/change-password.server";
import { login } from "~/workflows/log-in.server";
import { requestPasswordReset } from "~/workflows/request-password-reset.server";
import { resetPassword } from "~/workflows/reset-password.server";
import { resendVerification } from "~/workflows/send-verification-email.server";
import { signUpInvited } from "~/workflows/sign-up-invited.server";
import { signUp } from "~/workflows/sign-up.server";
import { verifyEmailToken } from "~/workflows/verify-email.server";
import { ACCOUNT_LOCK, accountKey, IP_LOCK, ipKey, logout } from "./auth.server";
import { lucia } from "./lucia.server";
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from "./password.server";
import { sessions, userTokens, users } from "./schema";
import { findUserByEmail } from "./users.server";

const NEW_PASSWORD = "a different long passphrase 7";

/** A fresh address per test, so throttling counters of one test never touch another's. */
const randomIp = () => `198.51.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

function sessionIdOf(cookie: string): string {
  const id = lucia().readSessionCookie(cookie);
  if (!id) throw new Error(`no session id in ${cookie}`);
  return id;
}

async function loginOk(email: string, password = FACTORY_PASSWORD) {
  const result = await login({ email, password, ip: randomIp() });
  if (!result.ok) throw new Error(`expected a successful login, got ${result.reason}`);
  return { ...result, sessionId: sessionIdOf(result.sessionCookie) };
}

async function tableCount(table: typeof outboxMessages | typeof userTokens | typeof users | typeof rateLimits) {
  const [row] = await db().select({ n: count() }).from(table);
  return row.n;
}

describe("signUp", () => {
  it("creates the user, the organisation, the owner membership and the verification email together", async () => {
    const email = `SignUp-${randomBytes(4).toString("hex")}@Example.Test`;
    const { user, organisation, membership } = await signUp(
      { name: "  Sam Signup ", email: `  ${email} `, password: FACTORY_PASSWORD, organisationName: "Sam's Wholesale Ltd" },
      { ip: "192.0.2.1", userAgent: "Vitest" },
    );

    expect(user.email).toBe(email.toLowerCase());
    expect(user.name).toBe("Sam Signup");
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.adultConfirmedAt).toBeInstanceOf(Date);
    expect(organisation).toMatchObject({ name: "Sam's Wholesale Ltd", slug: "sam-s-wholesale-ltd", status: "active", currency: "EUR" });

    const members = await db().select().from(memberships).where(eq(memberships.tenantId, organisation.id));
    expect(members).toEqual([membership]);
    expect(membership).toMatchObject({ userId: user.id, role: "owner", dataScope: "all" });

    const mail = await emailsTo(email);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ template: "verify-email", status: "pending", subject: "Confirm your email address for Folio" });
    expect(mail[0].text).toContain("http://localhost:3000/verify-email?token=");

    const audit = await db().select().from(auditEvents).where(eq(auditEvents.tenantId, organisation.id)).orderBy(auditEvents.id);
    expect(audit.map((e) => [e.action, e.actorUserId, e.ip])).toEqual([
      ["member.added", user.id, "192.0.2.1"],
      ["organisation.created", user.id, "192.0.2.1"],
      ["ledger.chart_created", user.id, "192.0.2.1"],
      ["inventory.warehouse_created", user.id, "192.0.2.1"],
    ]);
  });

  it("writes nothing at all when a later step of the sign-up fails", async () => {
    const email = uniqueEmail("atomic");
    const before = { users: await tableCount(users), outbox: await tableCount(outboxMessages), tokens: await tableCount(userTokens) };
    // Postgres text cannot hold a NUL byte, so creating the organisation fails after the user and the mail were written.
    await expect(signUp({ name: "Ann Atomic", email, password: FACTORY_PASSWORD, organisationName: "Bad\u0000Name" })).rejects.toThrow();
    expect(await findUserByEmail(db(), email)).toBeUndefined();
    expect(await emailsTo(email)).toEqual([]);
    expect({ users: await tableCount(users), outbox: await tableCount(outboxMessages), tokens: await tableCount(userTokens) }).toEqual(before);
  });

  it("refuses an email that already has an account, whatever its case", async () => {
    const { user } = await createOrganisationWithOwner();
    const tenantsBefore = (await db().select({ n: count() }).from(tenants))[0].n;
    await expect(
      signUp({ name: "Copy Cat", email: user.email.toUpperCase(), password: FACTORY_PASSWORD, organisationName: "Copy" }),
    ).rejects.toMatchObject({ code: "conflict", reason: "email_taken" });
    await expect(signUpInvited({ name: "Copy Cat", email: user.email, password: FACTORY_PASSWORD })).rejects.toMatchObject({ code: "conflict", reason: "email_taken" });
    expect((await db().select({ n: count() }).from(tenants))[0].n).toBe(tenantsBefore);
    expect(await db().select().from(users).where(eq(users.email, user.email))).toHaveLength(1);
  });

  it("creates one account when the same email signs up twice at once", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.allSettled([
      signUp({ name: "Racer One", email, password: FACTORY_PASSWORD, organisationName: "Race One" }),
      signUp({ name: "Racer Two", email, password: FACTORY_PASSWORD, organisationName: "Race Two" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refusal = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refusal.reason).toMatchObject({ code: "conflict", reason: "email_taken" });
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(1);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it("stores an argon2id hash, never the password", async () => {
    const email = uniqueEmail("hash");
    const { user } = await signUp({ name: "Hal Hash", email, password: FACTORY_PASSWORD, organisationName: "Hash Co" });
    const [stored] = await db().select().from(users).where(eq(users.id, user.id));
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.passwordHash).not.toContain(FACTORY_PASSWORD);
    expect(await verifyPassword(stored.passwordHash, FACTORY_PASSWORD)).toBe(true);
    expect(await verifyPassword(stored.passwordHash, `${FACTORY_PASSWORD}x`)).toBe(false);
    // Salted: the same password hashes differently every time.
    expect(await hashPassword(FACTORY_PASSWORD)).not.toBe(await hashPassword(FACTORY_PASSWORD));
    expect(await verifyPassword("not a hash", FACTORY_PASSWORD)).toBe(false);
  });
});

describe("passwordProblem", () => {
  it("refuses short, long, common, email-containing and monotonous passwords", () => {
    expect(passwordProblem("Ab1!xyz")).toBe(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    expect(passwordProblem("x".repeat(9) + "y")).toBe("Use a greater variety of characters.");
    expect(passwordProblem("a".repeat(129))).toMatch(/at most 128/);
    for (const common of ["password123", "PASSWORD123", "qwertyuiop", "1234567890", "basketball"]) {
      expect(passwordProblem(common), common).toMatch(/too common/);
    }
    expect(passwordProblem("my mailbox is jordan.lee!", { email: "Jordan.Lee@example.test" })).toMatch(/email address/);
    expect(passwordProblem("rivers and jordan.lee", { email: "jordan.lee@example.test" })).toMatch(/email address/);
  });

  it("accepts a long, uncommon passphrase", () => {
    expect(passwordProblem(FACTORY_PASSWORD, { email: "jordan.lee@example.test", name: "Jordan Lee" })).toBeNull();
    expect(passwordProblem("ochre tram window")).toBeNull();
    expect(passwordProblem("tram-window-3-ochre", { email: "al@example.test" })).toBeNull();
  });
});

describe("login", () => {
  it("signs in with a session cookie that scripts cannot read and other sites do not send", async () => {
    const { user } = await createOrganisationWithOwner();
    const result = await login({ email: `  ${user.email.toUpperCase()} `, password: FACTORY_PASSWORD, ip: randomIp() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user.id).toBe(user.id);
    expect(result.sessionCookie).toMatch(/^folio_session=[^;]+;/);
    expect(result.sessionCookie).toMatch(/; HttpOnly/i);
    expect(result.sessionCookie).toMatch(/; SameSite=Lax/i);
    expect(result.sessionCookie).toMatch(/; Path=\//i);

    const { session, user: sessionUser } = await lucia().validateSession(sessionIdOf(result.sessionCookie));
    expect(session?.userId).toBe(user.id);
    expect(sessionUser).toMatchObject({ id: user.id, email: user.email, emailVerified: true });
  });

  it("answers a wrong password and an unknown email alike, without saying which", async () => {
    const { user } = await createOrganisationWithOwner();
    const sessionsBefore = await db().select().from(sessions);
    const wrong = await login({ email: user.email, password: "not the password at all", ip: randomIp() });
    const unknown = await login({ email: uniqueEmail("nobody"), password: "not the password at all", ip: randomIp() });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
    expect(await db().select().from(sessions)).toEqual(sessionsBefore);
  });

  it("locks an account after 5 failures, even against the right password, and mails its owner once", async () => {
    const { user } = await createOrganisationWithOwner();
    const reasons: string[] = [];
    for (let i = 0; i < ACCOUNT_LOCK.limit; i++) {
      const result = await login({ email: user.email, password: `wrong password ${i}`, ip: randomIp() });
      reasons.push(result.ok ? "ok" : result.reason);
    }
    expect(reasons).toEqual(["invalid", "invalid", "invalid", "invalid", "account_locked"]);

    const correct = await login({ email: user.email, password: FACTORY_PASSWORD, ip: randomIp() });
    expect(correct).toMatchObject({ ok: false, reason: "account_locked" });
    if (correct.ok || correct.reason === "invalid") return;
    const minutesLeft = (correct.retryAt.getTime() - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(14);
    expect(minutesLeft).toBeLessThanOrEqual(15);

    // More failures while locked neither extend the lock nor mail again.
    const again = await login({ email: user.email, password: "still wrong", ip: randomIp() });
    expect(again).toEqual(correct);

    const locked = await emailsTo(user.email, "account-locked");
    expect(locked).toHaveLength(1);
    expect(locked[0].subject).toBe("Your Folio account is locked for 15 minutes");
    expect(locked[0].text).toContain("http://localhost:3000/forgot-password");
    expect(await db().select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it("locks an unknown email after 5 failures exactly like a known one, mailing nobody", async () => {
    const email = uniqueEmail("ghost");
    const outboxBefore = await tableCount(outboxMessages);
    const reasons: string[] = [];
    for (let i = 0; i < ACCOUNT_LOCK.limit + 1; i++) {
      const result = await login({ email, password: `guess ${i}`, ip: randomIp() });
      reasons.push(result.ok ? "ok" : result.reason);
    }
    expect(reasons).toEqual(["invalid", "invalid", "invalid", "invalid", "account_locked", "account_locked"]);
    expect(await tableCount(outboxMessages)).toBe(outboxBefore);
  });

  it("unlocks when the lock runs out, and a success clears the failures", async () => {
    const { user } = await createOrganisationWithOwner();
    for (let i = 0; i < ACCOUNT_LOCK.limit; i++) await login({ email: user.email, password: "wrong wrong wrong", ip: randomIp() });
    expect(await login({ email: user.email, password: FACTORY_PASSWORD, ip: randomIp() })).toMatchObject({ reason: "account_locked" });

    await db()
      .update(rateLimits)
      .set({ blockedUntil: sql`now() - interval '1 second'`, windowStartedAt: sql`now() - interval '16 minutes'` })
      .where(eq(rateLimits.key, accountKey(user.email)));

    await loginOk(user.email);
    expect(await db().select().from(rateLimits).where(eq(rateLimits.key, accountKey(user.email)))).toEqual([]);

    // The count starts again from zero: four failures do not lock.
    for (let i = 0; i < ACCOUNT_LOCK.limit - 1; i++) {
      expect(await login({ email: user.email, password: "wrong again!", ip: randomIp() })).toEqual({ ok: false, reason: "invalid" });
    }
    await loginOk(user.email);
  });

  it("blocks an address after 20 failures across different accounts, but not other addresses", async () => {
    const ip = randomIp();
    const { user } = await createOrganisationWithOwner();
    const reasons: string[] = [];
    for (let i = 0; i < IP_LOCK.limit; i++) {
      const result = await login({ email: uniqueEmail(`spray${i}`), password: "Summer2024!", ip });
      reasons.push(result.ok ? "ok" : result.reason);
    }
    expect(reasons.slice(0, IP_LOCK.limit - 1).every((r) => r === "invalid")).toBe(true);
    expect(reasons.at(-1)).toBe("ip_blocked");

    const blocked = await login({ email: user.email, password: FACTORY_PASSWORD, ip });
    expect(blocked).toMatchObject({ ok: false, reason: "ip_blocked" });
    await loginOk(user.email);

    // The block is for the address: no account was locked by the spray.
    const [counter] = await db().select().from(rateLimits).where(eq(rateLimits.key, ipKey(ip)));
    expect(counter.hits).toBe(IP_LOCK.limit);
  });

  it("ends the session on logout", async () => {
    const { user } = await createOrganisationWithOwner();
    const { sessionId } = await loginOk(user.email);
    const blank = await logout(sessionId);
    expect(blank).toMatch(/^folio_session=;/);
    expect(blank).toMatch(/Max-Age=0/i);
    expect((await lucia().validateSession(sessionId)).session).toBeNull();
  });
});

describe("email verification", () => {
  it("verifies with the mailed link once, and only once", async () => {
    const email = uniqueEmail("verify");
    const { user } = await signUp({ name: "Vera Verify", email, password: FACTORY_PASSWORD, organisationName: "Vera Co" });
    const token = await mailedToken(email, "verify-email");

    expect(await verifyEmailToken("not-a-real-token")).toBeNull();
    const verified = await verifyEmailToken(token);
    expect(verified?.id).toBe(user.id);
    expect(verified?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await verifyEmailToken(token)).toBeNull();

    const [tokenRow] = await db().select().from(userTokens).where(eq(userTokens.userId, user.id));
    expect(tokenRow.tokenHash).not.toBe(token);
    expect(tokenRow.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenRow.usedAt).toBeInstanceOf(Date);
  });

  it("stops an earlier link working when a new one is sent, and sends none once verified", async () => {
    const email = uniqueEmail("resend");
    const { user } = await signUp({ name: "Rae Resend", email, password: FACTORY_PASSWORD, organisationName: "Rae Co" });
    const first = await mailedToken(email, "verify-email");
    await resendVerification(user.id);
    const second = await mailedToken(email, "verify-email");
    expect(second).not.toBe(first);

    expect(await verifyEmailToken(first)).toBeNull();
    expect((await verifyEmailToken(second))?.id).toBe(user.id);

    await resendVerification(user.id);
    expect(await emailsTo(email, "verify-email")).toHaveLength(2);
  });

  it("refuses a link after 24 hours", async () => {
    const email = uniqueEmail("late");
    const { user } = await signUp({ name: "Lee Late", email, password: FACTORY_PASSWORD, organisationName: "Late Co" });
    const token = await mailedToken(email, "verify-email");
    const [row] = await db().select().from(userTokens).where(eq(userTokens.userId, user.id));
    const hours = (row.expiresAt.getTime() - row.createdAt.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(24, 1);
    await db().update(userTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(userTokens.id, row.id));
    expect(await verifyEmailToken(token)).toBeNull();
    expect((await findUserByEmail(db(), email))?.emailVerifiedAt).toBeNull();
  });
});

describe("password reset", () => {
  it("writes nothing for an unknown email", async () => {
    const counts = async () => ({ outbox: await tableCount(outboxMessages), tokens: await tableCount(userTokens), users: await tableCount(users) });
    const before = await counts();
    await requestPasswordReset(uniqueEmail("unknown"));
    expect(await counts()).toEqual(before);
  });

  it("sets a new password once, ends every session and clears a lock", async () => {
    const { user } = await createOrganisationWithOwner();
    const first = await loginOk(user.email);
    const second = await loginOk(user.email);
    for (let i = 0; i < ACCOUNT_LOCK.limit; i++) await login({ email: user.email, password: "wrong wrong wrong", ip: randomIp() });

    await requestPasswordReset(user.email.toUpperCase());
    const [mail] = await emailsTo(user.email, "reset-password");
    expect(mail.subject).toBe("Reset your Folio password");
    const token = await mailedToken(user.email, "reset-password");

    const reset = await resetPassword(token, NEW_PASSWORD);
    expect(reset?.id).toBe(user.id);
    expect((await lucia().validateSession(first.sessionId)).session).toBeNull();
    expect((await lucia().validateSession(second.sessionId)).session).toBeNull();
    expect(await db().select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);

    expect(await login({ email: user.email, password: FACTORY_PASSWORD, ip: randomIp() })).toEqual({ ok: false, reason: "invalid" });
    await loginOk(user.email, NEW_PASSWORD);

    expect(await resetPassword(token, "yet another passphrase 9")).toBeNull();
    await loginOk(user.email, NEW_PASSWORD);
  });

  it("refuses a link after one hour", async () => {
    const { user } = await createOrganisationWithOwner();
    await requestPasswordReset(user.email);
    const token = await mailedToken(user.email, "reset-password");
    const [row] = await db()
      .select()
      .from(userTokens)
      .where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, "reset_password")));
    expect((row.expiresAt.getTime() - row.createdAt.getTime()) / 60_000).toBeCloseTo(60, 0);

    await db().update(userTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(userTokens.id, row.id));
    expect(await resetPassword(token, NEW_PASSWORD)).toBeNull();
    await loginOk(user.email);
  });

  it("refuses a weak new password without spending the link", async () => {
    const { user } = await createOrganisationWithOwner();
    const { sessionId } = await loginOk(user.email);
    await requestPasswordReset(user.email);
    const token = await mailedToken(user.email, "reset-password");

    await expect(resetPassword(token, "password123")).rejects.toMatchObject({ code: "invalid", field: "password" });
    await expect(resetPassword(token, "short")).rejects.toThrow(/at least 10/);
    const localPart = user.email.split("@")[0];
    await expect(resetPassword(token, `${localPart}-2024!`)).rejects.toThrow(/email address/);
    expect((await lucia().validateSession(sessionId)).session).not.toBeNull();
    await loginOk(user.email);

    expect((await resetPassword(token, NEW_PASSWORD))?.id).toBe(user.id);
    await loginOk(user.email, NEW_PASSWORD);
  });

  it("lets only the newest link work, and counts following it as verifying the address", async () => {
    const email = uniqueEmail("newest");
    const { user } = await signUp({ name: "Nell Newest", email, password: FACTORY_PASSWORD, organisationName: "Newest Co" });
    expect(user.emailVerifiedAt).toBeNull();
    await requestPasswordReset(email);
    const older = await mailedToken(email, "reset-password");
    await requestPasswordReset(email);
    const newer = await mailedToken(email, "reset-password");
    expect(await resetPassword(older, NEW_PASSWORD)).toBeNull();
    expect((await findUserByEmail(db(), email))?.emailVerifiedAt).toBeNull();
    expect((await resetPassword(newer, NEW_PASSWORD))?.id).toBe(user.id);
    expect((await findUserByEmail(db(), email))?.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("does not accept a verification link as a reset link, nor the reverse", async () => {
    const email = uniqueEmail("purpose");
    await signUp({ name: "Pia Purpose", email, password: FACTORY_PASSWORD, organisationName: "Purpose Co" });
    const verification = await mailedToken(email, "verify-email");
    expect(await resetPassword(verification, NEW_PASSWORD)).toBeNull();
    await requestPasswordReset(email);
    const reset = await mailedToken(email, "reset-password");
    expect(await verifyEmailToken(reset)).toBeNull();
    // Both are still good for their own purpose.
    expect(await verifyEmailToken(verification)).not.toBeNull();
    expect(await resetPassword(reset, NEW_PASSWORD)).not.toBeNull();
  });
});

describe("changePassword", () => {
  it("needs the current password", async () => {
    const user = await createUser();
    const { sessionId } = await loginOk(user.email);
    await expect(
      changePassword({ userId: user.id, currentSessionId: sessionId, currentPassword: "not my password", newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: "invalid", field: "currentPassword", message: "The current password is not correct." });
    await loginOk(user.email);
    expect(await login({ email: user.email, password: NEW_PASSWORD, ip: randomIp() })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a weak new password and keeps the old one", async () => {
    const user = await createUser();
    const { sessionId } = await loginOk(user.email);
    const other = await loginOk(user.email);
    await expect(
      changePassword({ userId: user.id, currentSessionId: sessionId, currentPassword: FACTORY_PASSWORD, newPassword: "iloveyou12" }),
    ).rejects.toThrow(/too common/);
    await loginOk(user.email);
    expect((await lucia().validateSession(other.sessionId)).session).not.toBeNull();
  });

  it("keeps the current session and ends the others", async () => {
    const user = await createUser();
    const current = await loginOk(user.email);
    const phone = await loginOk(user.email);
    const laptop = await loginOk(user.email);
    const bystander = await createUser();
    const bystanderSession = await loginOk(bystander.email);

    const before = await findUserByEmail(db(), user.email);
    await changePassword({ userId: user.id, currentSessionId: current.sessionId, currentPassword: FACTORY_PASSWORD, newPassword: NEW_PASSWORD });

    expect((await lucia().validateSession(current.sessionId)).session?.userId).toBe(user.id);
    expect((await lucia().validateSession(phone.sessionId)).session).toBeNull();
    expect((await lucia().validateSession(laptop.sessionId)).session).toBeNull();
    expect((await lucia().validateSession(bystanderSession.sessionId)).session).not.toBeNull();

    const after = await findUserByEmail(db(), user.email);
    expect(after!.passwordHash).not.toBe(before!.passwordHash);
    expect(after!.passwordChangedAt.getTime()).toBeGreaterThan(before!.passwordChangedAt.getTime());
    await loginOk(user.email, NEW_PASSWORD);
    expect(await login({ email: user.email, password: FACTORY_PASSWORD, ip: randomIp() })).toEqual({ ok: false, reason: "invalid" });
  });
});
