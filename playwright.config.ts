import { defineConfig, devices } from "@playwright/test";
import { FROZEN_AT } from "./e2e/fixtures";

// Ports can be moved (E2E_PORT, E2E_DB_PORT) to run two checkouts side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DB_PORT = Number(process.env.E2E_DB_PORT ?? 54410);
/** The e2e server's data directory (its database and, unless NEXTAUTH_SECRET is set, its session secret). */
export const E2E_DATA_DIR = ".data/e2e";
/** What the e2e server prints, copied there by its launcher (`--log`) for specs that read it. */
export const E2E_SERVER_LOG = `${E2E_DATA_DIR}/server.log`;
const BASE_URL = `http://127.0.0.1:${PORT}`;

// The reference screenshots get a server of their own: a fresh demo database that no other spec
// changes, and a clock that stands still (CREDITPOOL_FROZEN_AT), so every run shows the same data
// at the same times. The browser's clock is frozen at the same instant (e2e/screenshots.spec.ts).
const SHOTS_PORT = Number(process.env.E2E_SHOTS_PORT ?? PORT + 1);
const SHOTS_DB_PORT = Number(process.env.E2E_SHOTS_DB_PORT ?? E2E_DB_PORT + 1);
const SHOTS_URL = `http://127.0.0.1:${SHOTS_PORT}`;

// `npm run test:calendar` (scripts/test-calendar.ts) runs the specs that read figures on hard
// days of the calendar: the server's clock stands still at CREDITPOOL_CALENDAR_AT, the demo is
// seeded in CREDITPOOL_DEMO_TIME_ZONE, and the browser runs in that zone with its clock at that instant
// too (the `test` of e2e/fixtures.ts).
const calendarAt = process.env.CREDITPOOL_CALENDAR_AT;
const calendarZone = process.env.CREDITPOOL_DEMO_TIME_ZONE;
const calendarEnv: Record<string, string> | undefined = calendarAt
  ? { CREDITPOOL_FROZEN_AT: calendarAt, ...(calendarZone ? { CREDITPOOL_DEMO_TIME_ZONE: calendarZone } : {}) }
  : undefined;

// The e2e server seeds (and resets) whatever database it is given. It starts its own embedded
// PostgreSQL unless DATABASE_URL is set, so refuse anything that is not on this machine.
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl && !["127.0.0.1", "localhost", "[::1]"].includes(new URL(databaseUrl).hostname)) {
  throw new Error(
    "Refusing to run e2e tests against a non-local DATABASE_URL. Unset it to use the embedded database.",
  );
}
// Each server starts only when its project may run (`--project=screenshots` needs one server, not
// two). The screenshots need their own fresh database, so they do not run on a DATABASE_URL.
const withE2e = wantsProject("chromium");
const withScreenshots = !databaseUrl && wantsProject("screenshots");

/** False only when the command line picks projects (--project) and `name` is not among them. */
function wantsProject(name: string): boolean {
  const picked = process.argv.flatMap((arg, i, all) =>
    arg === "--project" ? [all[i + 1] ?? ""] : arg.startsWith("--project=") ? [arg.slice(10)] : [],
  );
  return picked.length === 0 || picked.includes(name);
}

const chromium = {
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
};

/**
 * Every browser of the run is 127.0.0.1: the per-address limits of sign-in, sign-up and
 * invitations (lib/auth/request-limits.ts) are raised for the test server, and the per-email ones
 * stay as they are. tests/integration/access/request-limits.test.ts checks the real numbers.
 */
const ONE_ADDRESS_FOR_EVERYONE = {
  CREDITPOOL_LIMIT_SIGN_IN_ADDRESS: "100000",
  CREDITPOOL_LIMIT_SIGN_UP_ADDRESS: "100000",
  CREDITPOOL_LIMIT_INVITATION_ADDRESS: "100000",
};

/** `next start` on a freshly seeded embedded database (needs `next build` first). */
function server(options: { port: number; dbPort: number; dataDir: string; env?: Record<string, string> }) {
  const url = `http://127.0.0.1:${options.port}`;
  return {
    command: `npx tsx --conditions=react-server scripts/with-db.ts --seed --reset --data-dir ${options.dataDir} --port ${options.dbPort} --log ${options.dataDir}/server.log -- tsx server.ts --port ${options.port}`,
    url,
    env: { ...ONE_ADDRESS_FOR_EVERYONE, ...options.env },
    reuseExistingServer: false,
    timeout: 120_000,
    // The launcher runs next-server in its own process group and forwards SIGTERM to it, then stops
    // PostgreSQL. Playwright's default SIGKILL would orphan both (and leave the test run hanging).
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 },
    stdout: "pipe" as const,
    stderr: "pipe" as const,
  };
}

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  // A budget per test, not a wait: the longest flows (a plan's whole life, two people's My usage) take
  // 10-15 s here alone and went past the default 30 s when other suites shared the 2 cores.
  timeout: 90_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // Every test that needed the retry is named at the end of the run (e2e/retry-reporter.ts).
  reporter: [
    ["list"],
    ["./e2e/retry-reporter.ts"],
    ...(process.env.CI ? [["html", { open: "never" }] as const] : []),
  ],
  use: {
    baseURL: BASE_URL,
    trace: "on-first-retry",
  },
  // One file per screenshot, without the platform suffix, so CI finds the checked-in references.
  snapshotPathTemplate: "{testDir}/__screenshots__/{arg}{ext}",
  expect: {
    // How long an assertion waits for its condition (not a sleep: it returns as soon as it holds). Playwright's
    // 5 s default was too short for a page's first render after a click when other suites shared the 2 cores
    // (the Analytics heading took longer at one calendar instant of a loaded run).
    timeout: 15_000,
    toHaveScreenshot: {
      // System fonts from the Debian image: anti-aliasing may differ by a few pixels between
      // machines and chromium versions; a broken layout changes more than 1% of the page.
      maxDiffPixelRatio: 0.01,
      animations: "disabled",
      caret: "hide",
      scale: "css",
    },
  },
  projects: [
    {
      name: "chromium",
      use: calendarAt && calendarZone ? { ...chromium, timezoneId: calendarZone } : chromium,
      testIgnore: /screenshots\.spec\.ts$/,
    },
    {
      name: "screenshots",
      testMatch: /screenshots\.spec\.ts$/,
      use: { ...chromium, baseURL: SHOTS_URL, colorScheme: "light" },
    },
  ],
  // A fresh, seeded database for every run.
  webServer: [
    ...(withE2e
      ? [server({ port: PORT, dbPort: E2E_DB_PORT, dataDir: E2E_DATA_DIR, env: calendarEnv })]
      : []),
    ...(withScreenshots
      ? [
          server({
            port: SHOTS_PORT,
            dbPort: SHOTS_DB_PORT,
            dataDir: ".data/e2e-shots",
            env: { CREDITPOOL_FROZEN_AT: FROZEN_AT },
          }),
        ]
      : []),
  ],
});
