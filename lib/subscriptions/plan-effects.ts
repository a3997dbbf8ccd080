// What a plan change (or the subscription's end) does beyond credits: auto top-up stops when the
// workspace leaves Enterprise (or its subscription ends), and the plan's default Low Balance
// threshold follows the plan. Called wherever the plan or the subscription's status changes.
import "server-only";
import type { Executor } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { switchOffAutoTopUp } from "@/db/queries/auto-top-up";
import { setAutoTopUpThreshold, syncAlertThreshold } from "@/db/queries/credit-accounts";
import { getWorkspace } from "@/db/queries/workspaces";
import type { Workspace } from "@/db/schema";
import { allowsAutoTopUp } from "@/lib/billing/auto-top-up";
import { defaultLowBalanceThreshold } from "@/lib/billing/plans";
import type { Deps } from "@/lib/deps";

/**
 * Switches auto top-up off because the plan no longer includes it (audited); false when it was off
 * already. The spend trigger stops watching in the same transaction, so no further attempt starts.
 */
export async function switchOffAutoTopUpForPlan(
  tx: Executor,
  workspace: Workspace,
  now: Date,
): Promise<boolean> {
  if (!(await switchOffAutoTopUp(tx, workspace.id, { reason: "plan", at: now }))) return false;
  await setAutoTopUpThreshold(tx, workspace.id, null, defaultLowBalanceThreshold(workspace));
  await recordAudit(tx, {
    workspaceId: workspace.id,
    actorUserId: null,
    action: "auto_top_up.changed",
    targetType: "auto_top_up",
    targetId: workspace.id,
    targetLabel: workspace.name,
    before: { enabled: true },
    after: { enabled: false, reason: "plan", plan: workspace.plan },
    at: now,
  });
  return true;
}

/** Brings auto top-up and the Low Balance threshold in line with the workspace's plan as it is now. */
export async function applyPlanEffects(ctx: Deps, workspaceId: string): Promise<void> {
  const workspace = await getWorkspace(ctx.db, workspaceId);
  if (!workspace) return;
  await ctx.db.transaction(async (tx) => {
    if (!allowsAutoTopUp(workspace)) await switchOffAutoTopUpForPlan(tx, workspace, ctx.clock.now());
    await syncAlertThreshold(tx, workspace.id, defaultLowBalanceThreshold(workspace));
  });
}
