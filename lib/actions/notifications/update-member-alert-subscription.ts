"use server";

import { revalidatePath } from "next/cache";
import { setGetsMemberAlerts } from "@/db/queries/member-limit-requests";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { memberAlertSubscriptionInput } from "@/lib/validation/limit-requests";

/** An owner or admin chooses whether they also get the members' 80% and 100% limit alerts (their own choice). */
export const updateMemberAlertSubscriptionAction = workspaceAction(
  { input: memberAlertSubscriptionInput, permission: "credit-events:receive" },
  async (ctx, input) => {
    await setGetsMemberAlerts(ctx.db, {
      workspaceId: ctx.workspace.id,
      userId: ctx.user.id,
      on: input.on,
      at: ctx.clock.now(),
    });
    revalidatePath(`/w/${ctx.workspace.slug}/settings/notifications`);
    return ok({ on: input.on });
  },
);
