// What the workspace's webhooks carry, and its test events.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Executor } from "@/db";
import { queueWebhookDelivery } from "@/db/queries/deliveries";
import type { Workspace } from "@/db/schema";

/** The JSON body every webhook carries. `id` is stable across retries: receivers dedupe on it. */
export type WebhookBody = {
  id: string;
  type: string;
  createdAt: string;
  workspace: { id: string; slug: string; name: string };
  data: Record<string, unknown>;
};

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
  return queueWebhookDelivery(db, { workspaceId: workspace.id, eventType: "test", payload: body, at });
}
