import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { apiKeys, users } from "@/db/schema";

/** The workspace's keys, newest first, by prefix (the secret is never stored). */
export async function listApiKeys(db: Executor, workspaceId: string) {
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
      createdBy: users.name,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
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
  const where = and(
    eq(apiKeys.id, apiKeyId),
    eq(apiKeys.workspaceId, workspaceId),
    isNull(apiKeys.revokedAt),
  );
  // The row lock orders two owners saving at once; the audit row records what each replaced.
  const [before] = await db.select().from(apiKeys).where(where).for("update");
  if (!before) return null;
  const [after] = await db
    .update(apiKeys)
    .set({ rateLimitPerSecond: limit?.perSecond ?? null, rateLimitBurst: limit?.burst ?? null })
    .where(where)
    .returning();
  return after ? { before, after } : null;
}
