import { count } from "drizzle-orm";
import { db } from "~/db.server";
import { EmailTakenError, signUp } from "~/modules/identity/signup.server";
import { tenants } from "./schema";

export const DEMO_LOGIN = { email: "owner@demo.folio.test", password: "Wholesale-Demo-2026" } as const;

/**
 * On an empty database, creates the demo organisation with a verified owner; otherwise does nothing, and so
 * running it again is harmless. Servers starting together run it under the start-up lock (withStartupLock), so
 * only the first finds the database empty; should the demo owner exist without an organisation, nothing is made.
 */
export async function seedDemoOrganisation(): Promise<{ created: boolean; slug?: string }> {
  const [{ value }] = await db().select({ value: count() }).from(tenants);
  if (value > 0) return { created: false };
  try {
    const { tenant } = await signUp({
      name: "Dana Demo",
      email: DEMO_LOGIN.email,
      password: DEMO_LOGIN.password,
      organisationName: "Demo Wholesale",
      emailVerified: true,
    });
    return { created: true, slug: tenant.slug };
  } catch (error) {
    if (error instanceof EmailTakenError) return { created: false };
    throw error;
  }
}
