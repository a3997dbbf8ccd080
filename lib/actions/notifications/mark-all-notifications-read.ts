"use server";

import { markAllNotificationsRead } from "@/db/queries/notifications";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { workspaceOnlyInput } from "@/lib/validation/notifications";

/** Marks all of the caller's notifications in the workspace read. */
export const markAllNotificationsReadAction = workspaceAction(
  { input: workspaceOnlyInput, permission: "notifications:view-own" },
  async (ctx) => {
    const marked = await markAllNotificationsRead(ctx.db, {
      workspaceId: ctx.workspace.id,
      userId: ctx.user.id,
      at: ctx.clock.now(),
    });
    return ok({ marked });
  },
);
