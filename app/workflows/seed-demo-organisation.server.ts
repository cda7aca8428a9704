import { db } from "~/db.server";
import { isEmailTaken } from "~/modules/identity/signup.server";
import { countOrganisations } from "~/modules/tenancy/organisations.server";
import { signUp } from "./sign-up.server";

export const DEMO_LOGIN = { email: "owner@demo.folio.test", password: "Wholesale-Demo-2026" } as const;

/**
 * On an empty database, creates the demo organisation with a verified owner; otherwise does nothing, and so
 * running it again is harmless. Servers starting together run it under the start-up lock (withStartupLock), so
 * only the first finds the database empty; should the demo owner exist without an organisation, nothing is made.
 */
export async function seedDemoOrganisation(): Promise<{ created: boolean; slug?: string }> {
  if ((await countOrganisations(db())) > 0) return { created: false };
  try {
    const { organisation } = await signUp({
      name: "Dana Demo",
      email: DEMO_LOGIN.email,
      password: DEMO_LOGIN.password,
      organisationName: "Demo Wholesale",
      emailVerified: true,
    });
    return { created: true, slug: organisation.slug };
  } catch (error) {
    if (isEmailTaken(error)) return { created: false };
    throw error;
  }
}
