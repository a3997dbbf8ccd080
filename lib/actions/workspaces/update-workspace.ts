"use server";

import { revalidatePath } from "next/cache";
import { recordAudit } from "@/db/queries/audit";
import { lockCreditAccount } from "@/db/queries/credit-accounts";
import { isTimeZoneKnown, updateWorkspace } from "@/db/queries/workspaces";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { TIME_ZONE_MESSAGE, updateWorkspaceInput } from "@/lib/validation/access";

/** Renames the workspace and sets its time zone (owners). Days and months are counted in that zone. */
export const updateWorkspaceAction = workspaceAction(
  { input: updateWorkspaceInput, permission: "workspace:update" },
  async (ctx, input) => {
    const now = ctx.clock.now();
    const before = ctx.workspace;
    if (before.timeZone !== input.timeZone && !(await isTimeZoneKnown(ctx.db, input.timeZone)))
      return fail("invalid_input", "Some fields need attention.", { timeZone: [TIME_ZONE_MESSAGE] });
    await ctx.db.transaction(async (tx) => {
      if (before.timeZone !== input.timeZone) {
        // A new zone rebuilds the usage rollups (a trigger), which takes the credit account lock;
        // take it first, in the order every ledger writer does, so this can never deadlock a spend.
        await lockCreditAccount(tx, before.id);
      }
      await updateWorkspace(tx, before.id, { name: input.name, timeZone: input.timeZone });
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
