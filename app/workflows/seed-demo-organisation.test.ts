import { count } from "drizzle-orm";
import { db } from "~/db.server";
import { tenants } from "~/modules/tenancy/schema";
import { DEMO_LOGIN, seedDemoOrganisation } from "./seed-demo-organisation.server";

// This file's database starts empty: no test here creates an organisation before the seed runs.
describe("seedDemoOrganisation", () => {
  it("creates the demo organisation on an empty database, and nothing when run again or run twice at once", async () => {
    // Two at once: one finds the owner's email taken, and answers "nothing created" instead of failing.
    const [first, second] = await Promise.all([seedDemoOrganisation(), seedDemoOrganisation()]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(await seedDemoOrganisation()).toEqual({ created: false });
    const [{ value }] = await db().select({ value: count() }).from(tenants);
    expect(value).toBe(1);
    expect(DEMO_LOGIN.email).toMatch(/@demo\.folio\.test$/);
  });
});
