import "server-only";
import type Stripe from "stripe";
import { failPurchase } from "../fulfilment";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

/** checkout.session.expired: the buyer never paid; nothing is added. */
export async function handleCheckoutSessionExpired(ctx: Deps, event: Stripe.Event): Promise<WebhookResult> {
  const session = event.data.object as Stripe.Checkout.Session;
  const outcome = await failPurchase(
    ctx,
    { checkoutSessionId: session.id, purchaseId: session.metadata?.purchaseId },
    {
      status: "expired",
      code: "checkout_expired",
      message: "The checkout expired before it was paid.",
      eventId: event.id,
    },
  );
  return { handled: outcome };
}
