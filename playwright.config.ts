import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT ?? ".test-output/playwright.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
  },
  projects: [
    { name: "chromium", use: { browserName: "chromium" }, testIgnore: /exports\.spec\.ts/ },
    // The server's memory is measured while a large export streams: alone, after the rest, so that no other test's
    // requests grow it meanwhile.
    { name: "alone", use: { browserName: "chromium" }, testMatch: /exports\.spec\.ts/, dependencies: ["chromium"] },
  ],
  webServer: {
    command: "npx tsx scripts/server.ts",
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      APP_ENV: "test",
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: baseURL,
      DATA_DIR: process.env.E2E_DATA_DIR ?? ".test-output/e2e-data",
      // Folio's own analytics, rendered only after consent (as an inline stub outside production: no network).
      ANALYTICS_MEASUREMENT_ID: "G-TEST12345",
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    },
  },
});
