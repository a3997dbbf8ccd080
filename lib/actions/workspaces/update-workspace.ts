"use server";

import { revalidatePath } from "next/cache";
import { lockCreditAccount } from "@/db/queries/credit-accounts";
import { isTimeZoneKnown, updateWorkspace } from "@/db/queries/workspaces";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, workspaceTarget } from "@/lib/actions/audit";
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
      // Each setting that changed is an event of its own, so the audit log can filter renames apart.
      const target = workspaceTarget({ id: before.id, name: input.name });
      const settings = [
        ["name", "workspace.renamed"],
        ["timeZone", "workspace.time_zone_changed"],
      ] as const;
      for (const [setting, action] of settings) {
        if (before[setting] === input[setting]) continue;
        await auditChange(tx, ctx, action, target, {
          before: { [setting]: before[setting] },
          after: { [setting]: input[setting] },
          at: now,
        });
      }
    });
    revalidatePath(`/w/${before.slug}`, "layout");
    return ok({ name: input.name, timeZone: input.timeZone });
  },
);
