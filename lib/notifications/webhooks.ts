// The workspace's webhook endpoint and its test events.
import "server-only";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { notificationDeliveries, webhookEndpoints, type Workspace } from "@/db/schema";

/** The JSON body every webhook carries. `id` is stable across retries: receivers dedupe on it. */
export type WebhookBody = {
  id: string;
  type: string;
  createdAt: string;
  workspace: { id: string; slug: string; name: string };
  data: Record<string, unknown>;
};

export async function getWebhookEndpoint(db: Executor, workspaceId: string) {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, workspaceId));
  return row ?? null;
}

/** Queues a `test` event for the endpoint (delivered, retried and logged like any other). */
export async function queueTestWebhook(
  db: Executor,
  workspace: Pick<Workspace, "id" | "slug" | "name">,
  at: Date,
): Promise<string> {
  const body: WebhookBody = {
    id: randomUUID(),
    type: "test",
    createdAt: at.toISOString(),
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    data: { message: "A test event from Creditpool. Your endpoint received it." },
  };
  const [row] = await db
    .insert(notificationDeliveries)
    .values({
      workspaceId: workspace.id,
      channel: "webhook",
      eventType: "test",
      payload: body,
      nextAttemptAt: at,
      createdAt: at,
    })
    .returning({ id: notificationDeliveries.id });
  if (!row) throw new Error("test webhook was not queued");
  // Wake the delivery worker when this transaction commits.
  await db.execute(sql`SELECT pg_notify('creditpool_outbox', ${workspace.id})`);
  return row.id;
}
