import "server-only";
import type Stripe from "stripe";
import { fulfilPurchase } from "../fulfilment";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

/** checkout.session.async_payment_succeeded: a delayed payment method settled. */
export async function handleCheckoutSessionAsyncPaymentSucceeded(
  ctx: Deps,
  event: Stripe.Event,
): Promise<WebhookResult> {
  const session = event.data.object as Stripe.Checkout.Session;
  const outcome = await fulfilPurchase(ctx, {
    checkoutSessionId: session.id,
    purchaseId: session.metadata?.purchaseId,
    paymentIntentId:
      typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id,
  });
  return { handled: outcome };
}
