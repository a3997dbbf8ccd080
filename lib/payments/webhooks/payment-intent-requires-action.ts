import "server-only";
import type Stripe from "stripe";
import { failPurchase } from "../fulfilment";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

/**
 * payment_intent.requires_action: the bank wants the card holder to authenticate an auto top-up.
 * The attempt counts as failed (reason authentication_required); owners get a link to finish it.
 */
export async function handlePaymentIntentRequiresAction(
  ctx: Deps,
  event: Stripe.Event,
): Promise<WebhookResult> {
  const intent = event.data.object as Stripe.PaymentIntent;
  if (intent.metadata?.kind !== "auto_top_up") return { handled: "not_an_auto_top_up" };
  const outcome = await failPurchase(
    ctx,
    { paymentIntentId: intent.id, purchaseId: intent.metadata.purchaseId },
    {
      status: "failed",
      code: "authentication_required",
      message: "Your bank asks you to confirm this payment.",
      eventId: event.id,
    },
  );
  return { handled: outcome };
}
