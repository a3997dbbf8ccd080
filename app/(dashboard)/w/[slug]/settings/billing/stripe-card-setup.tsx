"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { usePrefersDark } from "@/components/ui/use-prefers-dark";
import { stripeFor } from "./stripe-loader";

// Adding the card auto top-ups charge: Stripe Elements confirms a SetupIntent in the browser (with
// any authentication the bank asks for), then the server checks it with Stripe and keeps the card.

type Props = {
  publishableKey: string;
  clientSecret: string;
  isSaving: boolean;
  onConfirmed: (setupIntentId: string) => void;
  onCancel: () => void;
};

export default function StripeCardSetup({ publishableKey, clientSecret, ...rest }: Props) {
  // Elements draws in Stripe's iframe, out of reach of dark: classes: follow the system with its
  // own themes (changes are passed on to the mounted form).
  const isDark = usePrefersDark();
  const appearance = {
    theme: isDark ? "night" : "stripe",
    variables: { colorPrimary: isDark ? "#818cf8" : "#4f46e5", borderRadius: "6px" },
  } as const;
  return (
    <Elements stripe={stripeFor(publishableKey)} options={{ clientSecret, appearance }}>
      <CardForm {...rest} />
    </Elements>
  );
}

function CardForm({ isSaving, onConfirmed, onCancel }: Omit<Props, "publishableKey" | "clientSecret">) {
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState<string | null>(null);
  const [isConfirming, setConfirming] = useState(false);

  async function confirm() {
    if (!stripe || !elements) return;
    setError(null);
    setConfirming(true);
    const result = await stripe.confirmSetup({
      elements,
      redirect: "if_required",
      confirmParams: { return_url: window.location.href },
    });
    setConfirming(false);
    if (result.error) return setError(result.error.message ?? "The card could not be saved.");
    onConfirmed(result.setupIntent.id);
  }

  return (
    <div className="space-y-3">
      <PaymentElement />
      {error ? <FormMessage>{error}</FormMessage> : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel} disabled={isConfirming || isSaving}>
          Cancel
        </Button>
        <Button onClick={confirm} disabled={!stripe || isConfirming || isSaving}>
          {isConfirming || isSaving ? "Saving card…" : "Save card"}
        </Button>
      </div>
    </div>
  );
}
