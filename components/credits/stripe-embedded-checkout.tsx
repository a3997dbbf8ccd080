"use client";

import { EmbeddedCheckout, EmbeddedCheckoutProvider } from "@stripe/react-stripe-js";
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";

// Only ever loaded (with next/dynamic) when Stripe keys are configured and a checkout has been
// opened, so test mode never fetches Stripe.js. The /pure entry point waits for loadStripe()
// instead of injecting the script as soon as the module is imported.

const loaded = new Map<string, Promise<Stripe | null>>();

function stripeFor(publishableKey: string): Promise<Stripe | null> {
  let promise = loaded.get(publishableKey);
  if (!promise) {
    promise = loadStripe(publishableKey);
    loaded.set(publishableKey, promise);
  }
  return promise;
}

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
