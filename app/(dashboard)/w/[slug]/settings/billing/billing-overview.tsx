"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";
import type { CreditsSummary } from "@/lib/credits/summary";
import { BillingCreditsCard, type BillingCreditsCardProps } from "./billing-credits-card";
import { useCreditsSummary } from "@/components/credits/credits-query";
import { PlanPanel } from "./plan-panel";

type Props = Omit<BillingCreditsCardProps, "summary"> & {
  initial: CreditsSummary;
  renderId: string;
  isReturningFromCheckout: boolean;
  /** Owners get the Low Balance threshold form under the plan. */
  thresholdForm?: ReactNode;
};

/**
 * The Credits card and the plan beside it, both drawn from one live summary, so a purchase or a
 * spend shows up in the balance, the lifetime totals and Recent Transactions without a reload.
 */
export function BillingOverview({
  initial,
  renderId,
  isReturningFromCheckout,
  thresholdForm,
  ...card
}: Props) {
  const { workspace, canPurchase, isTestMode } = card;
  const router = useRouter();
  const { data: summary } = useCreditsSummary({
    workspaceId: workspace.id,
    initial,
    renderId,
    isReturningFromCheckout,
  });

  // When the last pending payment settles, re-render the server parts too (the purchase notice).
  const pendingBefore = useRef(summary.pendingPurchases);
  useEffect(() => {
    if (pendingBefore.current > 0 && summary.pendingPurchases === 0) router.refresh();
    pendingBefore.current = summary.pendingPurchases;
  }, [summary.pendingPurchases, router]);

  return (
    <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
      <BillingCreditsCard summary={summary} {...card} />
      <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-1">
        <PlanPanel
          summary={summary}
          workspace={workspace}
          canManageBilling={canPurchase}
          isTestMode={isTestMode}
        />
        {thresholdForm}
      </div>
    </div>
  );
}
