import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./forms";

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

const commonPasswords = new Set<string>((dictionary.passwords as string[]).map((p) => p.toLowerCase()));

/** Why a password is refused, in words a person can act on; null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered)) return "This password is too common; choose one that is harder to guess.";
  const emailName = context.email?.split("@")[0]?.toLowerCase();
  if (emailName && emailName.length >= 4 && lowered.includes(emailName)) {
    return "The password must not contain your email address.";
  }
  if (new Set(lowered).size < 4) return "Use a greater variety of characters.";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification so that an unknown email answers as slowly as a known one. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("folio-timing-equaliser-password");
  await verifyPassword(await dummyHash, password);
  return false;
}
