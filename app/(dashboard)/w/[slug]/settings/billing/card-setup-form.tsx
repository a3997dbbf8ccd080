"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import type { ActionResult } from "@/lib/actions/action-client";
import type { TestPaymentMethod } from "@/lib/payments/test-cards";
import { FormMessage } from "@/components/ui/form-message";
import { runAction } from "@/components/ui/run-action";
import { TestCardPicker } from "./test-card-picker";

// Stripe.js is fetched only when a card is being added with Stripe configured.
const StripeCardSetup = dynamic(() => import("./stripe-card-setup"), {
  ssr: false,
  loading: () => (
    <p role="status" className="py-6 text-center text-sm text-slate-600 dark:text-slate-400">
      Loading secure card form…
    </p>
  ),
});

type Props = {
  setup: ReturnType<typeof useCardSetup<unknown>>;
  publishableKey: string | null;
  isTestMode: boolean;
  /** The test card picker's legend and its way back. */
  legend: string;
  cancelLabel: string;
  className?: string;
};

/**
 * The card being added: the test card picker (test mode) or Stripe Elements, or why the form can't be
 * shown; nothing while no card is being added.
 */
export function CardSetupSteps({ setup, publishableKey, isTestMode, legend, cancelLabel, className }: Props) {
  const { step, isPending } = setup;
  if (step.kind === "test")
    return (
      <TestCardPicker
        className={className}
        legend={legend}
        isPending={isPending}
        onPick={(id) => void setup.save({ testPaymentMethod: id })}
        cancelLabel={cancelLabel}
        onCancel={setup.cancel}
      />
    );
  if (step.kind !== "stripe") return null;
  return (
    <div className={className}>
      {!publishableKey || isTestMode ? (
        <FormMessage>
          Stripe&apos;s publishable key (STRIPE_PUBLISHABLE_KEY) is not configured, so the card form
          can&apos;t be shown.
        </FormMessage>
      ) : (
        <StripeCardSetup
          publishableKey={publishableKey}
          clientSecret={step.clientSecret}
          isSaving={isPending}
          onConfirmed={(setupIntentId) => void setup.save({ setupIntentId })}
          onCancel={setup.cancel}
        />
      )}
    </div>
  );
}

export type CardSetupStep = { kind: "idle" } | { kind: "test" } | { kind: "stripe"; clientSecret: string };
type CardInput = { setupIntentId?: string; testPaymentMethod?: TestPaymentMethod["id"] };
type Started = { mode: "stripe"; clientSecret: string } | { mode: "test" };

/**
 * Adding a card, step by step: start (a SetupIntent, or the test card picker), then keep the card
 * Elements confirmed or the test card picked. Shared by Payment methods and the Auto Top Up dialog.
 */
export function useCardSetup<T>(
  start: () => Promise<ActionResult<Started>>,
  keep: (input: CardInput) => Promise<ActionResult<T>>,
  onKept: (data: T) => void,
) {
  const [step, setStep] = useState<CardSetupStep>({ kind: "idle" });
  const [isPending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function begin() {
    setMessage(null);
    setPending(true);
    const result = await runAction(start);
    setPending(false);
    if (!result.ok) return setMessage(result.error.message);
    setStep(
      result.data.mode === "stripe"
        ? { kind: "stripe", clientSecret: result.data.clientSecret }
        : { kind: "test" },
    );
  }

  async function save(input: CardInput) {
    setMessage(null);
    setPending(true);
    const result = await runAction(() => keep(input));
    setPending(false);
    if (!result.ok) return setMessage(result.error.message);
    setStep({ kind: "idle" });
    onKept(result.data);
  }

  return { step, isPending, message, begin, save, cancel: () => setStep({ kind: "idle" }) };
}
