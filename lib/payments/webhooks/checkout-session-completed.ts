import "server-only";
import type Stripe from "stripe";
import { fulfilPurchase } from "../fulfilment";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

/** Adds what a paid checkout session bought, once (completed now, or its delayed payment settled). */
export async function fulfilCheckoutSession(
  ctx: Deps,
  session: Stripe.Checkout.Session,
): Promise<WebhookResult> {
  const outcome = await fulfilPurchase(ctx, {
    checkoutSessionId: session.id,
    purchaseId: session.metadata?.purchaseId,
    paymentIntentId:
      typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id,
  });
  return { handled: outcome };
}

/** checkout.session.completed: paid now (cards) or later (async methods, see async_payment_succeeded). */
export async function handleCheckoutSessionCompleted(ctx: Deps, event: Stripe.Event): Promise<WebhookResult> {
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.payment_status !== "paid") return { handled: "waiting_for_payment" };
  return fulfilCheckoutSession(ctx, session);
}
