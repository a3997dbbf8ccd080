// API keys: created and revoked by owners and admins, looked up by the metering API (every request,
// or once in a few seconds per process for the routes whose ledger statement re-checks the key). Only the secret's hash is stored (lib/api/v1/auth.ts makes and hashes keys).
import "server-only";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db";
import { apiKeyUsage, apiKeys, users, type ApiKey } from "@/db/schema";

export async function createApiKey(
  db: Executor,
  input: {
    workspaceId: string;
    name: string;
    prefix: string;
    secretHash: string;
    createdByUserId: string;
    createdAt: Date;
  },
): Promise<{ id: string }> {
  const [row] = await db.insert(apiKeys).values(input).returning({ id: apiKeys.id });
  if (!row) throw new Error("api key insert returned nothing");
  return row;
}

/** Revokes an active key of the workspace; null when it has no such active key. */
export async function revokeApiKey(db: Executor, workspaceId: string, apiKeyId: string, at: Date) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, apiKeyId), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .returning();
  return row ?? null;
}

/** The key lookup runs on every request: built once per database handle, not per request. */
const keyLookups = new WeakMap<Database, ReturnType<typeof prepareKeyLookup>>();

function prepareKeyLookup(db: Database) {
  return db
    .select({
      keyId: apiKeys.id,
      workspaceId: apiKeys.workspaceId,
      perSecond: apiKeys.rateLimitPerSecond,
      burst: apiKeys.rateLimitBurst,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, sql.placeholder("secretHash")), isNull(apiKeys.revokedAt)))
    .prepare("api_key_lookup");
}

/**
 * The active key with this secret hash: its id, workspace and rate limits; null if none. Nothing of the
 * workspace row: the API needs only its id, and a key's workspace never changes (deleting a workspace
 * deletes its keys).
 */
export async function findActiveApiKey(db: Database, secretHash: string) {
  let lookup = keyLookups.get(db);
  if (!lookup) {
    lookup = prepareKeyLookup(db);
    keyLookups.set(db, lookup);
  }
  const [row] = await lookup.execute({ secretHash });
  return row ?? null;
}

/** Whether the workspace still has this key, not revoked. */
export async function isApiKeyActive(db: Executor, workspaceId: string, apiKeyId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, apiKeyId), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)));
  return row !== undefined;
}

/** Records that a key was used at `now`, unless that was already recorded less than a minute before. */
export async function touchApiKeyLastUsed(
  db: Executor,
  workspaceId: string,
  apiKeyId: string,
  now: Date,
): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.workspaceId, workspaceId),
        eq(apiKeys.id, apiKeyId),
        or(
          isNull(apiKeys.lastUsedAt),
          lt(apiKeys.lastUsedAt, sql`${now.toISOString()}::timestamptz - interval '1 minute'`),
        ),
      ),
    );
}

/**
 * The workspace's keys, newest first, by prefix (the secret is never stored), with what each used
 * (spent + held) in the month of `now` in the workspace's time zone.
 */
export async function listApiKeys(db: Executor, workspaceId: string, now: Date) {
  const period = sql`(select date_trunc('month', ${now.toISOString()}::timestamptz at time zone w.time_zone)::date
                        from workspaces w where w.id = ${workspaceId}::uuid)`;
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      rateLimitPerSecond: apiKeys.rateLimitPerSecond,
      rateLimitBurst: apiKeys.rateLimitBurst,
      monthlyCreditCap: apiKeys.monthlyCreditCap,
      allowedModels: apiKeys.allowedModels,
      usedThisMonth: sql<number>`coalesce(${apiKeyUsage.used}, 0)`.mapWith(Number),
      createdBy: users.name,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .leftJoin(
      apiKeyUsage,
      and(
        eq(apiKeyUsage.apiKeyId, apiKeys.id),
        eq(apiKeyUsage.workspaceId, apiKeys.workspaceId),
        eq(apiKeyUsage.periodStart, period),
      ),
    )
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/**
 * Sets an active key's own rate limits (null: back to the default). Returns the key before and
 * after, or null when the workspace has no such active key.
 */
export async function setApiKeyRateLimit(
  db: Executor,
  workspaceId: string,
  apiKeyId: string,
  limit: { perSecond: number; burst: number } | null,
) {
  return updateActiveKey(db, workspaceId, apiKeyId, {
    rateLimitPerSecond: limit?.perSecond ?? null,
    rateLimitBurst: limit?.burst ?? null,
  });
}

/**
 * Sets an active key's monthly credit cap (null: none) and allowed features/models (null: all).
 * Returns the key before and after, or null when the workspace has no such active key.
 */
export async function setApiKeyBudget(
  db: Executor,
  workspaceId: string,
  apiKeyId: string,
  budget: { monthlyCreditCap: number | null; allowedModels: string[] | null },
) {
  return updateActiveKey(db, workspaceId, apiKeyId, budget);
}

/** Changes an active key's settings; the key before and after, or null when there is no such active key. */
async function updateActiveKey(
  db: Executor,
  workspaceId: string,
  apiKeyId: string,
  settings: Partial<
    Pick<ApiKey, "rateLimitPerSecond" | "rateLimitBurst" | "monthlyCreditCap" | "allowedModels">
  >,
) {
  const where = and(
    eq(apiKeys.id, apiKeyId),
    eq(apiKeys.workspaceId, workspaceId),
    isNull(apiKeys.revokedAt),
  );
  // The row lock orders two owners saving at once; the audit row records what each replaced.
  const [before] = await db.select().from(apiKeys).where(where).for("update");
  if (!before) return null;
  const [after] = await db.update(apiKeys).set(settings).where(where).returning();
  return after ? { before, after } : null;
}
