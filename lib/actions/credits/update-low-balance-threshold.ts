"use server";

import { revalidatePath } from "next/cache";
import { recordAudit } from "@/db/queries/audit";
import { syncAlertThreshold } from "@/db/queries/credit-accounts";
import { updateWorkspace } from "@/db/queries/workspaces";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { lowBalanceThresholdInput } from "@/lib/validation/credits";

/** The Low Balance badge's threshold when auto top-up is off (owners set it). */
export const updateLowBalanceThresholdAction = workspaceAction(
  { input: lowBalanceThresholdInput, permission: "workspace:update" },
  async (ctx, input) => {
    const before = ctx.workspace.lowBalanceThreshold;
    if (before === input.threshold) return ok({ threshold: before });
    await ctx.db.transaction(async (tx) => {
      await updateWorkspace(tx, ctx.workspace.id, { lowBalanceThreshold: input.threshold });
      await syncAlertThreshold(tx, ctx.workspace.id);
      await recordAudit(tx, {
        workspaceId: ctx.workspace.id,
        actorUserId: ctx.user.id,
        action: "workspace.low_balance_threshold_changed",
        targetType: "workspace",
        targetId: ctx.workspace.id,
        targetLabel: ctx.workspace.name,
        before: { lowBalanceThreshold: before },
        after: { lowBalanceThreshold: input.threshold },
        at: ctx.clock.now(),
      });
    });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ threshold: input.threshold });
  },
);
