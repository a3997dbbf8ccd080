"use server";

import { eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { workspaces } from "@/db/schema";
import { ok, workspaceAction } from "@/lib/actions/client";
import { recordAudit } from "@/lib/audit";
import { updateWorkspaceInput } from "@/lib/validation/access";

/** Renames the workspace and sets its time zone (owners). Days and months are counted in that zone. */
export const updateWorkspaceAction = workspaceAction(
  { input: updateWorkspaceInput, permission: "workspace:update" },
  async (ctx, input) => {
    const now = ctx.clock.now();
    const before = ctx.workspace;
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(workspaces)
        .set({ name: input.name, timeZone: input.timeZone })
        .where(eq(workspaces.id, before.id));
      if (before.name !== input.name) {
        await recordAudit(tx, {
          workspaceId: before.id,
          actorUserId: ctx.user.id,
          action: "workspace.renamed",
          targetType: "workspace",
          targetId: before.id,
          targetLabel: input.name,
          before: { name: before.name },
          after: { name: input.name },
          at: now,
        });
      }
      if (before.timeZone !== input.timeZone) {
        await recordAudit(tx, {
          workspaceId: before.id,
          actorUserId: ctx.user.id,
          action: "workspace.time_zone_changed",
          targetType: "workspace",
          targetId: before.id,
          targetLabel: input.name,
          before: { timeZone: before.timeZone },
          after: { timeZone: input.timeZone },
          at: now,
        });
      }
    });
    revalidatePath(`/w/${before.slug}`, "layout");
    return ok({ name: input.name, timeZone: input.timeZone });
  },
);
