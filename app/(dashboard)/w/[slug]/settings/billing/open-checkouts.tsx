"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { cancelCheckoutAction } from "@/lib/actions/credits/cancel-checkout";
import { resumeCheckoutAction } from "@/lib/actions/credits/resume-checkout";
import { formatCents } from "@/lib/billing/top-ups";
import type { OpenCheckout } from "@/lib/credits/summary";
import { formatCredits, formatDateTime } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form-message";
import { runAction } from "@/components/ui/run-action";
import { EmbeddedCheckoutPanel } from "./lazy-stripe-checkout";
import { useInvalidateCredits } from "@/components/credits/credits-query";

type Props = {
  checkouts: OpenCheckout[];
  workspace: { id: string; timeZone: string };
  publishableKey: string | null;
};

/**
 * Checkouts started and left unpaid, on the Credits card: each can be resumed (the same checkout
 * session, while it is open) or cancelled (the session is expired; nothing was charged).
 */
export function OpenCheckouts({ checkouts, workspace, publishableKey }: Props) {
  const router = useRouter();
  const invalidateCredits = useInvalidateCredits(workspace.id);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [embedded, setEmbedded] = useState<{ clientSecret: string; title: string } | null>(null);
  if (checkouts.length === 0) return null;

  async function resume(checkout: OpenCheckout) {
    setBusy(checkout.id);
    setError(null);
    const result = await runAction(() =>
      resumeCheckoutAction({ workspaceId: workspace.id, purchaseId: checkout.id }),
    );
    if (!result.ok) {
      setBusy(null);
      setError(result.error.message);
      void invalidateCredits();
      return;
    }
    const { checkout: session, credits, amountCents } = result.data;
    if (session.kind === "redirect") return router.push(session.url);
    setBusy(null);
    setEmbedded({
      clientSecret: session.clientSecret,
      title: `${formatCredits(credits)} credits for ${formatCents(amountCents)}`,
    });
  }

  async function cancel(checkout: OpenCheckout) {
    setBusy(checkout.id);
    setError(null);
    const result = await runAction(() =>
      cancelCheckoutAction({ workspaceId: workspace.id, purchaseId: checkout.id }),
    );
    setBusy(null);
    if (!result.ok) setError(result.error.message);
    void invalidateCredits();
  }

  return (
    <section aria-label="Unfinished payments" className="mb-4 space-y-2" data-testid="open-checkouts">
      {error ? <FormMessage>{error}</FormMessage> : null}
      <ul className="space-y-2">
        {checkouts.map((checkout) => (
          <li
            key={checkout.id}
            className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900 dark:bg-indigo-500/10 dark:text-indigo-100"
            data-testid="open-checkout"
          >
            <p className="min-w-0">
              <span className="font-medium">
                {formatCredits(checkout.credits)} credits for{" "}
                {formatCents(checkout.amountCents, checkout.currency)}
              </span>{" "}
              not paid yet · started{" "}
              <time dateTime={checkout.createdAt} suppressHydrationWarning>
                {formatDateTime(checkout.createdAt, workspace.timeZone)}
              </time>
              {checkout.lastDecline ? (
                <span className="block text-xs">Last card tried: {checkout.lastDecline}</span>
              ) : null}
            </p>
            <span className="flex gap-2">
              <Button variant="secondary" onClick={() => void cancel(checkout)} disabled={busy !== null}>
                {busy === checkout.id ? "Working…" : "Cancel"}
              </Button>
              <Button onClick={() => void resume(checkout)} disabled={busy !== null}>
                Resume payment
              </Button>
            </span>
          </li>
        ))}
      </ul>
      <Modal
        open={embedded !== null}
        onOpenChange={(open) => (open ? undefined : setEmbedded(null))}
        title="Resume payment"
        description={embedded ? `${embedded.title}. Pay securely with Stripe.` : undefined}
        width="max-w-2xl"
      >
        {embedded ? (
          <EmbeddedCheckoutPanel publishableKey={publishableKey} clientSecret={embedded.clientSecret} />
        ) : null}
      </Modal>
    </section>
  );
}
