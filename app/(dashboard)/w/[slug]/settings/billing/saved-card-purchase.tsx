"use client";

import { useEffect, useState } from "react";
import { finishSavedCardPurchaseAction } from "@/lib/actions/credits/finish-saved-card-purchase";
import { purchaseWithSavedCardAction } from "@/lib/actions/credits/purchase-with-saved-card";
import { getCardOnFileAction } from "@/lib/actions/payment-methods/get-card-on-file";
import { formatCents, type Quote } from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { ModalFooter } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form-message";
import { runAction } from "@/components/ui/run-action";
import { useInvalidateCredits } from "@/components/credits/credits-query";
import { stripeFor } from "./stripe-loader";

// Purchase Credits with the card on file: the card the purchase charges, the one confirmation that
// charges it, and what follows in the dialog: the bank's 3-D Secure step when it asks for one
// (Stripe.js in the page, or the test-mode stand-in's own step), then one confirmation of the outcome.

export type CardOnFile = { id: string; brand: string; last4: string };

export type SavedCardStep =
  | { kind: "authenticate"; purchaseId: string; clientSecret: string | null; quote: Quote }
  | { kind: "paid"; quote: Quote; card: CardOnFile };

/** The workspace's default card, read when the dialog opens (undefined while loading; null: none). */
export function useCardOnFile(workspaceId: string, open: boolean): CardOnFile | null | undefined {
  const [card, setCard] = useState<CardOnFile | null | undefined>(undefined);
  useEffect(() => {
    if (!open) return;
    let isCurrent = true;
    void runAction(() => getCardOnFileAction({ workspaceId })).then((result) => {
      // Without an answer the dialog falls back to Checkout, which always works.
      if (isCurrent) setCard(result.ok ? result.data : null);
    });
    return () => {
      isCurrent = false;
      setCard(undefined);
    };
  }, [workspaceId, open]);
  return card;
}

/** "Visa •••• 4242": how the dialog and Payment methods name a card. */
export function cardName(card: Pick<CardOnFile, "brand" | "last4">): string {
  return `${card.brand.charAt(0).toUpperCase()}${card.brand.slice(1)} •••• ${card.last4}`;
}

/** Under the price: which card Purchase charges. */
export function CardOnFileNote({ card }: { card: CardOnFile }) {
  return (
    <p
      className="rounded-lg px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200 ring-inset dark:text-slate-300 dark:ring-slate-700"
      data-testid="purchase-card"
    >
      Purchase charges {cardName(card)}, the workspace&apos;s default card (the one the subscription uses).
      Credits are added as soon as the payment is confirmed.
    </p>
  );
}

/** Charges the card on file for the quote: paid, a 3-D Secure step, or why not (a message). */
export function usePurchaseWithCard(workspaceId: string, onStep: (step: SavedCardStep) => void) {
  const invalidateCredits = useInvalidateCredits(workspaceId);
  const [message, setMessage] = useState<string | null>(null);
  async function purchase(card: CardOnFile, quote: Quote) {
    setMessage(null);
    const result = await runAction(() =>
      purchaseWithSavedCardAction({
        workspaceId,
        credits: quote.credits,
        paymentMethodId: card.id,
        requestId: crypto.randomUUID(),
      }),
    );
    void invalidateCredits();
    if (!result.ok) return setMessage(result.error.message);
    const outcome = result.data;
    if (outcome.status === "paid") return onStep({ kind: "paid", quote, card });
    if (outcome.status === "requires_action")
      return onStep({
        kind: "authenticate",
        purchaseId: outcome.purchaseId,
        clientSecret: outcome.clientSecret,
        quote,
      });
    if (outcome.status === "failed")
      return setMessage(`${outcome.message} Nothing was charged and no credits were added.`);
    setMessage("The payment is being confirmed by your bank. The balance updates as soon as it is.");
  }
  return { purchase, message, reset: () => setMessage(null) };
}

type AuthenticateProps = {
  workspaceId: string;
  step: Extract<SavedCardStep, { kind: "authenticate" }>;
  card: CardOnFile;
  publishableKey: string | null;
  isTestMode: boolean;
  onPaid: () => void;
  onClose: () => void;
};

/** The bank's 3-D Secure step, in the dialog. */
export function AuthenticateStep({
  workspaceId,
  step,
  card,
  publishableKey,
  isTestMode,
  onPaid,
  onClose,
}: AuthenticateProps) {
  const invalidateCredits = useInvalidateCredits(workspaceId);
  const [isPending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function finish(testOutcome?: "authenticate" | "fail") {
    setPending(true);
    setMessage(null);
    try {
      if (!isTestMode) {
        const stripe = publishableKey && step.clientSecret ? await stripeFor(publishableKey) : null;
        if (!stripe || !step.clientSecret)
          return setMessage(
            "Stripe could not be loaded to confirm this payment. Check your connection and try again.",
          );
        const handled = await stripe.handleNextAction({ clientSecret: step.clientSecret });
        if (handled.error)
          return setMessage(handled.error.message ?? "Your bank did not confirm the payment.");
      }
      const result = await runAction(() =>
        finishSavedCardPurchaseAction({
          workspaceId,
          purchaseId: step.purchaseId,
          ...(testOutcome ? { testOutcome } : {}),
        }),
      );
      void invalidateCredits();
      if (!result.ok) return setMessage(result.error.message);
      if (result.data.status === "paid") return onPaid();
      if (result.data.status === "failed")
        return setMessage(`${result.data.message} Nothing was charged and no credits were added.`);
      setMessage("The payment is being confirmed. The balance updates as soon as it is.");
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <div className="space-y-4 px-6 py-5">
        {isTestMode ? (
          <p className="flex items-center gap-2 text-xs font-semibold tracking-wide text-amber-800 uppercase dark:text-amber-200">
            <span className="rounded border border-dashed border-amber-500 px-1.5 py-0.5">Test mode</span>
            The bank&apos;s 3-D Secure check, simulated
          </p>
        ) : null}
        <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="authentication-step">
          Your bank asks you to confirm the payment of {formatCents(step.quote.priceCents)} for{" "}
          {formatCredits(step.quote.credits)} credits with {cardName(card)}. Nothing is charged until you do.
        </p>
        {message ? <FormMessage>{message}</FormMessage> : null}
      </div>
      <ModalFooter>
        {isTestMode ? (
          <>
            <Button variant="secondary" onClick={() => void finish("fail")} disabled={isPending}>
              Fail authentication
            </Button>
            <Button onClick={() => void finish("authenticate")} disabled={isPending}>
              {isPending ? "Confirming…" : "Complete authentication"}
            </Button>
          </>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose} disabled={isPending}>
              Not now
            </Button>
            <Button onClick={() => void finish()} disabled={isPending}>
              {isPending ? "Confirming…" : "Confirm with your bank"}
            </Button>
          </>
        )}
      </ModalFooter>
    </>
  );
}

/** The one confirmation after paying. */
export function PaidStep({
  step,
  onClose,
}: {
  step: Extract<SavedCardStep, { kind: "paid" }>;
  onClose: () => void;
}) {
  return (
    <>
      <div className="px-6 py-5">
        <FormMessage tone="success">
          <span data-testid="purchase-paid">
            Payment received: {formatCredits(step.quote.credits)} credits for{" "}
            {formatCents(step.quote.priceCents)}, charged to {cardName(step.card)}. The credits are in the
            balance and never expire.
          </span>
        </FormMessage>
      </div>
      <ModalFooter>
        <Button onClick={onClose}>Done</Button>
      </ModalFooter>
    </>
  );
}
