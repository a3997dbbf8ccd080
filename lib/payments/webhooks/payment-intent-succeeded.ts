import "server-only";
import type Stripe from "stripe";
import { fulfilPurchase } from "../fulfilment";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

/**
 * payment_intent.succeeded: an off-session charge (auto top-up) or a purchase with the card on file
 * went through, at once or after the card holder authenticated it. Credits are added keyed by the
 * PaymentIntent id, so the purchase's own confirmation in the page and this event add them once.
 * Checkout purchases are fulfilled from their checkout.session.* events instead.
 */
export async function handlePaymentIntentSucceeded(ctx: Deps, event: Stripe.Event): Promise<WebhookResult> {
  const intent = event.data.object as Stripe.PaymentIntent;
  const kind = intent.metadata?.kind;
  if (kind !== "auto_top_up" && kind !== "saved_card") return { handled: "paid_through_checkout" };
  const outcome = await fulfilPurchase(ctx, {
    paymentIntentId: intent.id,
    purchaseId: intent.metadata.purchaseId,
  });
  return { handled: outcome };
}
