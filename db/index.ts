import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env, requireDatabaseUrl } from "@/lib/env";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };

export function createDatabase(url: string, options: { max?: number } = {}): Database {
  const client = postgres(url, {
    max: options.max ?? env.DATABASE_POOL_SIZE,
    onnotice: () => {},
    // Timestamps the database turns into text (a refusal's `resetsAt`, `::date` casts) are in UTC,
    // whatever time zone the server or its host is set to.
    connection: { application_name: "creditpool", TimeZone: "UTC" },
  });
  return drizzle(client, { schema, casing: "snake_case" });
}

const globalForDb = globalThis as unknown as { creditpoolDb?: Database };

/** The app's shared pool, created on first use (dev hot reloads reuse it). */
export function getDb(): Database {
  globalForDb.creditpoolDb ??= createDatabase(requireDatabaseUrl());
  return globalForDb.creditpoolDb;
}

export { schema };

/** A transaction handle, as drizzle passes it to `db.transaction(async (tx) => ...)`. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Either: query functions that may run inside a caller's transaction take this. */
export type Executor = Database | Transaction;
