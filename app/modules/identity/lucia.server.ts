import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import { db, type Database, type Queryable } from "~/db.server";
import { env } from "~/modules/platform/env.server";
import { sessions, users } from "./schema";

function createLucia(database: Queryable) {
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

/**
 * A Lucia that reads and writes sessions in `tx`, so a session can be validated inside a transaction that reads
 * more (the request's context: app/workflows/request-context.server.ts). Cheap: Lucia keeps no state of its own.
 */
export function luciaIn(tx: Queryable) {
  return createLucia(tx);
}

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
