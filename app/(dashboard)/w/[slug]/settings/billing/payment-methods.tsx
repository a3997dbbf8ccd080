"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { makeDefaultPaymentMethodAction } from "@/lib/actions/payment-methods/make-default-payment-method";
import { removePaymentMethodAction } from "@/lib/actions/payment-methods/remove-payment-method";
import type { SavedCard } from "@/lib/payments/types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormMessage } from "@/components/ui/form-message";
import { runAction } from "@/components/ui/run-action";
import { AddCard } from "./add-card";
import { cardName } from "./saved-card-purchase";

type ListedCard = SavedCard & { keptBecause: string | null };

type Props = {
  workspaceId: string;
  /** Null when the provider could not be reached. */
  cards: ListedCard[] | null;
  publishableKey: string | null;
  isTestMode: boolean;
};

/**
 * Payment methods: the cards on file, the default one (which the subscription, purchases and auto
 * top-up charge) marked; add a card, make one the default, remove one (after a confirmation).
 */
export function PaymentMethods({ workspaceId, cards, publishableKey, isTestMode }: Props) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ListedCard | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);

  async function makeDefault(card: ListedCard) {
    setBusy(card.id);
    setMessage(null);
    const result = await runAction(() =>
      makeDefaultPaymentMethodAction({ workspaceId, paymentMethodId: card.id }),
    );
    setBusy(null);
    if (!result.ok) return setMessage(result.error.message);
    router.refresh();
  }

  async function remove() {
    if (!removing) return;
    setBusy(removing.id);
    setRemoveError(null);
    const result = await runAction(() =>
      removePaymentMethodAction({ workspaceId, paymentMethodId: removing.id }),
    );
    setBusy(null);
    if (!result.ok) return setRemoveError(result.error.message);
    setRemoving(null);
    router.refresh();
  }

  return (
    <Card aria-labelledby="payment-methods-heading" data-testid="payment-methods" className="mt-6">
      <CardHeader className="py-3.5">
        <div className="min-w-0">
          <h2 id="payment-methods-heading" className="text-base font-semibold text-slate-900 dark:text-white">
            Payment methods
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            The default card pays for the subscription, credit purchases and auto top-up.
          </p>
        </div>
      </CardHeader>
      <CardBody className="space-y-4">
        {message ? <FormMessage>{message}</FormMessage> : null}
        {cards === null ? (
          <FormMessage>
            The cards on file can&apos;t be read right now. Reload the page to try again.
          </FormMessage>
        ) : cards.length === 0 ? (
          <EmptyState title="No card on file">
            Add a card to buy credits in one step. Purchases, the subscription and auto top-up use the default
            card.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Cards on file">
            {cards.map((card) => (
              <li
                key={card.id}
                className="flex flex-wrap items-center justify-between gap-3 py-3"
                data-testid="payment-method"
                aria-label={cardName(card)}
              >
                <div className="min-w-0">
                  <p className="flex items-center gap-2 text-sm font-medium text-slate-900 tabular-nums dark:text-white">
                    {cardName(card)}
                    {card.isDefault ? <Badge tone="accent">Default</Badge> : null}
                  </p>
                  <p className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
                    Expires {String(card.expMonth).padStart(2, "0")}/{card.expYear}
                  </p>
                  {card.keptBecause ? (
                    <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{card.keptBecause}</p>
                  ) : null}
                </div>
                <div className="flex gap-2">
                  {!card.isDefault ? (
                    <Button
                      variant="secondary"
                      onClick={() => void makeDefault(card)}
                      disabled={busy !== null}
                    >
                      {busy === card.id ? "Saving…" : "Make default"}
                    </Button>
                  ) : null}
                  {card.keptBecause ? null : (
                    <Button
                      variant="ghost"
                      onClick={() => {
                        setRemoveError(null);
                        setRemoving(card);
                      }}
                      disabled={busy !== null}
                      aria-label={`Remove ${cardName(card)}`}
                    >
                      Remove
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
        {cards !== null ? (
          <AddCard
            workspaceId={workspaceId}
            publishableKey={publishableKey}
            isTestMode={isTestMode}
            onAdded={() => router.refresh()}
          />
        ) : null}
      </CardBody>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => (open ? undefined : setRemoving(null))}
        title={removing ? `Remove ${cardName(removing)}?` : "Remove card?"}
        description="The card is taken off the workspace. Purchases already paid with it are not affected."
        confirmLabel="Remove card"
        pendingLabel="Removing…"
        isPending={busy !== null}
        onConfirm={() => void remove()}
        error={removeError}
      />
    </Card>
  );
}
