import "server-only";
import type Stripe from "stripe";
import type { BillingInterval } from "@/db/schema";
import { PLANS, type PlanId } from "@/lib/billing/plans";
import { applySubscriptionState, type SubscriptionState } from "@/lib/subscriptions/apply-state";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

const INTERVALS: Record<string, BillingInterval> = {
  "month:1": "month",
  "month:3": "quarter",
  "year:1": "year",
  "month:12": "year",
};

function stateFrom(subscription: Stripe.Subscription, deleted: boolean): SubscriptionState | null {
  const workspaceId = subscription.metadata?.workspaceId;
  const plan = subscription.metadata?.plan;
  const recurring = subscription.items?.data?.[0]?.price?.recurring;
  const interval =
    (subscription.metadata?.interval as BillingInterval | undefined) ??
    (recurring ? INTERVALS[`${recurring.interval}:${recurring.interval_count}`] : undefined);
  if (!workspaceId || !plan || !(plan in PLANS) || !interval) return null;
  const live = ["active", "trialing", "past_due"] as const;
  const status: SubscriptionState["status"] = deleted
    ? "canceled"
    : (live.find((s) => s === subscription.status) ?? "canceled");
  return {
    workspaceId,
    subscriptionId: subscription.id,
    status,
    plan: plan as PlanId,
    interval,
    cancelAtPeriodEnd: Boolean(subscription.cancel_at_period_end),
    actorUserId: subscription.metadata?.actorUserId || null,
  };
}

/** customer.subscription.created / updated: start, upgrade, downgrade, cancel or resume. */
export async function handleCustomerSubscriptionUpdated(
  ctx: Deps,
  event: Stripe.Event,
): Promise<WebhookResult> {
  const state = stateFrom(event.data.object as Stripe.Subscription, false);
  if (!state) return { handled: "not_a_creditpool_subscription" };
  return { handled: await applySubscriptionState(ctx, state) };
}

/** customer.subscription.deleted: the subscription is over; grants stop. */
export async function handleCustomerSubscriptionDeleted(
  ctx: Deps,
  event: Stripe.Event,
): Promise<WebhookResult> {
  const state = stateFrom(event.data.object as Stripe.Subscription, true);
  if (!state) return { handled: "not_a_creditpool_subscription" };
  return { handled: await applySubscriptionState(ctx, state) };
}
