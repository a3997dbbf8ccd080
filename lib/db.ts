import "server-only";
import { createDatabase, type Database } from "@/db";
import { env, requireDatabaseUrl } from "@/lib/env";

const globalForDb = globalThis as unknown as { creditpoolDb?: Database };

/** The app's shared pool, created on first use (dev hot reloads reuse it). */
export function getDb(): Database {
  globalForDb.creditpoolDb ??= createDatabase(requireDatabaseUrl(), { max: env.DATABASE_POOL_SIZE });
  return globalForDb.creditpoolDb;
}
