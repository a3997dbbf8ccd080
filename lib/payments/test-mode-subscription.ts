// The test-mode stand-in's subscriptions: the customer.subscription.* events Stripe would send when a
// plan is chosen, changed, cancelled or resumed, delivered (deliverTestModeEvents) through the same
// webhook handling as Stripe's, which applies them.
import "server-only";
import { testModeEvent } from "./test-mode";

/** The customer.subscription.* event Stripe would send for this subscription state. */
export function testModeSubscriptionEvent(
  subscription: {
    id: string;
    workspaceId: string;
    plan: string;
    interval: "month" | "quarter" | "year";
    status: "active" | "canceled";
    cancelAtPeriodEnd: boolean;
    actorUserId: string;
  },
  type: "customer.subscription.created" | "customer.subscription.updated" | "customer.subscription.deleted",
  at: Date,
) {
  const recurring =
    subscription.interval === "year"
      ? { interval: "year", interval_count: 1 }
      : { interval: "month", interval_count: subscription.interval === "quarter" ? 3 : 1 };
  return testModeEvent(
    type,
    {
      id: subscription.id,
      object: "subscription",
      status: subscription.status,
      cancel_at_period_end: subscription.cancelAtPeriodEnd,
      items: {
        object: "list",
        data: [{ object: "subscription_item", price: { object: "price", recurring } }],
      },
      metadata: {
        workspaceId: subscription.workspaceId,
        plan: subscription.plan,
        interval: subscription.interval,
        actorUserId: subscription.actorUserId,
      },
    },
    at,
  );
}
