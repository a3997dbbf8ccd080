"use client";

import { loadStripe } from "@stripe/stripe-js/pure";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { completeTestAuthenticationAction } from "@/lib/actions/credits/complete-test-authentication";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { runAction } from "@/components/ui/run-action";

type Props = {
  workspaceId: string;
  purchaseId: string;
  isTestMode: boolean;
  publishableKey: string | null;
  authentication: { clientSecret: string; paymentMethodId: string | null } | null;
};

/** Finishes a payment the bank wants authenticated: Stripe's own flow, or the test-mode button. */
export function FinishPayment({
  workspaceId,
  purchaseId,
  isTestMode,
  publishableKey,
  authentication,
}: Props) {
  const router = useRouter();
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isDone, setDone] = useState(false);

  async function finish() {
    setError(null);
    setPending(true);
    try {
      if (isTestMode) {
        const result = await runAction(() => completeTestAuthenticationAction({ workspaceId, purchaseId }));
        if (!result.ok) return setError(result.error.message);
      } else {
        if (!publishableKey || !authentication)
          return setError("Stripe could not prepare this payment for authentication. Try again later.");
        const stripe = await loadStripe(publishableKey);
        if (!stripe) return setError("Stripe could not be loaded. Check your connection and try again.");
        const result = await stripe.confirmCardPayment(
          authentication.clientSecret,
          authentication.paymentMethodId ? { payment_method: authentication.paymentMethodId } : undefined,
        );
        if (result.error) return setError(result.error.message ?? "The payment was not authenticated.");
      }
      setDone(true);
      router.refresh();
    } finally {
      setPending(false);
    }
  }

  if (isDone)
    return (
      <FormMessage tone="success">
        Authenticated. The credits are added as soon as the payment is confirmed.
      </FormMessage>
    );
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Nothing was charged yet. Confirm the payment with your bank to add the credits.
      </p>
      {error ? <FormMessage>{error}</FormMessage> : null}
      <Button onClick={finish} disabled={isPending}>
        {isPending ? "Confirming…" : isTestMode ? "Complete authentication" : "Authenticate payment"}
      </Button>
    </div>
  );
}
