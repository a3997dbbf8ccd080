"use client";

import { topUpEligibility } from "@/lib/billing/plans";
import { CreditsCard, type CreditsCardProps } from "@/components/credits/credits-card";
import { AutoTopUpSection } from "./auto-top-up-section";
import { PurchaseCreditsButton } from "./purchase-credits-button";
import { AutoTopUpDeclinedBanner } from "@/components/credits/auto-top-up-declined-banner";
import { DebtBanner } from "@/components/credits/debt-banner";
import { OpenCheckouts } from "./open-checkouts";

export type BillingCreditsCardProps = Omit<CreditsCardProps, "purchase" | "autoTopUp"> & {
  canPurchase: boolean;
  canManageAutoTopUp: boolean;
  /** Stripe's publishable key when Stripe is configured; null in test mode. */
  publishableKey: string | null;
  isTestMode: boolean;
};

/**
 * The Credits card on Credits & Billing: the one CreditsCard the Overview shows too, with Purchase
 * Credits opening its dialog here and the Auto Top-Up section that manages it.
 */
export function BillingCreditsCard({
  canPurchase,
  canManageAutoTopUp,
  publishableKey,
  isTestMode,
  ...card
}: BillingCreditsCardProps) {
  const { summary, workspace } = card;
  return (
    <CreditsCard
      {...card}
      notice={
        <>
          <DebtBanner owed={summary.debt.owed} slug={workspace.slug} canPurchase={canPurchase} />
          <AutoTopUpDeclinedBanner
            status={summary.autoTopUp}
            workspace={workspace}
            canManage={canManageAutoTopUp}
          />
          <OpenCheckouts
            checkouts={summary.openCheckouts}
            workspace={workspace}
            publishableKey={publishableKey}
          />
        </>
      }
      purchase={
        canPurchase ? (
          <PurchaseCreditsButton
            workspaceId={workspace.id}
            slug={workspace.slug}
            eligibility={topUpEligibility({
              plan: summary.plan.id,
              subscriptionStatus: summary.plan.subscriptionStatus,
            })}
            publishableKey={publishableKey}
            isTestMode={isTestMode}
          />
        ) : null
      }
      autoTopUp={
        <AutoTopUpSection
          status={summary.autoTopUp}
          workspace={workspace}
          canManage={canManageAutoTopUp}
          publishableKey={publishableKey}
          isTestMode={isTestMode}
        />
      }
    />
  );
}
