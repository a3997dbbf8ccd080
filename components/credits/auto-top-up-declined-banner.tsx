"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { retryAutoTopUpAction } from "@/lib/actions/credits/retry-auto-top-up";
import { describeFailure } from "@/lib/billing/auto-top-up";
import { formatCents } from "@/lib/billing/top-ups";
import type { AutoTopUpStatus } from "@/lib/credits/auto-top-up-status";
import { formatCredits, formatDateTime } from "@/lib/format";
import { Button, buttonClasses } from "@/components/ui/button";
import { runAction } from "@/components/ui/run-action";
import { useInvalidateCredits } from "./credits-query";

/** The query parameter that opens the Auto Top-Up dialog on the billing page, to change its card. */
export const UPDATE_CARD_PARAM = "update-card";

type Props = {
  status: AutoTopUpStatus;
  workspace: { id: string; slug: string; timeZone: string };
  /** Owners and admins may retry and change the card; others are told whom to ask. */
  canManage: boolean;
};

/** True when the last auto top-up was declined (not waiting for the card holder to authenticate). */
function isAutoTopUpDeclined(status: AutoTopUpStatus): boolean {
  const attempt = status.lastAttempt;
  return status.isAvailable && attempt?.status === "failed" && !attempt.needsAuthentication;
}

/**
 * A declined auto top-up, said where it can't be missed (the Credits card and the Overview): why it
 * failed, and the two ways out: Update card (the Auto Top-Up dialog's card) and Retry now (the same
 * charge path a spend below the threshold starts). Renders nothing otherwise.
 */
export function AutoTopUpDeclinedBanner({ status, workspace, canManage }: Props) {
  const router = useRouter();
  const ids = useId();
  const invalidateCredits = useInvalidateCredits(workspace.id);
  const [isPending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const attempt = status.lastAttempt;
  if (!attempt || !isAutoTopUpDeclined(status)) return null;

  async function retry() {
    setMessage(null);
    setPending(true);
    const result = await runAction(() => retryAutoTopUpAction({ workspaceId: workspace.id }));
    setPending(false);
    if (!result.ok) return setMessage(result.error.message);
    toast.success(
      result.data.status === "paid"
        ? `Auto top-up added ${formatCredits(result.data.credits)} credits.`
        : `Auto top-up is buying ${formatCredits(result.data.credits)} credits: the balance updates once the payment is confirmed.`,
    );
    await invalidateCredits();
    router.refresh();
  }

  const reason = describeFailure(attempt.failureCode, attempt.failureMessage);
  const updateCardHref = `/w/${workspace.slug}/settings/billing?${UPDATE_CARD_PARAM}=1`;
  return (
    <section
      aria-labelledby={`${ids}-title`}
      className="mb-4 rounded-lg bg-red-50 px-4 py-3 ring-1 ring-red-600/20 ring-inset dark:bg-red-500/10 dark:ring-red-400/30"
      data-testid="auto-top-up-declined"
    >
      <h3 id={`${ids}-title`} className="text-sm font-semibold text-red-900 dark:text-red-100">
        Auto top-up declined
      </h3>
      <p className="mt-1 text-sm text-red-800 dark:text-red-200">
        {formatCredits(attempt.credits)} credits for {formatCents(attempt.amountCents)} could not be bought on{" "}
        {formatDateTime(attempt.createdAt, workspace.timeZone)}. Reason: {reason}.{" "}
        {status.switchedOffAfterFailures
          ? "Auto top-up is now off after 3 failed charges: update the card, then switch it on again."
          : canManage
            ? "Update the card or retry now, before the balance runs out."
            : "Ask an owner or admin to update the card."}
      </p>
      {message ? (
        <p role="alert" className="mt-2 text-sm font-medium text-red-900 dark:text-red-100">
          {message}
        </p>
      ) : null}
      {canManage ? (
        <div className="mt-3 flex flex-wrap gap-2">
          <Link href={updateCardHref} className={buttonClasses("primary")}>
            Update card
          </Link>
          {status.isEnabled ? (
            <Button variant="secondary" onClick={retry} disabled={isPending} aria-disabled={isPending}>
              {isPending ? "Retrying…" : "Retry now"}
            </Button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
