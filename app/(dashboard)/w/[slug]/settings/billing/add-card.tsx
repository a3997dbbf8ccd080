"use client";

import { addPaymentMethodAction } from "@/lib/actions/payment-methods/add-payment-method";
import { startAddingCardAction } from "@/lib/actions/payment-methods/start-adding-card";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { CardSetupSteps, useCardSetup } from "./card-setup-form";

type Props = {
  workspaceId: string;
  publishableKey: string | null;
  isTestMode: boolean;
  onAdded: () => void;
};

/** Payment methods' "Add a card": Stripe Elements (a SetupIntent), or the test-mode card picker. */
export function AddCard({ workspaceId, publishableKey, isTestMode, onAdded }: Props) {
  const setup = useCardSetup(
    () => startAddingCardAction({ workspaceId }),
    (input) => addPaymentMethodAction({ workspaceId, ...input }),
    onAdded,
  );
  const { step, isPending, message } = setup;

  return (
    <div>
      {message ? <FormMessage className="mb-3">{message}</FormMessage> : null}
      {step.kind === "idle" ? (
        <Button variant="secondary" onClick={() => void setup.begin()} disabled={isPending}>
          {isPending ? "Opening…" : "Add a card"}
        </Button>
      ) : null}
      <CardSetupSteps
        setup={setup}
        publishableKey={publishableKey}
        isTestMode={isTestMode}
        legend="Pick a test card to add"
        cancelLabel="Cancel"
      />
    </div>
  );
}
