import { createElement } from "react";
import { db, postgresError, UNIQUE_VIOLATION } from "~/db.server";
import { SignUpAttemptedEmail } from "~/emails/signup-attempted";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { env } from "~/modules/platform/env.server";
import { acceptedFolioNoticeVersion } from "~/modules/privacy/notices.server";
import { createOrganisation, type NewOrganisation } from "~/modules/tenancy/organisations.server";
import { PasswordError, sendVerificationEmail } from "./auth.server";
import { hashPassword, passwordProblem } from "./password.server";
import { findUserByEmail, insertUser } from "./users.server";

export class EmailTakenError extends Error {}

/** A concurrent sign-up with the same address loses on the unique index; it is the same refusal. */
async function withEmailTakenMapping<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (postgresError(error)?.code === UNIQUE_VIOLATION) throw new EmailTakenError("An account with this email already exists.");
    throw error;
  }
}

function refuseWeakPassword(input: { password: string; email: string; name: string }) {
  const problem = passwordProblem(input.password, { email: input.email, name: input.name });
  if (problem) throw new PasswordError(problem);
}

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  organisationName: string;
  /** The new organisation's currency, time zone and locale, as the person chose them. */
  regional?: Pick<NewOrganisation, "currency" | "timeZone" | "locale">;
  /** The version of Folio's privacy notice the form showed; the version in effect when absent or unknown. */
  privacyNoticeVersion?: string;
  /** Set when the person proved control of the address another way (an invitation link). */
  emailVerified?: boolean;
}

/** Creates the account, its organisation with the person as owner, and the verification email, at once. */
export async function signUp(input: SignUpInput, meta: { ip?: string | null; userAgent?: string | null } = {}) {
  refuseWeakPassword(input);
  const passwordHash = await hashPassword(input.password);
  return withEmailTakenMapping(() => db().transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw new EmailTakenError("An account with this email already exists.");
    const user = await insertUser(tx, {
      email: input.email,
      name: input.name,
      passwordHash,
      privacyNoticeVersion: await acceptedFolioNoticeVersion(tx, input.privacyNoticeVersion),
      emailVerified: input.emailVerified,
    });
    if (!input.emailVerified) await sendVerificationEmail(tx, user);
    const { tenant, membership } = await createOrganisation(tx, { name: input.organisationName, ownerUserId: user.id, ...input.regional }, meta);
    return { user, tenant, membership };
  }));
}

/** An account without an organisation, for a person who joins through an invitation. */
export async function signUpInvited(input: Omit<SignUpInput, "organisationName">) {
  refuseWeakPassword(input);
  const passwordHash = await hashPassword(input.password);
  return withEmailTakenMapping(() => db().transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw new EmailTakenError("An account with this email already exists.");
    return insertUser(tx, {
      email: input.email,
      name: input.name,
      passwordHash,
      privacyNoticeVersion: await acceptedFolioNoticeVersion(tx, input.privacyNoticeVersion),
      emailVerified: true,
    });
  }));
}

/**
 * Sign-up from the public form, which answers alike whether or not the address has an account: for a taken
 * address its owner is mailed that someone tried (with links to log in and to reset the password) instead of a
 * refusal that would tell anyone which addresses have accounts.
 */
export async function signUpOrTellOwner(input: SignUpInput, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<void> {
  try {
    await signUp(input, meta);
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
    await db().transaction(async (tx) => {
      const owner = await findUserByEmail(tx, input.email);
      if (!owner) return;
      await enqueueEmail(tx, {
        template: "signup-attempted",
        to: owner.email,
        subject: "Someone tried to sign up to Folio with your email address",
        body: createElement(SignUpAttemptedEmail, { name: owner.name, loginUrl: `${env().APP_URL}/login`, resetUrl: `${env().APP_URL}/forgot-password` }),
      });
    });
  }
}
