import { EnvError } from "../app/modules/platform/env.server";

/** Runs a command-line entry point: one-line errors for bad configuration, exit code 1 on failure. */
export async function runScript(main: () => Promise<void>) {
  try {
    await main();
    process.exit(0);
  } catch (error) {
    if (error instanceof EnvError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  }
}
