// The workspace's one webhook endpoint: its URL and signing secret.
import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { webhookEndpoints } from "@/db/schema";

export async function getWebhookEndpoint(db: Executor, workspaceId: string) {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, workspaceId));
  return row ?? null;
}

/** Sets the endpoint's URL; the first save also stores `secret` (later saves keep theirs). */
export async function saveWebhookEndpoint(
  db: Executor,
  input: { workspaceId: string; url: string; secret: string; at: Date },
): Promise<void> {
  await db
    .insert(webhookEndpoints)
    .values({
      workspaceId: input.workspaceId,
      url: input.url,
      secret: input.secret,
      createdAt: input.at,
      updatedAt: input.at,
      secretRotatedAt: input.at,
    })
    .onConflictDoUpdate({
      target: webhookEndpoints.workspaceId,
      set: { url: input.url, updatedAt: input.at },
    });
}

/** Replaces the signing secret; null when the workspace has no endpoint. */
export async function rotateWebhookSecret(db: Executor, workspaceId: string, secret: string, at: Date) {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ secret, secretRotatedAt: at, updatedAt: at })
    .where(eq(webhookEndpoints.workspaceId, workspaceId))
    .returning({ url: webhookEndpoints.url });
  return row ?? null;
}

/** Removes the endpoint and its secret; the removed row, or null when there was none. */
export async function removeWebhookEndpoint(db: Executor, workspaceId: string) {
  const [removed] = await db
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, workspaceId))
    .returning();
  return removed ?? null;
}
