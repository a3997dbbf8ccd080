// npm run test:calendar: the date-sensitive parts of the suite, run with the clock at each of the
// calendar's hard instants (tests/support/calendar.ts): the 1st of a month at 00:30 and the last
// day of a month at 23:30 in the workspace's zone, 29 February, the daylight-saving days of
// Europe/Berlin and America/New_York, and new year's eve.
//
// For each instant:
//   - vitest runs the date-sensitive unit and integration tests with CREDITPOOL_TEST_AT (every
//     `new Date()` of the test process starts at that instant; tests/support/calendar-clock.ts) and
//     TZ set to the instant's zone;
//   - Playwright runs the specs that read figures against a fresh demo seeded at that instant, in
//     that zone, with the server's clock standing there (CREDITPOOL_FROZEN_AT) and the browser's
//     too (playwright.config.ts, e2e/fixtures.ts). It needs `next build` first (npm run
//     test:calendar builds; npm test has just built).
//
// Options: --only NAME (one instant; repeatable), --no-e2e, --no-unit. Exits 1 if any run failed.
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { CALENDAR_INSTANTS } from "../tests/support/calendar";

/** Tests whose outcome could depend on the date: cycles and grants, limits and their reset, analytics, forecasts. */
const CALENDAR_UNIT_TESTS = [
  "tests/unit/analytics.test.ts",
  "tests/unit/estimator.test.ts",
  "tests/unit/schedule.test.ts",
  "tests/integration/cycles.test.ts",
  "tests/integration/simulated-year.test.ts",
  "tests/integration/ledger.test.ts",
  "tests/integration/access/members.test.ts",
  "tests/integration/alert-threshold.test.ts",
  "tests/integration/analytics/rollups.test.ts",
  "tests/integration/analytics/export-route.test.ts",
  "tests/integration/api/metering.test.ts",
  "tests/integration/notifications/notification-centre.test.ts",
  "tests/integration/payments/auto-top-up.test.ts",
  "tests/integration/payments/plan-change.test.ts",
  "tests/integration/payments/test-mode-purchase.test.ts",
  "tests/integration/payments/webhooks.test.ts",
  "tests/integration/verify-script.test.ts",
];

/** The browser specs that read figures off the demo: its story, limits, analytics, usage, history and the Credits card. */
const CALENDAR_E2E_SPECS = [
  "e2e/demo-story.spec.ts",
  "e2e/manage-access.spec.ts",
  "e2e/analytics.spec.ts",
  "e2e/my-usage.spec.ts",
  "e2e/transactions.spec.ts",
  "e2e/billing.spec.ts",
];

const { values } = parseArgs({
  options: {
    only: { type: "string", multiple: true },
    "no-e2e": { type: "boolean", default: false },
    "no-unit": { type: "boolean", default: false },
  },
});

const picked = values.only ?? [];
const unknown = picked.filter((name) => !CALENDAR_INSTANTS.some((i) => i.name === name));
if (unknown.length > 0) {
  console.error(
    `test:calendar: unknown instant ${unknown.join(", ")}; one of ${CALENDAR_INSTANTS.map((i) => i.name).join(", ")}`,
  );
  process.exit(2);
}
const instants = CALENDAR_INSTANTS.filter((i) => picked.length === 0 || picked.includes(i.name));

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("error", () => resolve(1));
    child.on("exit", (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

async function main(): Promise<number> {
  const results: { name: string; at: string; part: string; ok: boolean; seconds: number }[] = [];
  for (const instant of instants) {
    const env = {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      TZ: instant.timeZone,
      CREDITPOOL_TEST_AT: instant.at,
      CREDITPOOL_CALENDAR_AT: instant.at,
      CREDITPOOL_DEMO_TIME_ZONE: instant.timeZone,
    };
    const parts: [string, string[]][] = [];
    if (!values["no-unit"]) parts.push(["unit and integration", ["vitest", "run", ...CALENDAR_UNIT_TESTS]]);
    if (!values["no-e2e"]) {
      parts.push(["e2e", ["playwright", "test", "--project=chromium", ...CALENDAR_E2E_SPECS]]);
    }
    for (const [part, args] of parts) {
      console.log(`\ntest:calendar: ${instant.name} (${instant.at}, ${instant.timeZone}): ${part}`);
      const started = performance.now();
      const code = await run("npx", args, env);
      results.push({
        name: instant.name,
        at: instant.at,
        part,
        ok: code === 0,
        seconds: Math.round((performance.now() - started) / 1000),
      });
    }
  }
  console.log("\ntest:calendar: results");
  for (const r of results) {
    console.log(
      `  ${r.ok ? "pass" : "FAIL"}  ${r.name.padEnd(20)} ${r.at.padEnd(26)} ${r.part.padEnd(22)} ${r.seconds} s`,
    );
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = await main();
