"use server";

import { and, eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { notificationDeliveries, webhookEndpoints } from "@/db/schema";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { recordAudit } from "@/db/queries/audit";
import { workspaceOnlyInput } from "@/lib/validation/notifications";

/** Stops sending webhooks: removes the endpoint and its secret, and cancels what was still pending. */
export const removeWebhookEndpointAction = workspaceAction(
  { input: workspaceOnlyInput, permission: "webhooks:manage" },
  async (ctx) => {
    const now = ctx.clock.now();
    return ctx.db.transaction(async (tx) => {
      const [removed] = await tx
        .delete(webhookEndpoints)
        .where(eq(webhookEndpoints.workspaceId, ctx.workspace.id))
        .returning();
      if (!removed) return fail("not_found", "There is no webhook endpoint to remove.");
      const cancelled = await tx
        .update(notificationDeliveries)
        .set({ status: "cancelled", lastError: "The webhook endpoint was removed." })
        .where(
          and(
            eq(notificationDeliveries.workspaceId, ctx.workspace.id),
            eq(notificationDeliveries.channel, "webhook"),
            eq(notificationDeliveries.status, "pending"),
          ),
        )
        .returning({ id: notificationDeliveries.id });
      await recordAudit(tx, {
        workspaceId: ctx.workspace.id,
        actorUserId: ctx.user.id,
        action: "webhook.removed",
        targetType: "webhook",
        targetId: ctx.workspace.id,
        targetLabel: removed.url,
        before: { url: removed.url },
        at: now,
      });
      revalidatePath(`/w/${ctx.workspace.slug}/settings/notifications`);
      return ok({ cancelled: cancelled.length });
    });
  },
);
