"use server";

import { revalidatePath } from "next/cache";
import { syncAlertThreshold } from "@/db/queries/credit-accounts";
import { updateWorkspace } from "@/db/queries/workspaces";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, workspaceTarget } from "@/lib/actions/audit";
import { defaultLowBalanceThreshold, lowBalanceThreshold } from "@/lib/billing/plans";
import { lowBalanceThresholdInput } from "@/lib/validation/credits";

/** The Low Balance badge's threshold when auto top-up is off (owners set it). */
export const updateLowBalanceThresholdAction = workspaceAction(
  { input: lowBalanceThresholdInput, permission: "workspace:update" },
  async (ctx, input) => {
    if (ctx.workspace.lowBalanceThreshold === input.threshold) return ok({ threshold: input.threshold });
    // Until an owner sets one, the threshold is the plan's default; once set, it stays through plan changes.
    const before = lowBalanceThreshold(ctx.workspace);
    await ctx.db.transaction(async (tx) => {
      await updateWorkspace(tx, ctx.workspace.id, { lowBalanceThreshold: input.threshold });
      await syncAlertThreshold(tx, ctx.workspace.id, defaultLowBalanceThreshold(ctx.workspace));
      await auditChange(tx, ctx, "workspace.low_balance_threshold_changed", workspaceTarget(ctx.workspace), {
        before: { lowBalanceThreshold: before },
        after: { lowBalanceThreshold: input.threshold },
      });
    });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ threshold: input.threshold });
  },
);
