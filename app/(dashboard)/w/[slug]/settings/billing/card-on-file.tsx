"use client";

import { useEffect, useId } from "react";
import { saveCardAction } from "@/lib/actions/credits/save-card";
import { startCardSetupAction } from "@/lib/actions/credits/start-card-setup";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { FieldError } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { CardSetupSteps, useCardSetup } from "./card-setup-form";

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
  const setup = useCardSetup(
    () => startCardSetupAction({ workspaceId }),
    (input) => saveCardAction({ workspaceId, ...input }),
    onSaved,
  );
  const { step, isPending, message } = setup;
  const isBusy = isPending || step.kind !== "idle";
  useEffect(() => onBusyChange(isBusy), [isBusy, onBusyChange]);
  const errorId = errors?.length ? `${ids}-error` : undefined;

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
        {step.kind === "idle" ? (
          <Button variant="secondary" onClick={() => void setup.begin()} disabled={isPending}>
            {card ? "Change card" : "Add a card"}
          </Button>
        ) : null}
      </div>
      {message ? <FormMessage className="mt-3">{message}</FormMessage> : null}
      {errorId ? <FieldError id={errorId} errors={errors ?? []} className="mt-2" /> : null}

      <CardSetupSteps
        setup={setup}
        publishableKey={publishableKey}
        isTestMode={isTestMode}
        legend="Pick a test card"
        cancelLabel={card ? "Keep the current card" : "Cancel"}
        className="mt-4"
      />
    </div>
  );
}
