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
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/calendar-clock.ts"],
    // One retry in CI as a safety net; every test that needed it is named at the end of the run.
    retry: process.env.CI ? 1 : 0,
    reporters: ["default", "./tests/support/retry-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
