"use client";

import dynamic from "next/dynamic";

/** Stripe's embedded checkout, whose code is fetched only when a checkout is actually opened. */
export const LazyStripeCheckout = dynamic(() => import("./stripe-embedded-checkout"), {
  ssr: false,
  loading: () => (
    <p role="status" className="px-6 py-10 text-center text-sm text-slate-600 dark:text-slate-400">
      Loading secure checkout…
    </p>
  ),
});
