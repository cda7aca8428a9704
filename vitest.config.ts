import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    globals: true,
    include: ["app/**/*.test.{ts,tsx}", "scripts/**/*.test.ts"],
    // The fault suite needs the build and runs on its own (scripts/faults/vitest.config.ts).
    exclude: [...configDefaults.exclude, "scripts/faults/**"],
    setupFiles: ["./app/test/setup-database.ts"],
    globalSetup: ["./app/test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
