"use client";

import { useId, useState, type KeyboardEvent } from "react";
import type { CreditsSummary } from "@/lib/credits/summary";
import { topUpEligibility } from "@/lib/billing/plans";
import { formatCredits } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { AutoTopUpSection } from "./auto-top-up-section";
import { ForecastList } from "@/components/analytics/forecast-list";
import { BalanceBreakdown } from "@/components/credits/balance-breakdown";
import { BalanceFigures, Credits } from "@/components/credits/credit-figures";
import { OpenCheckouts } from "./open-checkouts";
import { PurchaseCreditsDialog } from "./purchase-credits-dialog";
import { RecentTransactionsSection } from "@/components/credits/recent-transactions";

export type BillingCreditsCardProps = {
  summary: CreditsSummary;
  workspace: { id: string; slug: string; timeZone: string };
  /** Short name of the workspace's time zone, for the table's time column. */
  timeZoneName: string;
  canPurchase: boolean;
  canManageAutoTopUp: boolean;
  /** Stripe's publishable key when Stripe is configured; null in test mode. */
  publishableKey: string | null;
  isTestMode: boolean;
};

function ChevronIcon({ open }: { open: boolean }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      fill="currentColor"
      className={`size-4 transition-transform ${open ? "rotate-180" : ""}`}
    >
      <path
        fillRule="evenodd"
        d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z"
        clipRule="evenodd"
      />
    </svg>
  );
}

/**
 * The Credits card on Settings → Billing: Current balance (with its breakdown by type behind a
 * disclosure), the Low Balance badge, Lifetime added and spent, and Recent Transactions.
 * Figures come from the live summary the page keeps refreshing. The Overview page shows the same
 * figures, read-only, in OverviewCreditsCard (../../overview-credits-card.tsx); the two are to become one.
 */
export function BillingCreditsCard({
  summary,
  workspace,
  timeZoneName,
  canPurchase,
  canManageAutoTopUp,
  publishableKey,
  isTestMode,
}: BillingCreditsCardProps) {
  const ids = useId();
  const headingId = `${ids}-heading`;
  const transactionsId = `${ids}-transactions`;
  const breakdownId = `${ids}-breakdown`;
  const [isBreakdownOpen, setBreakdownOpen] = useState(false);
  const [isPurchaseOpen, setPurchaseOpen] = useState(false);
  const { balance, isLow, threshold, recent } = summary;
  const eligibility = topUpEligibility({
    plan: summary.plan.id,
    subscriptionStatus: summary.plan.subscriptionStatus,
  });

  function onBreakdownKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === "Escape" && isBreakdownOpen) {
      event.preventDefault();
      setBreakdownOpen(false);
    }
  }

  return (
    <Card aria-labelledby={headingId} data-testid="credits-card">
      <CardHeader>
        <div className="min-w-0">
          <h2 id={headingId} className="text-lg font-semibold text-slate-900 dark:text-white">
            Credits
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Shared by everyone in the workspace. Updates on its own.
          </p>
        </div>
        {canPurchase ? (
          <Button onClick={() => setPurchaseOpen(true)} aria-haspopup="dialog">
            Purchase Credits
          </Button>
        ) : null}
      </CardHeader>

      <CardBody>
        <OpenCheckouts
          checkouts={summary.openCheckouts}
          workspace={workspace}
          publishableKey={publishableKey}
        />

        <dl>
          <Stat
            size="lg"
            label={
              <span className="flex flex-wrap items-center gap-2">
                Current balance
                {isLow ? (
                  <Badge tone="warning" data-testid="low-balance-badge">
                    Low Balance
                  </Badge>
                ) : null}
              </span>
            }
            value={<Credits value={balance.total} />}
            valueTestId="current-balance"
            hint={
              <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span>
                  credits available to spend
                  {isLow ? ` · at or below the ${formatCredits(threshold)} credit threshold` : null}
                </span>
                <button
                  type="button"
                  aria-expanded={isBreakdownOpen}
                  aria-controls={breakdownId}
                  onClick={() => setBreakdownOpen((open) => !open)}
                  onKeyDown={onBreakdownKeyDown}
                  className="inline-flex items-center gap-1 rounded font-medium text-indigo-700 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300 dark:hover:text-indigo-200"
                >
                  Breakdown by type
                  <ChevronIcon open={isBreakdownOpen} />
                </button>
              </span>
            }
          />
        </dl>

        <div
          id={breakdownId}
          hidden={!isBreakdownOpen}
          className="mt-4 max-w-md rounded-lg border border-slate-200 bg-slate-50/60 p-4 dark:border-slate-800 dark:bg-slate-950/40"
        >
          <BalanceBreakdown balance={balance} timeZone={workspace.timeZone} />
        </div>

        <BalanceFigures
          balance={balance}
          figures={["lifetimeAdded", "lifetimeSpent", "held", "lifetimeExpired"]}
          className="sm:grid-cols-4"
        />

        <div className="mt-6 border-t border-slate-100 pt-5 dark:border-slate-800">
          <h3 className="mb-3 text-sm font-semibold text-slate-900 dark:text-white">Forecast</h3>
          <ForecastList forecast={summary.forecast} timeZone={workspace.timeZone} />
        </div>
      </CardBody>

      <AutoTopUpSection
        status={summary.autoTopUp}
        workspace={workspace}
        canManage={canManageAutoTopUp}
        publishableKey={publishableKey}
        isTestMode={isTestMode}
      />

      <RecentTransactionsSection
        id={transactionsId}
        slug={workspace.slug}
        transactions={recent}
        timeZone={workspace.timeZone}
        timeZoneName={timeZoneName}
      />

      {canPurchase ? (
        <PurchaseCreditsDialog
          open={isPurchaseOpen}
          onOpenChange={setPurchaseOpen}
          workspaceId={workspace.id}
          slug={workspace.slug}
          eligibility={eligibility}
          publishableKey={publishableKey}
          isTestMode={isTestMode}
        />
      ) : null}
    </Card>
  );
}
