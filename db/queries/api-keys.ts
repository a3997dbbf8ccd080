import "server-only";
import { desc, eq } from "drizzle-orm";
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
      createdBy: users.name,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}
