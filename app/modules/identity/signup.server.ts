import { db } from "~/db.server";
import { createOrganisation } from "~/modules/tenancy/organisations.server";
import { sendVerificationEmail } from "./auth.server";
import { hashPassword } from "./password.server";
import { CURRENT_PRIVACY_NOTICE_VERSION } from "./privacy-notice";
import { findUserByEmail, insertUser } from "./users.server";

export class EmailTakenError extends Error {}

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  organisationName: string;
  privacyNoticeVersion?: string;
  /** Set when the person proved control of the address another way (an invitation link). */
  emailVerified?: boolean;
}

/** Creates the account, its organisation with the person as owner, and the verification email, at once. */
export async function signUp(input: SignUpInput, meta: { ip?: string | null; userAgent?: string | null } = {}) {
  const passwordHash = await hashPassword(input.password);
  return db().transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw new EmailTakenError("An account with this email already exists.");
    const user = await insertUser(tx, {
      email: input.email,
      name: input.name,
      passwordHash,
      privacyNoticeVersion: input.privacyNoticeVersion ?? CURRENT_PRIVACY_NOTICE_VERSION,
      emailVerified: input.emailVerified,
    });
    if (!input.emailVerified) await sendVerificationEmail(tx, user);
    const { tenant, membership } = await createOrganisation(tx, { name: input.organisationName, ownerUserId: user.id }, meta);
    return { user, tenant, membership };
  });
}

/** An account without an organisation, for a person who joins through an invitation. */
export async function signUpInvited(input: Omit<SignUpInput, "organisationName">) {
  const passwordHash = await hashPassword(input.password);
  return db().transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw new EmailTakenError("An account with this email already exists.");
    return insertUser(tx, {
      email: input.email,
      name: input.name,
      passwordHash,
      privacyNoticeVersion: input.privacyNoticeVersion ?? CURRENT_PRIVACY_NOTICE_VERSION,
      emailVerified: true,
    });
  });
}
