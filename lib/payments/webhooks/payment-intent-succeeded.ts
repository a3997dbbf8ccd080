import "server-only";
import type Stripe from "stripe";
import { fulfilPurchase } from "../fulfilment";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

/**
 * payment_intent.succeeded: an off-session charge (auto top-up) went through, at once or after
 * the owner authenticated it. Credits are added from here only, keyed by the PaymentIntent id.
 * Checkout purchases are fulfilled from their checkout.session.* events instead.
 */
export async function handlePaymentIntentSucceeded(ctx: Deps, event: Stripe.Event): Promise<WebhookResult> {
  const intent = event.data.object as Stripe.PaymentIntent;
  if (intent.metadata?.kind !== "auto_top_up") return { handled: "not_an_auto_top_up" };
  const outcome = await fulfilPurchase(ctx, {
    paymentIntentId: intent.id,
    purchaseId: intent.metadata.purchaseId,
  });
  return { handled: outcome };
}
