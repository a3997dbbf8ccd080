"use server";

import { revalidatePath } from "next/cache";
import { getWebhookEndpoint, saveWebhookEndpoint } from "@/db/queries/webhooks";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, webhookTarget } from "@/lib/actions/audit";
import { newWebhookSecret } from "@/lib/notifications/webhook-signature";
import { webhookEndpointInput } from "@/lib/validation/notifications";

/** Sets the URL that receives the workspace's signed webhooks; the first save creates the secret. */
export const saveWebhookEndpointAction = workspaceAction(
  { input: webhookEndpointInput, permission: "webhooks:manage" },
  async (ctx, input) => {
    const now = ctx.clock.now();
    return ctx.db.transaction(async (tx) => {
      const before = await getWebhookEndpoint(tx, ctx.workspace.id);
      if (before?.url === input.url) return ok({ url: input.url, isNew: false });
      await saveWebhookEndpoint(tx, {
        workspaceId: ctx.workspace.id,
        url: input.url,
        secret: newWebhookSecret(),
        at: now,
      });
      await auditChange(tx, ctx, "webhook.updated", webhookTarget(ctx.workspace.id, input.url), {
        before: before ? { url: before.url } : null,
        after: { url: input.url },
        at: now,
      });
      revalidatePath(`/w/${ctx.workspace.slug}/settings/notifications`);
      return ok({ url: input.url, isNew: before === null });
    });
  },
);
