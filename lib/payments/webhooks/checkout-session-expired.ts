import "server-only";
import { handleUnpaidCheckoutSession } from "./checkout-session-unpaid";

/** checkout.session.expired: the buyer never paid; nothing is added. */
export const handleCheckoutSessionExpired = handleUnpaidCheckoutSession({
  status: "expired",
  code: "checkout_expired",
  message: "The checkout expired before it was paid.",
});
