"use server";

import { revalidatePath } from "next/cache";
import { getWebhookEndpoint } from "@/db/queries/webhooks";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { queueTestWebhook } from "@/lib/notifications/webhooks";
import { workspaceOnlyInput } from "@/lib/validation/notifications";

/** Queues a signed `test` event to the endpoint; it shows in the delivery log like any other. */
export const sendTestWebhookAction = workspaceAction(
  { input: workspaceOnlyInput, permission: "webhooks:manage" },
  async (ctx) => {
    return ctx.db.transaction(async (tx) => {
      if (!(await getWebhookEndpoint(tx, ctx.workspace.id)))
        return fail("not_found", "Set a webhook URL first.");
      const deliveryId = await queueTestWebhook(tx, ctx.workspace, ctx.clock.now());
      revalidatePath(`/w/${ctx.workspace.slug}/settings/notifications`);
      return ok({ deliveryId });
    });
  },
);
