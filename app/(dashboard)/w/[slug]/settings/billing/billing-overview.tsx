"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";
import type { CreditsSummary } from "@/lib/credits/summary";
import { BillingCreditsCard, type BillingCreditsCardProps } from "./billing-credits-card";
import { useCreditsSummary } from "@/components/credits/credits-query";

type Props = Omit<BillingCreditsCardProps, "summary"> & {
  initial: CreditsSummary;
  renderId: string;
  isReturningFromCheckout: boolean;
  /** Owners get the Low Balance threshold form beside the card. */
  thresholdForm?: ReactNode;
};

/**
 * The Credits section of Credits & Billing: the Credits card, drawn from one live summary so a
 * purchase or a spend shows up in the balance, the lifetime totals and Recent Transactions without
 * a reload, and the Low Balance alert beside it.
 */
export function BillingOverview({
  initial,
  renderId,
  isReturningFromCheckout,
  thresholdForm,
  ...card
}: Props) {
  const { workspace } = card;
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
    <div className={thresholdForm ? "grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]" : undefined}>
      <BillingCreditsCard summary={summary} {...card} />
      {thresholdForm}
    </div>
  );
}
