import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "./env.server";

let cached: string | undefined;

/**
 * SESSION_SECRET signs cookies. Outside production a missing secret is generated once and kept in the data
 * directory, so the quick start needs no configuration and restarts keep people signed in.
 */
export function sessionSecret(): string {
  if (cached) return cached;
  const configured = env().SESSION_SECRET;
  if (configured) return (cached = configured);
  if (env().APP_ENV === "test") return (cached = "folio-test-secret-not-for-production-use");
  const file = path.resolve(env().DATA_DIR, "session-secret");
  if (existsSync(file)) return (cached = readFileSync(file, "utf8").trim());
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return (cached = secret);
}
