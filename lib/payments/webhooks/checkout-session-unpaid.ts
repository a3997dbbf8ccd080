// A checkout that ended without payment (it expired, or its delayed payment method failed): the
// purchase records why and owners and admins hear of it; nothing is added. The events differ only in
// what they say, so one function makes the handler for both.
import "server-only";
import type Stripe from "stripe";
import { failPurchase } from "../fulfilment";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

export function handleUnpaidCheckoutSession(failure: {
  status: "failed" | "expired";
  code: string;
  message: string;
}) {
  return async (ctx: Deps, event: Stripe.Event): Promise<WebhookResult> => {
    const session = event.data.object as Stripe.Checkout.Session;
    const outcome = await failPurchase(
      ctx,
      { checkoutSessionId: session.id, purchaseId: session.metadata?.purchaseId },
      { ...failure, eventId: event.id },
    );
    return { handled: outcome };
  };
}
