import { databaseHandle } from "../app/db.server";
import { env } from "../app/modules/platform/env.server";
import { openDatabaseFromEnv } from "../app/modules/platform/startup.server";
import { DEMO_LOGIN, seedDemoOrganisation } from "../app/workflows/seed-demo-organisation.server";
import { runScript } from "./run-script";

await runScript(async () => {
  env();
  let result: { created: boolean } = { created: false };
  await openDatabaseFromEnv({
    migrate: true,
    afterMigrate: async () => {
      result = await seedDemoOrganisation();
    },
  });
  console.log(result.created ? `Demo organisation created: log in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}` : "The database has organisations already; nothing seeded.");
  await databaseHandle().close();
});
