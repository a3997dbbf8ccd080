"use server";

import { revalidatePath } from "next/cache";
import { cancelPendingWebhookDeliveries } from "@/db/queries/deliveries";
import { removeWebhookEndpoint } from "@/db/queries/webhooks";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, webhookTarget } from "@/lib/actions/audit";
import { workspaceOnlyInput } from "@/lib/validation/notifications";

/** Stops sending webhooks: removes the endpoint and its secret, and cancels what was still pending. */
export const removeWebhookEndpointAction = workspaceAction(
  { input: workspaceOnlyInput, permission: "webhooks:manage" },
  async (ctx) => {
    const now = ctx.clock.now();
    return ctx.db.transaction(async (tx) => {
      const removed = await removeWebhookEndpoint(tx, ctx.workspace.id);
      if (!removed) return fail("not_found", "There is no webhook endpoint to remove.");
      const cancelled = await cancelPendingWebhookDeliveries(
        tx,
        ctx.workspace.id,
        "The webhook endpoint was removed.",
      );
      await auditChange(tx, ctx, "webhook.removed", webhookTarget(ctx.workspace.id, removed.url), {
        before: { url: removed.url },
        at: now,
      });
      revalidatePath(`/w/${ctx.workspace.slug}/settings/notifications`);
      return ok({ cancelled });
    });
  },
);
