// Subscription state, however it changed (a Stripe webhook or the test-mode stand-in's event):
// start, upgrade, downgrade, cancel at term end, resume, end. What each does to credits:
// - start: the first monthly grant right away; the billing anchor is now.
// - upgrade (more monthly credits): at once; the difference is granted for the rest of this
//   month, expiring with this month's credits at the next grant.
// - downgrade (fewer): at the next monthly grant; this month's credits are untouched.
// - cancel: nothing changes until the term ends; then grants stop. Credits already granted stay
//   until they expire; top-ups stay spendable on what the Free plan allows.
import "server-only";
import type { BillingInterval } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit";
import { endSubscription, updateSubscription } from "@/db/queries/subscriptions";
import { getWorkspace } from "@/db/queries/workspaces";
import { getPlan, hasActiveSubscription, type PlanId } from "@/lib/billing/plans";
import { termEndAt } from "@/lib/billing/schedule";
import type { Deps } from "@/lib/deps";
import { grant } from "@/lib/ledger";
import { systemKey } from "@/lib/ledger/keys";
import { grantDueSubscriptionCredits } from "./monthly-grant";
import { applyPlanEffects } from "./plan-effects";

export type SubscriptionState = {
  workspaceId: string;
  subscriptionId: string;
  status: "active" | "trialing" | "past_due" | "canceled";
  plan: PlanId;
  interval: BillingInterval;
  cancelAtPeriodEnd: boolean;
  /** Who asked for it, for the audit log (null when Stripe changed it on its own). */
  actorUserId: string | null;
};

export type SubscriptionChange =
  | "started"
  | "upgraded"
  | "downgrade_scheduled"
  | "interval_changed"
  | "cancel_scheduled"
  | "resumed"
  | "ended"
  | "status_changed"
  | "unchanged";

/** Brings the workspace in line with the subscription's state. Idempotent: the same state twice changes nothing. */
export async function applySubscriptionState(
  ctx: Deps,
  state: SubscriptionState,
): Promise<SubscriptionChange> {
  const change = await applyState(ctx, state);
  // Auto top-up and the default Low Balance threshold follow the plan and the status.
  if (change !== "unchanged") await applyPlanEffects(ctx, state.workspaceId);
  return change;
}

async function applyState(ctx: Deps, state: SubscriptionState): Promise<SubscriptionChange> {
  const workspace = await getWorkspace(ctx.db, state.workspaceId);
  if (!workspace) return "unchanged";
  const now = ctx.clock.now();
  const subscribedNow = state.status === "active" || state.status === "trialing";
  const wasSubscribed = hasActiveSubscription(workspace);
  const audit = (change: SubscriptionChange, after: Record<string, unknown>) =>
    recordAudit(ctx.db, {
      workspaceId: workspace.id,
      actorUserId: state.actorUserId,
      action: "plan.changed",
      targetType: "workspace",
      targetId: workspace.id,
      targetLabel: workspace.name,
      before: {
        plan: workspace.plan,
        interval: workspace.billingInterval,
        status: workspace.subscriptionStatus,
      },
      after: { change, ...after },
      at: now,
    });

  if (state.status === "canceled") {
    if (workspace.subscriptionStatus === "canceled" || workspace.subscriptionStatus === "none")
      return "unchanged";
    await endSubscription(ctx.db, workspace.id);
    await audit("ended", { status: "canceled" });
    return "ended";
  }

  if (subscribedNow && !wasSubscribed && workspace.subscriptionStatus !== "past_due") {
    const fresh = await updateSubscription(ctx.db, workspace.id, {
      plan: state.plan,
      billingInterval: state.interval,
      subscriptionStatus: state.status,
      stripeSubscriptionId: state.subscriptionId,
      billingAnchorAt: now,
      subscriptionPeriodIndex: 0,
      nextSubscriptionGrantAt: now,
      currentTermEndsAt: termEndAt(now, workspace.timeZone, 0, state.interval),
      cancelAtTermEnd: state.cancelAtPeriodEnd,
      pendingPlan: null,
      seats: Math.max(workspace.seats, getPlan(state.plan).seats),
    });
    if (fresh) await grantDueSubscriptionCredits(ctx, fresh);
    await audit("started", { plan: state.plan, interval: state.interval });
    return "started";
  }

  if (workspace.subscriptionStatus !== state.status) {
    await updateSubscription(ctx.db, workspace.id, { subscriptionStatus: state.status });
  }
  if (workspace.cancelAtTermEnd !== state.cancelAtPeriodEnd) {
    await updateSubscription(ctx.db, workspace.id, { cancelAtTermEnd: state.cancelAtPeriodEnd });
    const change = state.cancelAtPeriodEnd ? "cancel_scheduled" : "resumed";
    await audit(change, { termEndsAt: workspace.currentTermEndsAt?.toISOString() ?? null });
    return change;
  }
  if (state.interval !== workspace.billingInterval) {
    // The current term runs out as paid; the next one has the new length.
    await updateSubscription(ctx.db, workspace.id, { billingInterval: state.interval });
    await audit("interval_changed", { interval: state.interval });
  }
  const current = getPlan(workspace.plan);
  const next = getPlan(state.plan);
  if (next.id === current.id) {
    if (workspace.pendingPlan) {
      await updateSubscription(ctx.db, workspace.id, { pendingPlan: null });
      return "resumed";
    }
    return state.interval !== workspace.billingInterval
      ? "interval_changed"
      : workspace.subscriptionStatus !== state.status
        ? "status_changed"
        : "unchanged";
  }
  if (next.monthlyCredits > current.monthlyCredits) {
    const difference = next.monthlyCredits - current.monthlyCredits;
    if (workspace.nextSubscriptionGrantAt && workspace.nextSubscriptionGrantAt > now) {
      const outcome = await grant(ctx, {
        workspaceId: workspace.id,
        type: "subscription",
        code: "grant_subscription",
        amount: difference,
        expiresAt: workspace.nextSubscriptionGrantAt,
        reference: `upgrade:${current.id}->${next.id}`,
        metadata: { plan: next.id, upgradeFrom: current.id },
        idempotencyKey: systemKey("upgrade", workspace.id, workspace.subscriptionPeriodIndex, next.id),
      });
      if (!outcome.ok) throw new Error(`upgrade grant failed: ${outcome.message}`);
    }
    await updateSubscription(ctx.db, workspace.id, {
      plan: next.id,
      pendingPlan: null,
      seats: Math.max(workspace.seats, next.seats),
    });
    await audit("upgraded", { plan: next.id, creditsAdded: difference });
    return "upgraded";
  }
  if (workspace.pendingPlan === next.id) return "unchanged";
  await updateSubscription(ctx.db, workspace.id, { pendingPlan: next.id });
  await audit("downgrade_scheduled", {
    plan: next.id,
    from: workspace.nextSubscriptionGrantAt?.toISOString() ?? null,
  });
  return "downgrade_scheduled";
}
