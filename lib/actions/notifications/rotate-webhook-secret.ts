"use server";

import { revalidatePath } from "next/cache";
import { rotateWebhookSecret } from "@/db/queries/webhooks";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, webhookTarget } from "@/lib/actions/audit";
import { newWebhookSecret } from "@/lib/notifications/webhook-signature";
import { workspaceOnlyInput } from "@/lib/validation/notifications";

/** Replaces the signing secret at once: every request from now on (retries too) is signed with the new one. */
export const rotateWebhookSecretAction = workspaceAction(
  { input: workspaceOnlyInput, permission: "webhooks:manage" },
  async (ctx) => {
    const now = ctx.clock.now();
    const secret = newWebhookSecret();
    return ctx.db.transaction(async (tx) => {
      const row = await rotateWebhookSecret(tx, ctx.workspace.id, secret, now);
      if (!row) return fail("not_found", "Set a webhook URL first.");
      await auditChange(tx, ctx, "webhook.secret_rotated", webhookTarget(ctx.workspace.id, row.url), {
        at: now,
      });
      revalidatePath(`/w/${ctx.workspace.slug}/settings/notifications`);
      return ok({ secret });
    });
  },
);
