import type { ReactNode } from "react";

/** The plain marker on every test-mode payments page: no money moves here. */
export function TestModeBanner({ children }: { children?: ReactNode }) {
  return (
    <div
      role="note"
      aria-label="Test mode"
      className="rounded-xl border-2 border-dashed border-amber-400 bg-amber-50 px-5 py-4 text-amber-900 dark:border-amber-500/60 dark:bg-amber-500/10 dark:text-amber-100"
    >
      <p className="text-lg font-bold tracking-tight uppercase">Test mode</p>
      <p className="mt-1 text-sm">
        No real payment; Stripe is not configured.{" "}
        {children ??
          "Pay or decline with one of Stripe's test cards. The result goes through the same webhook handling as a real Stripe payment."}
      </p>
    </div>
  );
}
