"use server";

import { markNotificationRead } from "@/db/queries/notifications";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { notificationRefInput } from "@/lib/validation/notifications";

/** Marks one of the caller's own notifications read. */
export const markNotificationReadAction = workspaceAction(
  { input: notificationRefInput, permission: "notifications:view-own" },
  async (ctx, input) => {
    const found = await markNotificationRead(ctx.db, {
      workspaceId: ctx.workspace.id,
      userId: ctx.user.id,
      id: input.notificationId,
      at: ctx.clock.now(),
    });
    if (!found) return fail("not_found", "That notification doesn't exist.");
    return ok({ id: input.notificationId });
  },
);
