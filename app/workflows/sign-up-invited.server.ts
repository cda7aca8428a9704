import { db } from "~/db.server";
import { createAccount, hashNewPassword, refusingTakenEmail } from "~/modules/identity/signup.server";
import { acceptedFolioNoticeVersion } from "~/modules/privacy/notices.server";
import type { SignUpInput } from "./sign-up.server";

/**
 * An account without an organisation, verified, for a person who joins through an invitation (the link proved
 * the address). A taken address is a `conflict` that tells them to log in to accept.
 */
export async function signUpInvited(input: Omit<SignUpInput, "organisationName" | "regional" | "emailVerified">) {
  const passwordHash = await hashNewPassword(input);
  return refusingTakenEmail(
    () =>
      db().transaction(async (tx) =>
        createAccount(tx, {
          email: input.email,
          name: input.name,
          passwordHash,
          privacyNoticeVersion: await acceptedFolioNoticeVersion(tx, input.privacyNoticeVersion),
          emailVerified: true,
        }),
      ),
    "An account with this email exists already: log in to accept.",
  );
}
