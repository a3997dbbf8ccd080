import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { embeddedDatabaseUrl } from "../db/embedded";
import { E2E_DATA_DIR, E2E_DB_PORT } from "../playwright.config";
import { DEMO } from "./fixtures";

// What the e2e server runs with, read the way its launcher sets it up (playwright.config.ts), so
// a spec can look for those values where they must never appear.

/** The e2e server's database URL. */
export const E2E_DATABASE_URL = process.env.DATABASE_URL ?? embeddedDatabaseUrl(E2E_DB_PORT);

/** The session secret the e2e server signs cookies with. */
export function e2eSessionSecret(): string {
  return (
    process.env.NEXTAUTH_SECRET ?? readFileSync(path.join(E2E_DATA_DIR, "nextauth-secret"), "utf8").trim()
  );
}

/** A small connection to the e2e server's database (end it when done). */
export function e2eDatabase() {
  return postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
}

/** The demo workspace's id. */
export async function demoWorkspaceId(sql: ReturnType<typeof e2eDatabase>): Promise<string> {
  const [workspace] = await sql<
    { id: string }[]
  >`select id from workspaces where slug = ${DEMO.workspace.slug}`;
  if (!workspace) throw new Error("the e2e database has no demo workspace");
  return workspace.id;
}
