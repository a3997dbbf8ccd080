import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run outside React Server Components; the marker module has nothing to guard there.
      "server-only": path.resolve(import.meta.dirname, "tests/support/server-only.ts"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    pool: "forks",
    // A worker a core. Vitest's default leaves one core free, which on two cores is one worker; the
    // tests spend much of their time waiting on PostgreSQL, so a second one is nearly free: the whole
    // run took 321 s with one and 193–210 s with two here (README, "On any day, and without retries").
    // At most 8: each worker's pool may open 40 connections (tests/support/db.ts), and the test
    // database takes 400 (db/embedded.ts).
    maxWorkers: Math.min(availableParallelism(), 8),
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/calendar-clock.ts"],
    // One retry in CI as a safety net; every test that needed it is named at the end of the run.
    retry: process.env.CI ? 1 : 0,
    reporters: ["default", "./tests/support/retry-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
