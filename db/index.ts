// The database handle and its types. Nothing here reads the environment: the caller passes the URL
// and the pool size (the app's shared pool is lib/db.ts, configured from lib/env.ts, the one reader of
// the environment), so db/ depends on nothing above it and scripts and tests pass their own database.
import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { attachLanes } from "./lanes";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };

/**
 * A pool of at most `max` connections to the database at `url`, and as many lanes for group commit's
 * spends, opened when first needed (db/lanes.ts; `lanes: false` for none). `prepare: false` through a
 * transaction pooler (PgBouncer 1.18 keeps no prepared statement from one transaction to the next):
 * every query then goes as an unnamed statement, which any server connection accepts.
 */
export function createDatabase(
  url: string,
  options: { max: number; prepare?: boolean; lanes?: boolean },
): Database {
  const client = postgres(url, {
    max: options.max,
    prepare: options.prepare ?? true,
    onnotice: () => {},
    // Timestamps the database turns into text (a refusal's `resetsAt`, `::date` casts) are in UTC,
    // whatever time zone the server or its host is set to.
    connection: { application_name: "creditpool", TimeZone: "UTC" },
  });
  const db = drizzle(client, { schema, casing: "snake_case" });
  // Group commit's spends go on lanes of one connection each, most recently used first (db/lanes.ts).
  if (options.lanes ?? true)
    attachLanes(db, options.max, () => createDatabase(url, { ...options, max: 1, lanes: false }));
  return db;
}

export { schema };

/** A transaction handle, as drizzle passes it to `db.transaction(async (tx) => ...)`. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Either: query functions that may run inside a caller's transaction take this. */
export type Executor = Database | Transaction;
