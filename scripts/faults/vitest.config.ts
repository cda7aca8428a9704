import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The fault suite: tests that start the built server, private PostgreSQL clusters and child processes, and break
// them (an outage, servers started together, a second process on the embedded database, a crash mid-delivery).
// scripts/test.ts runs it after the build; one file at a time, since each one loads the machine.
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  resolve: { alias: { "~": fileURLToPath(new URL("../../app", import.meta.url)) } },
  test: {
    globals: true,
    include: ["scripts/faults/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
  },
});
