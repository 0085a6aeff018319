import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { E2E_ADMIN_TOKEN, E2E_PORT, E2E_RELAY_SECRET, chromiumPath } from "./e2e/support/settings";

// Debian's Chromium: Playwright cannot download its own browser here. The flags keep
// it off the (closed) network.
const launchOptions = {
  executablePath: chromiumPath(),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
  ],
};

const dataDir = mkdtempSync(path.join(tmpdir(), "warden-e2e-"));

export default defineConfig({
  testDir: "e2e",
  // Parallel runs on one checkout need their own artifact folders.
  outputDir: process.env.PLAYWRIGHT_OUTPUT_DIR || "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  // The CI machine is shared: a generous per-test budget, and one retry that the report shows as flaky.
  timeout: 90_000,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: { baseURL: `http://127.0.0.1:${E2E_PORT}`, trace: "retain-on-failure", launchOptions },
  projects: [
    { name: "api", testMatch: /\.api\.spec\.ts$/ },
    { name: "desktop", testMatch: /\.ui\.spec\.ts$/, use: { ...devices["Desktop Chrome"], launchOptions } },
    { name: "phone", testMatch: /\.ui\.spec\.ts$/, use: { ...devices["Pixel 7"], browserName: "chromium", launchOptions } },
  ],
  webServer: {
    command: "tsx server/main.ts",
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(E2E_PORT),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      LOG_LEVEL: "warn",
      // Lets the throttling test appear as its own client address.
      TRUST_PROXY: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      // NIP-86: the admin key of e2e/support/nip86.ts, and an extra path served by rewrite.
      NIP86_ADMIN_PUBKEYS: "066d7fceb08b8a771bc0ad9de16515d53c12c183543f6c1fef2c7a1f8307c451",
      NIP86_PATH: "/nip86",
      RELAY_SECRET: E2E_RELAY_SECRET,
      // No calls to the public AppView from tests: nothing listens here, so the inbox shows its fallback at once.
      BSKY_APPVIEW_URL: "http://127.0.0.1:1",
    },
  },
});
