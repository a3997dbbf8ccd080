import "server-only";
import type Stripe from "stripe";
import { failPurchase } from "../fulfilment";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

/** checkout.session.async_payment_failed: a delayed payment method did not settle. */
export async function handleCheckoutSessionAsyncPaymentFailed(
  ctx: Deps,
  event: Stripe.Event,
): Promise<WebhookResult> {
  const session = event.data.object as Stripe.Checkout.Session;
  const outcome = await failPurchase(
    ctx,
    { checkoutSessionId: session.id, purchaseId: session.metadata?.purchaseId },
    {
      status: "failed",
      code: "async_payment_failed",
      message: "The payment did not go through.",
      eventId: event.id,
    },
  );
  return { handled: outcome };
}
