import { defineConfig, devices } from "@playwright/test";

// Ports can be moved (E2E_PORT, E2E_DB_PORT) to run two checkouts side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DB_PORT = Number(process.env.E2E_DB_PORT ?? 54410);
/** The e2e server's data directory (its database and, unless NEXTAUTH_SECRET is set, its session secret). */
export const E2E_DATA_DIR = ".data/e2e";
const BASE_URL = `http://127.0.0.1:${PORT}`;

// The e2e server seeds (and resets) whatever database it is given. It starts its own embedded
// PostgreSQL unless DATABASE_URL is set, so refuse anything that is not on this machine.
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl && !["127.0.0.1", "localhost", "[::1]"].includes(new URL(databaseUrl).hostname)) {
  throw new Error(
    "Refusing to run e2e tests against a non-local DATABASE_URL. Unset it to use the embedded database.",
  );
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL: BASE_URL,
    trace: "on-first-retry",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          // Debian's chromium; `playwright install` has no download host to reach here.
          executablePath: "/usr/bin/chromium",
          args: [
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  // Needs `next build` first (`npm test` does it). A fresh, seeded database on every run.
  webServer: {
    command: `npx tsx --conditions=react-server scripts/with-db.ts --seed --reset --data-dir ${E2E_DATA_DIR} --port ${E2E_DB_PORT} -- next start --port ${PORT}`,
    url: BASE_URL,
    reuseExistingServer: false,
    timeout: 120_000,
    // The launcher runs next-server in its own process group and forwards SIGTERM to it, then stops
    // PostgreSQL. Playwright's default SIGKILL would orphan both (and leave the test run hanging).
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
