// Subscription state, however it changed (a Stripe webhook or the test-mode stand-in's event):
// start, upgrade, downgrade, cancel at term end, resume, end. What each does to credits:
// - start: the first monthly grant right away; the billing anchor is now.
// - upgrade (more monthly credits): at once; the difference is granted for the rest of this
//   month, expiring with this month's credits at the next grant.
// - downgrade (fewer): at the next monthly grant; this month's credits are untouched.
// - cancel: nothing changes until the term ends; then grants stop. Credits already granted stay
//   until they expire; top-ups stay spendable on what the Free plan allows.
import "server-only";
import { eq } from "drizzle-orm";
import { workspaces, type BillingInterval, type Workspace } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit";
import { grant } from "@/lib/ledger";
import { getPlan, hasActiveSubscription, type PlanId } from "./plans";
import { termEndAt } from "./schedule";
import { grantDueSubscriptionCredits } from "@/lib/jobs/cycles";
import { systemKey } from "@/lib/ledger/keys";
import type { Deps } from "@/lib/deps";

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

/** "2026-12-07" as the calendar date in the workspace's zone (not UTC's). */
function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/** What moving from the workspace's current plan to `next` will do, in words (shown before confirming). */
export function describePlanChange(
  workspace: Pick<Workspace, "plan" | "subscriptionStatus" | "nextSubscriptionGrantAt"> &
    Partial<Pick<Workspace, "timeZone" | "cancelAtTermEnd">>,
  next: PlanId,
): {
  kind: "start" | "upgrade" | "downgrade" | "same";
  summary: string;
} {
  const from = getPlan(workspace.plan);
  const to = getPlan(next);
  const credits = (n: number) => n.toLocaleString("en-US");
  if (!hasActiveSubscription(workspace)) {
    return {
      kind: "start",
      summary: `${to.name} starts today with ${credits(to.monthlyCredits)} credits, and ${credits(to.monthlyCredits)} more on the same day each month. Free daily credits stop.`,
    };
  }
  if (to.id === from.id) return { kind: "same", summary: `You are on ${to.name}.` };
  if (to.monthlyCredits > from.monthlyCredits) {
    return {
      kind: "upgrade",
      summary: `${to.name} starts now: you get the ${credits(to.monthlyCredits - from.monthlyCredits)} credits of difference for the rest of this month (they expire with this month's credits), then ${credits(to.monthlyCredits)} each month.`,
    };
  }
  return {
    kind: "downgrade",
    summary: workspace.cancelAtTermEnd
      ? `Your subscription is set to end with this term. Resume it first; then ${to.name} starts at your next monthly grant.`
      : `${to.name} starts at your next monthly grant${workspace.nextSubscriptionGrantAt ? ` (${localDate(workspace.nextSubscriptionGrantAt, workspace.timeZone ?? "UTC")})` : ""}; this month's credits are not touched. Then ${credits(to.monthlyCredits)} credits each month.`,
  };
}

/** Brings the workspace in line with the subscription's state. Idempotent: the same state twice changes nothing. */
export async function applySubscriptionState(
  ctx: Deps,
  state: SubscriptionState,
): Promise<SubscriptionChange> {
  const [workspace] = await ctx.db.select().from(workspaces).where(eq(workspaces.id, state.workspaceId));
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
    await ctx.db
      .update(workspaces)
      .set({
        subscriptionStatus: "canceled",
        nextSubscriptionGrantAt: null,
        pendingPlan: null,
        cancelAtTermEnd: false,
      })
      .where(eq(workspaces.id, workspace.id));
    await audit("ended", { status: "canceled" });
    return "ended";
  }

  if (subscribedNow && !wasSubscribed && workspace.subscriptionStatus !== "past_due") {
    await ctx.db
      .update(workspaces)
      .set({
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
      })
      .where(eq(workspaces.id, workspace.id));
    const [fresh] = await ctx.db.select().from(workspaces).where(eq(workspaces.id, workspace.id));
    if (fresh) await grantDueSubscriptionCredits(ctx, fresh);
    await audit("started", { plan: state.plan, interval: state.interval });
    return "started";
  }

  if (workspace.subscriptionStatus !== state.status) {
    await ctx.db
      .update(workspaces)
      .set({ subscriptionStatus: state.status })
      .where(eq(workspaces.id, workspace.id));
  }
  if (workspace.cancelAtTermEnd !== state.cancelAtPeriodEnd) {
    await ctx.db
      .update(workspaces)
      .set({ cancelAtTermEnd: state.cancelAtPeriodEnd })
      .where(eq(workspaces.id, workspace.id));
    const change = state.cancelAtPeriodEnd ? "cancel_scheduled" : "resumed";
    await audit(change, { termEndsAt: workspace.currentTermEndsAt?.toISOString() ?? null });
    return change;
  }
  if (state.interval !== workspace.billingInterval) {
    // The current term runs out as paid; the next one has the new length.
    await ctx.db
      .update(workspaces)
      .set({ billingInterval: state.interval })
      .where(eq(workspaces.id, workspace.id));
    await audit("interval_changed", { interval: state.interval });
  }
  const current = getPlan(workspace.plan);
  const next = getPlan(state.plan);
  if (next.id === current.id) {
    if (workspace.pendingPlan) {
      await ctx.db.update(workspaces).set({ pendingPlan: null }).where(eq(workspaces.id, workspace.id));
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
    await ctx.db
      .update(workspaces)
      .set({ plan: next.id, pendingPlan: null, seats: Math.max(workspace.seats, next.seats) })
      .where(eq(workspaces.id, workspace.id));
    await audit("upgraded", { plan: next.id, creditsAdded: difference });
    return "upgraded";
  }
  if (workspace.pendingPlan === next.id) return "unchanged";
  await ctx.db.update(workspaces).set({ pendingPlan: next.id }).where(eq(workspaces.id, workspace.id));
  await audit("downgrade_scheduled", {
    plan: next.id,
    from: workspace.nextSubscriptionGrantAt?.toISOString() ?? null,
  });
  return "downgrade_scheduled";
}
