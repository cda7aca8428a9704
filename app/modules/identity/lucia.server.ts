import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import { db, type Database } from "~/db.server";
import { env } from "~/modules/platform/env.server";
import { sessions, users } from "./schema";

function createLucia(database: Database) {
  return new Lucia(new DrizzlePostgreSQLAdapter(database as never, sessions, users), {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      name: "folio_session",
      attributes: { secure: env().APP_ENV === "production", sameSite: "lax" },
    },
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      name: attributes.name,
      emailVerified: attributes.emailVerifiedAt !== null,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: { email: string; name: string; emailVerifiedAt: Date | null };
  }
}

const instances = new WeakMap<Database, ReturnType<typeof createLucia>>();

/** One Lucia per open database, so tests that open their own database get their own. */
export function lucia() {
  const database = db();
  let instance = instances.get(database);
  if (!instance) {
    instance = createLucia(database);
    instances.set(database, instance);
  }
  return instance;
}
