"use client";

import { EmbeddedCheckout, EmbeddedCheckoutProvider } from "@stripe/react-stripe-js";
import { stripeFor } from "./stripe-loader";

// Only ever loaded (through LazyStripeCheckout) when Stripe keys are configured and a checkout has
// been opened, so test mode never fetches Stripe.js.

type Props = { publishableKey: string; clientSecret: string };

/** Stripe Checkout, embedded in the page. When it completes Stripe sends the buyer to the return URL. */
export default function StripeEmbeddedCheckout({ publishableKey, clientSecret }: Props) {
  return (
    <div id="stripe-checkout" className="min-h-96">
      <EmbeddedCheckoutProvider stripe={stripeFor(publishableKey)} options={{ clientSecret }}>
        <EmbeddedCheckout />
      </EmbeddedCheckoutProvider>
    </div>
  );
}
