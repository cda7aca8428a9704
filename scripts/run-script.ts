import { EmbeddedDatabaseLockedError } from "../app/modules/platform/embedded-lock.server";
import { EnvError } from "../app/modules/platform/env.server";

/** Runs a command-line entry point: one-line errors for bad configuration or a busy database, exit code 1 on failure. */
export async function runScript(main: () => Promise<void>) {
  try {
    await main();
    process.exit(0);
  } catch (error) {
    if (error instanceof EnvError || error instanceof EmbeddedDatabaseLockedError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  }
}
