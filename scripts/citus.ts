// `npm run db:citus > citus.sql`: the SQL that distributes Folio's tables on a Citus cluster, generated from the
// catalog of the database DATABASE_URL names (migrated first), so that it always covers every table.
import { databaseHandle, db } from "../app/db.server";
import { env } from "../app/modules/platform/env.server";
import { openDatabaseFromEnv } from "../app/modules/platform/startup.server";
import { citusDistributionSql, tableDistribution } from "../app/modules/tenancy/distribution.server";
import { runScript } from "./run-script";

await runScript(async () => {
  env();
  await openDatabaseFromEnv({ migrate: true });
  process.stdout.write(citusDistributionSql(await tableDistribution(db())));
  await databaseHandle().close();
});
