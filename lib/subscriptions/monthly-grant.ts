// The monthly subscription grant: due at each monthly instant from the billing anchor (monthly,
// quarterly and annual plans alike), keyed by workspace and period so it is granted once. At the
// end of a term it renews the term or, when cancelled, ends the subscription; a downgrade takes
// effect here. Called by the credit clock (lib/jobs/cycles.ts) and when a subscription starts.
import "server-only";
import type { Workspace } from "@/db/schema";
import { endSubscription, updateSubscription } from "@/db/queries/subscriptions";
import { getPlan } from "@/lib/billing/plans";
import { grantIndexAt, monthlyGrantAt, termEndAt } from "@/lib/billing/schedule";
import type { Deps } from "@/lib/deps";
import { grant } from "@/lib/ledger";
import { systemKey } from "@/lib/ledger/keys";
import { applyPlanEffects } from "./plan-effects";

/** Grants the current month's subscription credits of one workspace if they are due. */
export async function grantDueSubscriptionCredits(
  ctx: Deps,
  workspace: Workspace,
): Promise<"granted" | "ended" | "none"> {
  const now = ctx.clock.now();
  if (!workspace.billingAnchorAt || !workspace.billingInterval) return "none";
  if (!workspace.nextSubscriptionGrantAt || workspace.nextSubscriptionGrantAt > now) return "none";
  const anchor = workspace.billingAnchorAt;
  const tz = workspace.timeZone;
  const k = Math.max(grantIndexAt(anchor, tz, now), workspace.subscriptionPeriodIndex);
  const periodStart = monthlyGrantAt(anchor, tz, k);
  const periodEnd = monthlyGrantAt(anchor, tz, k + 1);

  // The term is over: renew it (a new term starts at this grant), or end the subscription.
  let termEndsAt = workspace.currentTermEndsAt;
  if (termEndsAt && periodStart >= termEndsAt) {
    if (workspace.cancelAtTermEnd) {
      await endSubscription(ctx.db, workspace.id);
      await applyPlanEffects(ctx, workspace.id);
      return "ended";
    }
    termEndsAt = termEndAt(anchor, tz, k, workspace.billingInterval);
  }
  // A downgrade waits for the renewal: it takes effect with this grant.
  const planId = workspace.pendingPlan ?? workspace.plan;
  const plan = getPlan(planId);
  if (plan.monthlyCredits > 0) {
    const outcome = await grant(ctx, {
      workspaceId: workspace.id,
      type: "subscription",
      code: "grant_subscription",
      amount: plan.monthlyCredits,
      expiresAt: periodEnd,
      reference: `${plan.id}:${periodStart.toISOString()}`,
      metadata: { plan: plan.id, periodStart: periodStart.toISOString(), periodEnd: periodEnd.toISOString() },
      idempotencyKey: systemKey("subscription", workspace.id, periodStart.toISOString()),
    });
    if (!outcome.ok) throw new Error(`subscription grant for ${workspace.id} failed: ${outcome.message}`);
  }
  await updateSubscription(ctx.db, workspace.id, {
    plan: plan.id,
    pendingPlan: null,
    subscriptionPeriodIndex: k + 1,
    nextSubscriptionGrantAt: periodEnd,
    currentTermEndsAt: termEndsAt,
  });
  if (plan.id !== workspace.plan) await applyPlanEffects(ctx, workspace.id);
  return "granted";
}
