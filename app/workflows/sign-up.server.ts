import { db } from "~/db.server";
import { createAccount, hashNewPassword, refusingTakenEmail } from "~/modules/identity/signup.server";
import { acceptedFolioNoticeVersion } from "~/modules/privacy/notices.server";
import type { NewOrganisation } from "~/modules/tenancy/organisations.server";
import { createOrganisation } from "./create-organisation.server";
import { sendVerificationEmail } from "./send-verification-email.server";

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

/**
 * Creates the account (with the version of Folio's notice it accepted), the verification email, and its
 * organisation with the person as owner, its audit trail and chart of accounts, at once. A refused password is
 * an `invalid` AppError beside `password`; a taken address a `conflict` (reason "email_taken").
 */
export async function signUp(input: SignUpInput, meta: { ip?: string | null; userAgent?: string | null } = {}) {
  const passwordHash = await hashNewPassword(input);
  return refusingTakenEmail(() =>
    db().transaction(async (tx) => {
      const user = await createAccount(tx, {
        email: input.email,
        name: input.name,
        passwordHash,
        privacyNoticeVersion: await acceptedFolioNoticeVersion(tx, input.privacyNoticeVersion),
        emailVerified: input.emailVerified,
      });
      if (!input.emailVerified) await sendVerificationEmail(tx, user);
      const { organisation, membership } = await createOrganisation(tx, { name: input.organisationName, ownerUserId: user.id, ...input.regional }, meta);
      return { user, organisation, membership };
    }),
  );
}
