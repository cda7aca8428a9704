import { postgresError, UNIQUE_VIOLATION, type Tx } from "~/db.server";
import { AppError, isAppError } from "~/modules/platform/errors";
import { refuseWeakPassword } from "./auth.server";
import { hashPassword } from "./password.server";
import { findUserByEmail, insertUser, type User } from "./users.server";

/*
 * A new account, within identity. Sign-up as a whole (with an organisation, Folio's notice, the mails) is
 * composed in app/workflows/.
 */

const EMAIL_TAKEN = "An account with this email already exists.";

function emailTaken(message = EMAIL_TAKEN): AppError {
  return new AppError("conflict", message, { reason: "email_taken" });
}

/** Whether `error` refused an account because its address has one. */
export function isEmailTaken(error: unknown): boolean {
  return isAppError(error) && error.reason === "email_taken";
}

/** The hash of a new account's password, after refusing one the rules do not accept. */
export function hashNewPassword(input: { password: string; email: string; name: string }): Promise<string> {
  refuseWeakPassword(input.password, { email: input.email, name: input.name });
  return hashPassword(input.password);
}

/**
 * Runs `work` (the transaction that creates an account), answering a taken address as a `conflict` AppError
 * (reason "email_taken") with `message`: a concurrent sign-up with the same address loses on the unique index,
 * and that is the same refusal.
 */
export async function refusingTakenEmail<T>(work: () => Promise<T>, message = EMAIL_TAKEN): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (postgresError(error)?.code === UNIQUE_VIOLATION) throw emailTaken(message);
    if (isEmailTaken(error)) throw emailTaken(message);
    throw error;
  }
}

/** Inserts the account, refusing an address that has one already. */
export async function createAccount(
  tx: Tx,
  input: { email: string; name: string; passwordHash: string; privacyNoticeVersion: string; emailVerified?: boolean },
): Promise<User> {
  if (await findUserByEmail(tx, input.email)) throw emailTaken();
  return insertUser(tx, input);
}
