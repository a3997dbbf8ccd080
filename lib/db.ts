import "server-only";
import { createDatabase, type Database } from "@/db";
import { env, requireDatabaseUrl } from "@/lib/env";
import { trackPoolUse } from "@/lib/metrics/db-pool";

const globalForDb = globalThis as unknown as { creditpoolDb?: Database };

/** The app's shared pool, created on first use (dev hot reloads reuse it). */
export function getDb(): Database {
  if (!globalForDb.creditpoolDb) {
    const db = createDatabase(requireDatabaseUrl(), { max: env.DATABASE_POOL_SIZE });
    // Counted for creditpool_db_pool_* (GET /api/metrics).
    trackPoolUse(db.$client, env.DATABASE_POOL_SIZE);
    globalForDb.creditpoolDb = db;
  }
  return globalForDb.creditpoolDb;
}
