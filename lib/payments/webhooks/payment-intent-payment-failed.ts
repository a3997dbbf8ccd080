import "server-only";
import type Stripe from "stripe";
import { failPurchase } from "../fulfilment";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

/** payment_intent.payment_failed: a card was declined (the buyer may still retry and succeed). */
export async function handlePaymentIntentPaymentFailed(
  ctx: Deps,
  event: Stripe.Event,
): Promise<WebhookResult> {
  const intent = event.data.object as Stripe.PaymentIntent;
  const error = intent.last_payment_error;
  const outcome = await failPurchase(
    ctx,
    { paymentIntentId: intent.id, purchaseId: intent.metadata?.purchaseId },
    {
      status: "failed",
      code: error?.decline_code ?? error?.code ?? "payment_failed",
      message: error?.message ?? "The payment was declined.",
      eventId: event.id,
    },
  );
  return { handled: outcome };
}
