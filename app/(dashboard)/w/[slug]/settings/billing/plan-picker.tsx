"use client";

import Link from "next/link";
import { useState } from "react";
import type { BillingInterval } from "@/db/schema/workspaces";
import type { PlanId } from "@/lib/billing/plans";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { IntervalSwitch } from "./interval-switch";
import { PlanChangeDialog, type SelectedPlan } from "./plan-change-dialog";
import { choiceButton, choiceFor, type CurrentSubscription, type PlanChangePreview } from "./plan-change";
import { PlanFeatures } from "./plan-features";
import {
  PAID_PLANS,
  describeTermPrice,
  discountPercent,
  formatPrice,
  termSavingsCents,
} from "@/components/plans/plan-format";

type Props = {
  workspaceId: string;
  current: CurrentSubscription;
  /** describePlanChange's answer for every paid plan. */
  previews: Partial<Record<PlanId, PlanChangePreview>>;
  timeZone: string;
  isTestMode: boolean;
  publishableKey: string | null;
};

/**
 * The paid plans side by side, priced for the chosen billing period. Choosing one opens a
 * confirmation that says what it does to this month's credits before anything changes.
 */
export function PlanPicker({ workspaceId, current, previews, timeZone, isTestMode, publishableKey }: Props) {
  const [interval, setInterval] = useState<BillingInterval>(current.interval ?? "month");
  const [selected, setSelected] = useState<SelectedPlan | null>(null);

  return (
    <div>
      <IntervalSwitch value={interval} onChange={setInterval} />
      <ul role="list" className="mt-5 grid gap-4 md:grid-cols-3">
        {PAID_PLANS.map((plan) => {
          const preview = previews[plan.id];
          if (!preview) return null;
          const choice = choiceFor(current, plan, interval, preview);
          const button = choiceButton(choice, plan, interval);
          const isCurrent = current.isSubscribed && plan.id === current.planId;
          const discount = discountPercent(plan, interval);
          const savings = termSavingsCents(plan, interval);
          const headingId = `plan-${plan.id}-name`;
          return (
            <li
              key={plan.id}
              aria-labelledby={headingId}
              data-testid={`plan-option-${plan.id}`}
              className={cn(
                "flex flex-col rounded-xl border bg-white p-5 dark:bg-slate-900",
                isCurrent
                  ? "border-indigo-500 ring-1 ring-indigo-500 dark:border-indigo-400 dark:ring-indigo-400"
                  : "border-slate-200 dark:border-slate-800",
              )}
            >
              <div className="flex flex-wrap items-center gap-2">
                <h3 id={headingId} className="text-base font-semibold text-slate-900 dark:text-white">
                  {plan.name}
                </h3>
                {isCurrent ? <Badge tone="accent">Current plan</Badge> : null}
              </div>
              <p className="mt-3 flex items-baseline gap-1">
                <span className="text-3xl font-semibold tracking-tight text-slate-900 tabular-nums dark:text-white">
                  {formatPrice(plan.monthlyPriceCents[interval])}
                </span>
                <span className="text-sm text-slate-600 dark:text-slate-400">/ month</span>
              </p>
              <p className="mt-1 min-h-10 text-sm text-slate-600 dark:text-slate-400">
                {interval === "month" ? "Billed monthly" : describeTermPrice(plan, interval)}
                {discount > 0 ? (
                  <>
                    {" · "}
                    <span className="font-medium text-emerald-700 dark:text-emerald-400">
                      save {discount}% ({formatPrice(savings)})
                    </span>
                  </>
                ) : null}
              </p>
              <PlanFeatures plan={plan} className="mt-4 flex-1" />
              <Button
                className="mt-5 w-full"
                variant={choice.type === "upgrade" || choice.type === "start" ? "primary" : "secondary"}
                disabled={!button.enabled}
                aria-haspopup={button.enabled ? "dialog" : undefined}
                aria-label={
                  button.enabled && choice.type === "interval"
                    ? `${button.label} for ${plan.name}`
                    : button.enabled
                      ? undefined
                      : `${plan.name}: ${button.label}`
                }
                onClick={() => setSelected({ plan, interval, choice, preview })}
              >
                {button.label}
              </Button>
            </li>
          );
        })}
      </ul>
      <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
        Prices in US dollars, per month. Quarterly and annual plans are paid per term and still get their
        credits every month. What each generation costs is on the{" "}
        <Link href="/pricing" className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          Pricing page
        </Link>
        .
      </p>
      <PlanChangeDialog
        workspaceId={workspaceId}
        current={current}
        selected={selected}
        onClose={() => setSelected(null)}
        timeZone={timeZone}
        isTestMode={isTestMode}
        publishableKey={publishableKey}
      />
    </div>
  );
}
