import "server-only";
import type { Deps } from "@/lib/deps";
import { failPurchase, type FailOutcome } from "../fulfilment";
import { handleUnpaidCheckoutSession } from "./checkout-session-unpaid";

const CHECKOUT_EXPIRED = {
  status: "expired",
  code: "checkout_expired",
  message: "The checkout expired before it was paid.",
} as const;

/** checkout.session.expired: the buyer never paid; nothing is added. */
export const handleCheckoutSessionExpired = handleUnpaidCheckoutSession(CHECKOUT_EXPIRED);

/**
 * What checkout.session.expired does, for a session this server has just expired itself (Cancel on
 * the Credits card): applied at once; the webhook's own delivery then finds it done.
 */
export async function applyCheckoutExpiry(
  ctx: Deps,
  purchase: { id: string; checkoutSessionId: string },
): Promise<FailOutcome> {
  return failPurchase(
    ctx,
    { checkoutSessionId: purchase.checkoutSessionId, purchaseId: purchase.id },
    { ...CHECKOUT_EXPIRED, eventId: `expire:${purchase.checkoutSessionId}` },
  );
}
