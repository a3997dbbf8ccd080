import "server-only";
import { createDatabase, type Database } from "@/db";
import { databaseIsPooled, directDatabaseUrl, env, requireDatabaseUrl } from "@/lib/env";
import { trackPoolUse } from "@/lib/metrics/db-pool";
import { registerShutdown } from "@/lib/runtime/shutdown";

const globalForDb = globalThis as unknown as { creditpoolDb?: Database; creditpoolDirectDb?: Database };

/**
 * The app's shared pool, created on first use (dev hot reloads reuse it). Through a transaction
 * pooler (DATABASE_DIRECT_URL set) it sends no prepared statements. Closed last on shutdown.
 */
export function getDb(): Database {
  if (!globalForDb.creditpoolDb) {
    const db = createDatabase(requireDatabaseUrl(), {
      max: env.DATABASE_POOL_SIZE,
      prepare: !databaseIsPooled(),
    });
    // Counted for creditpool_db_pool_* (GET /api/metrics).
    trackPoolUse(db.$client, env.DATABASE_POOL_SIZE);
    globalForDb.creditpoolDb = db;
    registerShutdown("database pool", () => db.$client.end({ timeout: 5 }), { phase: "pools" });
  }
  return globalForDb.creditpoolDb;
}

/**
 * A small pool of direct connections for work that needs a session: LISTEN (the outbox runner, auto
 * top-up notifications) and session advisory locks (reconciliation). The same pool as getDb() when no
 * pooler is configured.
 */
export function getDirectDb(): Database {
  if (!databaseIsPooled()) return getDb();
  if (!globalForDb.creditpoolDirectDb) {
    const db = createDatabase(directDatabaseUrl(), { max: 3 });
    globalForDb.creditpoolDirectDb = db;
    registerShutdown("direct database pool", () => db.$client.end({ timeout: 5 }), { phase: "pools" });
  }
  return globalForDb.creditpoolDirectDb;
}
