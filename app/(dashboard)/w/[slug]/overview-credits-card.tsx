"use client";

import Link from "next/link";
import type { CreditsSummary } from "@/lib/credits/summary";
import { AutoTopUpDeclinedBanner } from "@/components/credits/auto-top-up-declined-banner";
import { buyCreditsHref } from "@/components/credits/buy-credits";
import { CreditsCard } from "@/components/credits/credits-card";
import { useCreditsSummary } from "@/components/credits/credits-query";
import { buttonClasses } from "@/components/ui/button";

type Props = {
  initial: CreditsSummary;
  renderId: string;
  workspace: { id: string; slug: string; timeZone: string };
  timeZoneName: string;
  canPurchase: boolean;
  /** May retry a declined auto top-up and change its card. */
  canManageAutoTopUp: boolean;
};

/**
 * The Overview's Credits card: the same CreditsCard as Credits & Billing, kept live the same way.
 * Purchase Credits opens the purchase dialog there; auto top-up is managed there too.
 */
export function OverviewCreditsCard({
  initial,
  renderId,
  workspace,
  timeZoneName,
  canPurchase,
  canManageAutoTopUp,
}: Props) {
  const { data: summary } = useCreditsSummary({
    workspaceId: workspace.id,
    initial,
    renderId,
    isReturningFromCheckout: false,
  });
  return (
    <CreditsCard
      summary={summary}
      workspace={workspace}
      timeZoneName={timeZoneName}
      notice={
        <AutoTopUpDeclinedBanner
          status={summary.autoTopUp}
          workspace={workspace}
          canManage={canManageAutoTopUp}
        />
      }
      purchase={
        canPurchase ? (
          <Link href={buyCreditsHref(workspace.slug)} className={buttonClasses("primary")}>
            Purchase Credits
          </Link>
        ) : null
      }
    />
  );
}
