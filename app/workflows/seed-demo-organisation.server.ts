import { db } from "~/db.server";
import { isEmailTaken } from "~/modules/identity/signup.server";
import { countOrganisations } from "~/modules/tenancy/organisations.server";
import { todayIn } from "~/utils/dates";
import { seedDemoBusiness } from "./demo-business.server";
import { signUp } from "./sign-up.server";

export const DEMO_LOGIN = { email: "owner@demo.folio.test", password: "Wholesale-Demo-2026" } as const;

/**
 * On an empty database, creates the demo organisation with a verified owner and a living business in it
 * (demo-business.server.ts); otherwise does nothing, and so
 * running it again is harmless. Servers starting together run it under the start-up lock (withStartupLock), so
 * only the first finds the database empty; should the demo owner exist without an organisation, nothing is made.
 */
export async function seedDemoOrganisation(): Promise<{ created: boolean; slug?: string }> {
  if ((await countOrganisations(db())) > 0) return { created: false };
  try {
    const { organisation, user } = await signUp({
      name: "Dana Demo",
      email: DEMO_LOGIN.email,
      password: DEMO_LOGIN.password,
      organisationName: "Demo Wholesale",
      emailVerified: true,
    });
    await seedDemoBusiness(
      { tenantId: organisation.id, userId: user.id, dataScope: "all", role: "owner" },
      { today: todayIn(organisation.timeZone), password: DEMO_LOGIN.password },
    );
    return { created: true, slug: organisation.slug };
  } catch (error) {
    if (isEmailTaken(error)) return { created: false };
    throw error;
  }
}
