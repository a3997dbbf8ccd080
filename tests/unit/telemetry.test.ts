// Next.js telemetry is off in every script and in CI: nothing may try the network. A script that can
// start Next.js (build, start, dev, the e2e and fault runs, the benchmarks, the calendar run) sets
// NEXT_TELEMETRY_DISABLED=1 on each of its commands, or starts it through scripts/with-db.ts, which
// sets it for its child (tests/integration/launcher.test.ts checks that).
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

const STARTS_NEXT =
  /\bnext (build|start|dev)\b|\bplaywright\b|scripts\/(faults|test-calendar|bench\/ledger)\.ts/;

it("every package.json script that can start Next.js turns its telemetry off", () => {
  const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
  const leaks = Object.entries(scripts).flatMap(([name, script]) =>
    script
      .split("&&")
      .map((command) => command.trim())
      .filter((command) => STARTS_NEXT.test(command))
      .filter((command) => !command.startsWith("NEXT_TELEMETRY_DISABLED=1 "))
      .filter((command) => !/^tsx (--conditions=react-server )?scripts\/with-db\.ts\b/.test(command))
      .map((command) => `${name}: ${command}`),
  );
  expect(leaks).toEqual([]);
  // The check above has something to check.
  expect(Object.values(scripts).filter((script) => STARTS_NEXT.test(script)).length).toBeGreaterThan(5);
});

it("CI turns it off for the whole run", () => {
  expect(readFileSync(".ci/run", "utf8")).toMatch(/^export NEXT_TELEMETRY_DISABLED=1$/m);
});
