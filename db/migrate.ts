import { readdirSync, readFileSync } from "node:fs";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

const DB_FOLDER = path.dirname(fileURLToPath(import.meta.url));
export const MIGRATIONS_FOLDER = path.join(DB_FOLDER, "migrations");
const FUNCTIONS_FOLDER = path.join(DB_FOLDER, "functions");

/**
 * The live SQL functions and triggers (db/functions), one subject a file, in the order they are
 * applied: the ledger's helpers and guards, then the operations, then the subjects whose triggers
 * react to them. Every file in the folder is listed exactly once.
 */
const FUNCTION_FILES = [
  "ledger-helpers.sql",
  "ledger-guards.sql",
  "expire.sql",
  "grant.sql",
  "member-limits.sql",
  "debit.sql",
  "debit-batch.sql",
  "debit-group.sql",
  "settle-release.sql",
  "refund.sql",
  "reversals.sql",
  "alerts.sql",
  "outbox.sql",
  "auto-top-up.sql",
  "usage-rollups.sql",
] as const;

/**
 * Applies the committed drizzle-kit migrations that have not run yet (tables, data, drops), then
 * the live SQL functions and triggers of db/functions, which every migrate applies again.
 */
export async function runMigrations(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    await applyFunctions(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates or replaces every function and trigger of db/functions, in FUNCTION_FILES order and in one
 * transaction: repeating it changes nothing, and a failing file leaves the previous definitions.
 */
export async function applyFunctions(client: postgres.Sql): Promise<void> {
  const present = readdirSync(FUNCTIONS_FOLDER)
    .filter((name) => name.endsWith(".sql"))
    .sort();
  const listed = [...FUNCTION_FILES].sort();
  if (present.join("\n") !== listed.join("\n")) {
    throw new Error(
      `db/functions holds [${present.join(", ")}] but FUNCTION_FILES in db/migrate.ts lists [${listed.join(", ")}]: list every file once, in the order it must be applied`,
    );
  }
  const sources = FUNCTION_FILES.map((name) => readFileSync(path.join(FUNCTIONS_FOLDER, name), "utf8"));
  await client.begin(async (tx) => {
    // Two processes migrating one database at once would both rewrite the same catalog rows
    // ("tuple concurrently updated"): the second waits for the first instead.
    await tx`select pg_advisory_xact_lock(hashtext('creditpool: db/functions'))`;
    for (const source of sources) await tx.unsafe(source).simple();
  });
}
