"use client";

import dynamic from "next/dynamic";
import { FormMessage } from "@/components/ui/form-message";

/** Stripe's embedded checkout, whose code is fetched only when a checkout is actually opened. */
export const LazyStripeCheckout = dynamic(() => import("./stripe-embedded-checkout"), {
  ssr: false,
  loading: () => (
    <p role="status" className="px-6 py-10 text-center text-sm text-slate-600 dark:text-slate-400">
      Loading secure checkout…
    </p>
  ),
});

/** The embedded checkout in a dialog, or why it can't be shown (no publishable key configured). */
export function EmbeddedCheckoutPanel({
  publishableKey,
  clientSecret,
}: {
  publishableKey: string | null;
  clientSecret: string;
}) {
  return (
    <div className="p-2 sm:p-4">
      {publishableKey ? (
        <LazyStripeCheckout publishableKey={publishableKey} clientSecret={clientSecret} />
      ) : (
        <FormMessage className="m-4">
          Stripe&apos;s publishable key (STRIPE_PUBLISHABLE_KEY) is not configured, so the checkout can&apos;t
          be shown. Nothing was charged.
        </FormMessage>
      )}
    </div>
  );
}
