"use client";

import dynamic from "next/dynamic";
import { useEffect, useId, useState } from "react";
import { saveCardAction } from "@/lib/actions/credits/save-card";
import { startCardSetupAction } from "@/lib/actions/credits/start-card-setup";
import { TEST_PAYMENT_METHODS, type TestPaymentMethod } from "@/lib/payments/test-cards";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { FieldError } from "@/components/ui/field";
import { runAction } from "@/components/ui/run-action";
import { cn } from "@/components/ui/cn";

// Stripe.js is fetched only when a card is being added with Stripe configured.
const StripeCardSetup = dynamic(() => import("./stripe-card-setup"), {
  ssr: false,
  loading: () => (
    <p role="status" className="py-6 text-center text-sm text-slate-600 dark:text-slate-400">
      Loading secure card form…
    </p>
  ),
});

type Card = { brand: string; last4: string };

type Props = {
  workspaceId: string;
  card: Card | null;
  onSaved: (card: Card) => void;
  errors?: string[];
  publishableKey: string | null;
  isTestMode: boolean;
  /** True while a card is being added, so the dialog holds Save until it is on file. */
  onBusyChange: (isBusy: boolean) => void;
};

/** The card auto top-ups charge: confirmed when there is one, or a way to add one. */
export function CardOnFile({
  workspaceId,
  card,
  onSaved,
  errors,
  publishableKey,
  isTestMode,
  onBusyChange,
}: Props) {
  const ids = useId();
  const [step, setStep] = useState<
    { kind: "view" } | { kind: "test" } | { kind: "stripe"; clientSecret: string }
  >({ kind: "view" });
  const [isPending, setPending] = useState(false);
  const isBusy = isPending || step.kind !== "view";
  useEffect(() => onBusyChange(isBusy), [isBusy, onBusyChange]);
  const [message, setMessage] = useState<string | null>(null);
  const errorId = errors?.length ? `${ids}-error` : undefined;

  async function startAdding() {
    setMessage(null);
    setPending(true);
    const result = await runAction(() => startCardSetupAction({ workspaceId }));
    setPending(false);
    if (!result.ok) return setMessage(result.error.message);
    setStep(
      result.data.mode === "stripe"
        ? { kind: "stripe", clientSecret: result.data.clientSecret }
        : { kind: "test" },
    );
  }

  async function save(input: { setupIntentId?: string; testPaymentMethod?: TestPaymentMethod["id"] }) {
    setMessage(null);
    setPending(true);
    const result = await runAction(() => saveCardAction({ workspaceId, ...input }));
    setPending(false);
    if (!result.ok) return setMessage(result.error.message);
    onSaved(result.data);
    setStep({ kind: "view" });
  }

  return (
    <div
      role="group"
      aria-labelledby={`${ids}-label`}
      aria-describedby={errorId}
      className={cn(
        "rounded-lg p-4 ring-1 ring-inset",
        errorId ? "ring-red-500 dark:ring-red-400" : "ring-slate-200 dark:ring-slate-700",
      )}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p id={`${ids}-label`} className="text-sm font-medium text-slate-900 dark:text-white">
            Payment method
          </p>
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="auto-top-up-card">
            {card ? (
              <>
                <span className="capitalize">{card.brand}</span> •••• {card.last4} · the workspace&apos;s
                default card
              </>
            ) : (
              "No card on file yet."
            )}
          </p>
        </div>
        {step.kind === "view" ? (
          <Button variant="secondary" onClick={startAdding} disabled={isPending}>
            {card ? "Change card" : "Add a card"}
          </Button>
        ) : null}
      </div>
      {message ? <FormMessage className="mt-3">{message}</FormMessage> : null}
      {errorId ? <FieldError id={errorId} errors={errors ?? []} className="mt-2" /> : null}

      {step.kind === "test" ? (
        <fieldset className="mt-4" disabled={isPending}>
          <legend className="flex items-center gap-2 text-xs font-semibold tracking-wide text-amber-800 uppercase dark:text-amber-200">
            <span className="rounded border border-dashed border-amber-500 px-1.5 py-0.5">Test mode</span>
            Pick a test card
          </legend>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            Stripe is not configured, so no real card is charged. Each test card behaves like Stripe&apos;s.
          </p>
          <ul className="mt-3 grid gap-2">
            {TEST_PAYMENT_METHODS.map((method) => (
              <li key={method.id}>
                <button
                  type="button"
                  onClick={() => save({ testPaymentMethod: method.id })}
                  className="flex w-full items-center justify-between gap-3 rounded-md px-3 py-2 text-left text-sm ring-1 ring-slate-200 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:ring-slate-700 dark:hover:bg-slate-800/60"
                >
                  <span className="font-medium text-slate-900 tabular-nums dark:text-white">
                    Visa •••• {method.last4}
                  </span>
                  <span className="text-slate-600 dark:text-slate-400">{method.label}</span>
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="mt-3 text-sm font-medium text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
            onClick={() => setStep({ kind: "view" })}
          >
            {card ? "Keep the current card" : "Cancel"}
          </button>
        </fieldset>
      ) : null}

      {step.kind === "stripe" ? (
        <div className="mt-4">
          {publishableKey && !isTestMode ? (
            <StripeCardSetup
              publishableKey={publishableKey}
              clientSecret={step.clientSecret}
              isSaving={isPending}
              onConfirmed={(setupIntentId) => save({ setupIntentId })}
              onCancel={() => setStep({ kind: "view" })}
            />
          ) : (
            <FormMessage>
              Stripe&apos;s publishable key (STRIPE_PUBLISHABLE_KEY) is not configured, so the card form
              can&apos;t be shown.
            </FormMessage>
          )}
        </div>
      ) : null}
    </div>
  );
}
