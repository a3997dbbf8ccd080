// The refund and dispute reads of whichever provider this server uses. Apart from lib/payments/index.ts
// so the webhook handling (which the test-mode stand-in calls) can read them without an import cycle.
import "server-only";
import { getStripe } from "./config";
import { stripeReversalMethods } from "./stripe-reversals";
import { testModeReversalMethods } from "./test-mode-reversals";
import type { ReversalMethods } from "./types";

export function getReversalMethods(): ReversalMethods {
  const stripe = getStripe();
  return stripe ? stripeReversalMethods(stripe) : testModeReversalMethods;
}
