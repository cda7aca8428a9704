import { count } from "drizzle-orm";
import { db } from "~/db.server";
import { signUp } from "~/modules/identity/signup.server";
import { tenants } from "./schema";

export const DEMO_LOGIN = { email: "owner@demo.folio.test", password: "Wholesale-Demo-2026" } as const;

/** On an empty database, creates the demo organisation with a verified owner; otherwise does nothing. */
export async function seedDemoOrganisation(): Promise<{ created: boolean; slug?: string }> {
  const [{ value }] = await db().select({ value: count() }).from(tenants);
  if (value > 0) return { created: false };
  const { tenant } = await signUp({
    name: "Dana Demo",
    email: DEMO_LOGIN.email,
    password: DEMO_LOGIN.password,
    organisationName: "Demo Wholesale",
    emailVerified: true,
  });
  return { created: true, slug: tenant.slug };
}
