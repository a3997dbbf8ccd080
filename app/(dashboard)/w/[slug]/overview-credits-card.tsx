"use client";

import Link from "next/link";
import type { CreditsSummary } from "@/lib/credits/summary";
import { AutoTopUpDeclinedBanner } from "@/components/credits/auto-top-up-declined-banner";
import { DebtBanner } from "@/components/credits/debt-banner";
import { buyCreditsHref } from "@/components/credits/buy-credits";
import { CreditsCard } from "@/components/credits/credits-card";
import { useCreditsSummary } from "@/components/credits/credits-query";
import { buttonClasses } from "@/components/ui/button";
import { LINK_CLASS } from "@/components/ui/text-link";

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
        <>
          <DebtBanner owed={summary.debt.owed} slug={workspace.slug} canPurchase={canPurchase} />
          <AutoTopUpDeclinedBanner
            status={summary.autoTopUp}
            workspace={workspace}
            canManage={canManageAutoTopUp}
          />
          <UnpaidCheckouts count={summary.openCheckouts.length} slug={workspace.slug} />
        </>
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

/** Checkouts started and not paid: resumed or cancelled on Credits & Billing, where the card lists them. */
function UnpaidCheckouts({ count, slug }: { count: number; slug: string }) {
  if (count === 0) return null;
  return (
    <p
      role="status"
      className="mb-4 rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900 dark:bg-indigo-500/10 dark:text-indigo-100"
    >
      {count === 1 ? "A checkout was started and not paid." : `${count} checkouts were started and not paid.`}{" "}
      <Link href={`/w/${slug}/settings/billing`} className={LINK_CLASS}>
        Resume or cancel on Credits & Billing
      </Link>
    </p>
  );
}
