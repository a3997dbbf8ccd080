"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import type { BillingInterval } from "@/db/schema/workspaces";
import { changePlanAction } from "@/lib/actions/billing/change-plan";
import { getPlan, type Plan } from "@/lib/billing/plans";
import { formatCredits, formatDate } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { runAction } from "@/components/ui/run-action";
import { LazyStripeCheckout } from "./lazy-stripe-checkout";
import {
  appliedMessage,
  choiceDialog,
  type Choice,
  type CurrentSubscription,
  type PlanChangePreview,
} from "./plan-change";
import { INTERVAL_LABELS, describeTermPrice, formatPrice } from "@/components/plans/plan-format";
import { TestModeNote } from "./test-mode-note";

export type SelectedPlan = {
  plan: Plan;
  interval: BillingInterval;
  choice: Choice;
  preview: PlanChangePreview;
};

type Props = {
  workspaceId: string;
  current: CurrentSubscription;
  selected: SelectedPlan | null;
  onClose: () => void;
  timeZone: string;
  isTestMode: boolean;
  publishableKey: string | null;
};

/**
 * What the change does, in words: describePlanChange's summary and its one statement of when it
 * applies, or the same facts for the cases it leaves to us (keeping the plan, a new billing period).
 */
function describeChange(
  selected: SelectedPlan,
  current: CurrentSubscription,
  timeZone: string,
): Pick<PlanChangePreview, "summary" | "when" | "autoTopUp"> {
  const { plan, choice, preview } = selected;
  if (choice.type === "keep" && current.pendingPlanId) {
    return {
      summary: `The downgrade to ${getPlan(current.pendingPlanId).name} is called off. ${plan.name}'s ${formatCredits(plan.monthlyCredits)} credits keep arriving every month.`,
      when: "Today.",
      autoTopUp: null,
    };
  }
  if (choice.type === "interval") {
    return {
      summary: `Your credits don't change: ${formatCredits(plan.monthlyCredits)} arrive on the same day every month, as before.`,
      when: current.termEndsAt
        ? `On ${formatDate(current.termEndsAt, timeZone)}, when the current term (paid already) ends.`
        : "When the current term (paid already) ends.",
      autoTopUp: null,
    };
  }
  return preview;
}

function paymentNote(selected: SelectedPlan): string {
  switch (selected.choice.type) {
    case "start":
      return `Next, you pay ${describeTermPrice(selected.plan, selected.interval)} in Stripe's secure checkout. The plan starts when the payment goes through.`;
    case "upgrade":
      return "Stripe charges the prorated difference now. The page updates when Stripe confirms.";
    default:
      return "No charge now: the new price is charged from then on. The page updates when Stripe confirms.";
  }
}

/**
 * Confirms a plan change after showing what it does to this month's credits. In test mode the
 * change applies at once (through the same webhook handling as Stripe's events); with Stripe, a
 * new subscription is paid in Stripe's embedded checkout and changes are confirmed by webhook.
 */
