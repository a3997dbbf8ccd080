"use client";

import Link from "next/link";
import { useState } from "react";
import type { TopUpEligibility } from "@/lib/billing/plans";
import { formatCents } from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { FormMessage } from "@/components/ui/form-message";
import { buttonClasses } from "@/components/ui/button";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { EmbeddedCheckoutPanel } from "./lazy-stripe-checkout";
import { ChooseAmount } from "./choose-amount";
import {
  AuthenticateStep,
  CardOnFileNote,
  PaidStep,
  useCardOnFile,
  usePurchaseWithCard,
  type SavedCardStep,
} from "./saved-card-purchase";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  workspaceId: string;
  slug: string;
  eligibility: TopUpEligibility;
  /** Stripe's publishable key when Stripe is configured; null in test mode. */
  publishableKey: string | null;
  isTestMode: boolean;
};

type Step =
  | { kind: "choose" }
  | { kind: "embedded"; clientSecret: string; credits: number; amountCents: number }
  | SavedCardStep;

/**
 * Purchase Credits: pick a bundle or enter an amount and see the price. With a card on file,
 * Purchase charges it at once (the bank's 3-D Secure step, if it asks, in the dialog); "Use another
 * card", or no card on file, pays in Stripe's embedded checkout (or the test-mode checkout page when
 * Stripe is not configured). Nothing is added until the payment is confirmed.
 */
export function PurchaseCreditsDialog({
  open,
  onOpenChange,
  workspaceId,
  slug,
  eligibility,
  publishableKey,
  isTestMode,
}: Props) {
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const card = useCardOnFile(workspaceId, open && eligibility.ok);
  const withCard = usePurchaseWithCard(workspaceId, setStep);

  function onChange(next: boolean) {
    onOpenChange(next);
    // Start over next time: a new purchase, a new checkout.
    if (!next) {
      setStep({ kind: "choose" });
      withCard.reset();
    }
  }

  return (
    <Modal
      open={open}
      onOpenChange={onChange}
      title="Purchase Credits"
      description={
        step.kind === "embedded"
          ? `${formatCredits(step.credits)} credits for ${formatCents(step.amountCents)}. Pay securely with Stripe.`
          : "Top-up credits (also called tokens) are shared by the whole workspace and never expire."
      }
      width={step.kind === "embedded" ? "max-w-2xl" : "max-w-lg"}
    >
      {!eligibility.ok ? (
        <NotEligible message={eligibility.message} slug={slug} onClose={() => onChange(false)} />
      ) : step.kind === "paid" ? (
        <PaidStep step={step} onClose={() => onChange(false)} />
      ) : step.kind === "authenticate" && card ? (
        <AuthenticateStep
          workspaceId={workspaceId}
          step={step}
          card={card}
          publishableKey={publishableKey}
          isTestMode={isTestMode}
          onPaid={() => setStep({ kind: "paid", quote: step.quote, card })}
          onClose={() => onChange(false)}
        />
      ) : card === undefined ? (
        <p role="status" className="px-6 py-10 text-center text-sm text-slate-600 dark:text-slate-400">
          Loading…
        </p>
      ) : step.kind === "embedded" ? (
        <EmbeddedCheckoutPanel publishableKey={publishableKey} clientSecret={step.clientSecret} />
      ) : (
        <>
          {withCard.message ? <FormMessage className="mx-6 mt-5">{withCard.message}</FormMessage> : null}
          <ChooseAmount
            workspaceId={workspaceId}
            isTestMode={isTestMode}
            onCancel={() => onChange(false)}
            onEmbedded={(next) => setStep({ kind: "embedded", ...next })}
            cardOnFile={
              card
                ? {
                    note: <CardOnFileNote card={card} />,
                    onPurchase: (quote) => withCard.purchase(card, quote),
                  }
                : null
            }
          />
        </>
      )}
    </Modal>
  );
}

function NotEligible({ message, slug, onClose }: { message: string; slug: string; onClose: () => void }) {
  return (
    <>
      <div className="space-y-3 px-6 py-5">
        <FormMessage tone="info">
          <p className="font-medium text-slate-900 dark:text-white">You can&apos;t buy credits yet</p>
          <p className="mt-1" data-testid="purchase-ineligible-reason">
            {message}
          </p>
        </FormMessage>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          A paid plan adds monthly credits for the whole team and lets owners and admins buy top-ups whenever
          they need more.
        </p>
      </div>
      <ModalFooter>
        <button type="button" className={buttonClasses("secondary")} onClick={onClose}>
          Not now
        </button>
        <Link
          href={`/w/${slug}/settings/billing#plan`}
          className={buttonClasses("primary")}
          onClick={onClose}
        >
          Upgrade your plan
        </Link>
      </ModalFooter>
    </>
  );
}
