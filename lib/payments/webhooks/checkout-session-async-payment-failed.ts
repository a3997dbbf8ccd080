import "server-only";
import { handleUnpaidCheckoutSession } from "./checkout-session-unpaid";

/** checkout.session.async_payment_failed: a delayed payment method did not settle. */
export const handleCheckoutSessionAsyncPaymentFailed = handleUnpaidCheckoutSession({
  status: "failed",
  code: "async_payment_failed",
  message: "The payment did not go through.",
});
