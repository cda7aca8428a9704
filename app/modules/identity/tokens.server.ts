import { createHash, randomBytes } from "node:crypto";

/** A random secret for a link, and the hash that is all the database keeps of it. */
export function newSecretToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
