import { databaseHandle } from "../app/db.server";
import { env } from "../app/modules/platform/env.server";
import { describeDatabase, openDatabaseFromEnv } from "../app/modules/platform/startup.server";
import { runScript } from "./run-script";

await runScript(async () => {
  env();
  await openDatabaseFromEnv({ migrate: true });
  console.log(`Migrated ${describeDatabase()}.`);
  await databaseHandle().close();
});
