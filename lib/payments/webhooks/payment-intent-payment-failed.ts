import "server-only";
import type Stripe from "stripe";
import { failPurchase, noteCheckoutDecline } from "../fulfilment";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

/**
 * payment_intent.payment_failed: a card was declined. An auto top-up's charge has failed (owners
 * are told); a purchase with the card on file has failed, and its buyer was told in the page; a
 * decline inside an open Checkout is only noted, since the buyer may still pay with another card
 * (the checkout's own end, paid or expired, is what counts).
 */
export async function handlePaymentIntentPaymentFailed(
  ctx: Deps,
  event: Stripe.Event,
): Promise<WebhookResult> {
  const intent = event.data.object as Stripe.PaymentIntent;
  const error = intent.last_payment_error;
  const ref = { paymentIntentId: intent.id, purchaseId: intent.metadata?.purchaseId };
  const decline = {
    code: error?.decline_code ?? error?.code ?? "payment_failed",
    message: error?.message ?? "The payment was declined.",
  };
  const kind = intent.metadata?.kind;
  if (kind !== "auto_top_up" && kind !== "saved_card")
    return { handled: await noteCheckoutDecline(ctx, ref, decline) };
  const outcome = await failPurchase(ctx, ref, {
    status: "failed",
    ...decline,
    eventId: event.id,
    notify: kind === "auto_top_up",
  });
  return { handled: outcome };
}