export function PlanChangeDialog({
  workspaceId,
  current,
  selected,
  onClose,
  timeZone,
  isTestMode,
  publishableKey,
}: Props) {
  const router = useRouter();
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [clientSecret, setClientSecret] = useState<string | null>(null);

  function close() {
    if (isPending) return;
    setError(null);
    setClientSecret(null);
    onClose();
  }

  async function confirm() {
    if (!selected) return;
    setPending(true);
    setError(null);
    const result = await runAction(() =>
      changePlanAction({
        workspaceId,
        action: current.isSubscribed ? "change" : "subscribe",
        plan: selected.plan.id as "starter" | "pro" | "enterprise",
        interval: selected.interval,
      }),
    );
    setPending(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    const { mode, clientSecret: secret } = result.data;
    if (mode === "stripe" && secret) {
      if (!publishableKey) {
        setError(
          "Stripe's publishable key is not configured, so the checkout can't open. Ask an administrator.",
        );
        return;
      }
      setClientSecret(secret);
      return;
    }
    toast.success(
      mode === "test"
        ? appliedMessage(result.data.result, selected.plan, getPlan(current.planId))
        : "Sent to Stripe. This page shows the change as soon as Stripe confirms it.",
    );
    setError(null);
    onClose();
    router.refresh();
  }

  if (selected && clientSecret && publishableKey) {
    return (
      <Modal
        open
        onOpenChange={(open) => (open ? undefined : close())}
        title={`Pay for ${selected.plan.name}`}
        description={`${INTERVAL_LABELS[selected.interval]} billing, ${describeTermPrice(selected.plan, selected.interval)}.`}
        width="max-w-2xl"
      >
        <div className="p-4">
          <LazyStripeCheckout publishableKey={publishableKey} clientSecret={clientSecret} />
        </div>
      </Modal>
    );
  }

  const dialog = selected ? choiceDialog(selected.choice, selected.plan) : null;
  const change = selected ? describeChange(selected, current, timeZone) : null;
  const intervalChanges = selected !== null && current.isSubscribed && selected.interval !== current.interval;

  return (
    <Modal
      open={selected !== null}
      onOpenChange={(open) => (open ? undefined : close())}
      title={dialog?.title ?? ""}
      description={
        selected
          ? `${selected.plan.name}, ${INTERVAL_LABELS[selected.interval].toLowerCase()}: ${formatPrice(selected.plan.monthlyPriceCents[selected.interval])} a month${selected.interval === "month" ? "" : ` (${describeTermPrice(selected.plan, selected.interval)})`}.`
          : undefined
      }
    >
      {selected && dialog && change ? (
        <>
          <div className="space-y-4 px-6 py-5 text-sm">
            <div className="rounded-lg bg-indigo-50 px-4 py-3 text-indigo-950 ring-1 ring-indigo-600/15 ring-inset dark:bg-indigo-500/10 dark:text-indigo-100 dark:ring-indigo-400/25">
              <p className="font-medium">What happens to your credits</p>
              <p className="mt-1" data-testid="plan-change-summary">
                {change.summary}
              </p>
            </div>
            <dl className="space-y-2 text-slate-700 dark:text-slate-300">
              {change.when ? (
                <div data-testid="plan-change-when">
                  <dt className="inline font-medium text-slate-900 dark:text-white">When it applies: </dt>
                  <dd className="inline">{change.when}</dd>
                </div>
              ) : null}
              {intervalChanges ? (
                <div>
                  <dt className="inline font-medium text-slate-900 dark:text-white">Billing period: </dt>
                  <dd className="inline">
                    {current.interval ? INTERVAL_LABELS[current.interval] : "None"} →{" "}
                    {INTERVAL_LABELS[selected.interval]},{" "}
                    {describeTermPrice(selected.plan, selected.interval)} from the next term
                    {selected.choice.type === "interval"
                      ? ""
                      : current.termEndsAt
                        ? ` (the current one, paid already, ends on ${formatDate(current.termEndsAt, timeZone)})`
                        : " (the current one is paid already)"}
                    . Credits still arrive monthly.
                  </dd>
                </div>
              ) : null}
              {change.autoTopUp ? (
                <div data-testid="plan-change-auto-top-up">
                  <dt className="inline font-medium text-slate-900 dark:text-white">Auto top-up: </dt>
                  <dd className="inline">{change.autoTopUp}</dd>
                </div>
              ) : null}
            </dl>
            {current.isSubscribed && current.cancelAtTermEnd ? (
              <p className="text-slate-700 dark:text-slate-300">
                Your subscription is still set to end
                {current.termEndsAt ? ` on ${formatDate(current.termEndsAt, timeZone)}` : " with this term"}.
                Resume it to keep it renewing.
              </p>
            ) : null}
            {isTestMode ? (
              <TestModeNote>
                No real payment: the change goes through the same webhook handling as a Stripe payment and
                applies at once.
              </TestModeNote>
            ) : selected.choice.type === "keep" || selected.choice.type === "interval" ? null : (
              <p className="text-slate-600 dark:text-slate-400">{paymentNote(selected)}</p>
            )}
            {error ? <FormMessage>{error}</FormMessage> : null}
          </div>
          <ModalFooter>
            <Button variant="secondary" onClick={close} disabled={isPending}>
              Cancel
            </Button>
            <Button onClick={confirm} disabled={isPending} aria-disabled={isPending}>
              {isPending ? (
                <>
                  <span
                    className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent"
                    aria-hidden="true"
                  />
                  {dialog.pending}
                </>
              ) : (
                dialog.confirm
              )}
            </Button>
          </ModalFooter>
        </>
      ) : null}
    </Modal>
  );
}
