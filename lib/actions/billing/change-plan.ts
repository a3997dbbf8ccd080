"use server";

import { revalidatePath } from "next/cache";
import { fail, ok, workspaceAction, type ActionResult } from "@/lib/actions/action-client";
import { getAppUrl } from "@/lib/app-url";
import { getPlan, hasActiveSubscription, PLANS } from "@/lib/billing/plans";
import { getPaymentsProvider, getStripe, isTestMode } from "@/lib/payments";
import { ensureWorkspaceCustomer } from "@/lib/payments/customer";
import { deliverTestModeEvents } from "@/lib/payments/test-mode";
import { testModeSubscriptionEvent } from "@/lib/payments/test-mode-subscription";
import { planChangeInput } from "@/lib/validation/billing";

type PlanChangeResult = { mode: "test" | "stripe"; result: string; clientSecret: string | null };

const STRIPE_INTERVAL = {
  month: { interval: "month", interval_count: 1 },
  quarter: { interval: "month", interval_count: 3 },
  year: { interval: "year", interval_count: 1 },
} as const;

/**
 * Subscribes, changes plan or billing period, cancels at term end, or resumes. With Stripe this
 * goes through Stripe (embedded Checkout for a new subscription) and the subscription webhooks
 * apply it; in test mode the stand-in sends the same subscription events through the same webhook
 * handling. What each change does to credits is in lib/billing/subscriptions.ts.
 */
export const changePlanAction = workspaceAction(
  { input: planChangeInput, permission: "credits:purchase" },
  async (ctx, input): Promise<ActionResult<PlanChangeResult>> => {
    const workspace = ctx.workspace;
    const subscribed = hasActiveSubscription(workspace);
    if ((input.action === "subscribe" || input.action === "change") && (!input.plan || !input.interval)) {
      return fail("invalid_input", "Choose a plan and a billing period.", { plan: ["Required"] });
    }
    if (input.action === "subscribe" && subscribed)
      return fail("conflict", "This workspace already has a subscription.");
    if (input.action !== "subscribe" && !subscribed)
      return fail("conflict", "This workspace has no subscription to change.");
    // Cancel and resume keep a scheduled downgrade: they carry the plan that will apply next.
    const plan = input.plan ?? ((workspace.pendingPlan ?? workspace.plan) as keyof typeof PLANS);
    const interval = input.interval ?? workspace.billingInterval ?? "month";
    const cancelAtPeriodEnd =
      input.action === "cancel" ? true : input.action === "resume" ? false : workspace.cancelAtTermEnd;
    const now = ctx.clock.now();

    if (isTestMode()) {
      const subscriptionId =
        workspace.stripeSubscriptionId ?? `sub_test_local_${workspace.id.replaceAll("-", "").slice(0, 24)}`;
      const event = testModeSubscriptionEvent(
        {
          id: subscriptionId,
          workspaceId: workspace.id,
          plan,
          interval,
          status: "active",
          cancelAtPeriodEnd,
          actorUserId: ctx.user.id,
        },
        input.action === "subscribe" ? "customer.subscription.created" : "customer.subscription.updated",
        now,
      );
      const [response] = await deliverTestModeEvents({ db: ctx.db, clock: ctx.clock }, [event]);
      if (response?.status !== 200) throw new Error("test-mode subscription event was refused");
      revalidatePath(`/w/${workspace.slug}`, "layout");
      return ok({ mode: "test", result: String(response.body.handled ?? "applied"), clientSecret: null });
    }

    const stripe = getStripe();
    if (!stripe) throw new Error("Stripe is not configured");
    const metadata = { workspaceId: workspace.id, plan, interval, actorUserId: ctx.user.id };
    const price =
      getPlan(plan).monthlyPriceCents[interval] * (interval === "year" ? 12 : interval === "quarter" ? 3 : 1);
    if (input.action === "subscribe") {
      const customerId = await ensureWorkspaceCustomer(
        ctx.db,
        getPaymentsProvider(),
        workspace,
        ctx.user.email,
      );
      const session = await stripe.checkout.sessions.create(
        {
          ui_mode: "embedded",
          mode: "subscription",
          customer: customerId,
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: "usd",
                unit_amount: price,
                recurring: STRIPE_INTERVAL[interval],
                product_data: { name: `Creditpool ${getPlan(plan).name}` },
              },
            },
          ],
          subscription_data: { metadata },
          metadata,
          return_url: `${await getAppUrl()}/w/${workspace.slug}/settings/billing`,
        },
        { idempotencyKey: `subscribe:${workspace.id}:${plan}:${interval}:${now.toISOString().slice(0, 16)}` },
      );
      return ok({ mode: "stripe", result: "checkout", clientSecret: session.client_secret });
    }
    if (!workspace.stripeSubscriptionId)
      return fail("conflict", "No Stripe subscription is linked to this workspace.");
    const subscription = await stripe.subscriptions.retrieve(workspace.stripeSubscriptionId);
    const item = subscription.items.data[0];
    await stripe.subscriptions.update(workspace.stripeSubscriptionId, {
      cancel_at_period_end: cancelAtPeriodEnd,
      metadata,
      ...(input.action === "change" && item
        ? {
            proration_behavior:
              getPlan(plan).monthlyCredits > getPlan(workspace.plan).monthlyCredits
                ? "always_invoice"
                : "none",
            items: [
              {
                id: item.id,
                price_data: {
                  currency: "usd",
                  unit_amount: price,
                  recurring: STRIPE_INTERVAL[interval],
                  product:
                    typeof item.price.product === "string" ? item.price.product : item.price.product.id,
                },
              },
            ],
          }
        : {}),
    });
    revalidatePath(`/w/${workspace.slug}`, "layout");
    return ok({ mode: "stripe", result: "requested", clientSecret: null });
  },
);
