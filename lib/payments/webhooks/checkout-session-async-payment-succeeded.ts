import "server-only";
import type Stripe from "stripe";
import type { Deps } from "@/lib/deps";
import { fulfilCheckoutSession } from "./checkout-session-completed";
import type { WebhookResult } from "./types";

/** checkout.session.async_payment_succeeded: a delayed payment method settled. */
export async function handleCheckoutSessionAsyncPaymentSucceeded(
  ctx: Deps,
  event: Stripe.Event,
): Promise<WebhookResult> {
  return fulfilCheckoutSession(ctx, event.data.object as Stripe.Checkout.Session);
}
