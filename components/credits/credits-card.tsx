"use client";

import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import type { CreditsSummary } from "@/lib/credits/summary";
import { hasActiveSubscription } from "@/lib/billing/plans";
import { formatCredits, formatDate } from "@/lib/format";
import { ForecastList } from "@/components/analytics/forecast-list";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { BalanceBreakdown } from "./balance-breakdown";
import { BalanceFigures, BalanceInUsd, Credits } from "./credit-figures";
import { RecentTransactionsSection } from "./recent-transactions";

export type CreditsCardProps = {
  summary: CreditsSummary;
  workspace: { id: string; slug: string; timeZone: string };
  /** Short name of the workspace's time zone, for the table's time column. */
  timeZoneName: string;
  /** The Purchase Credits control (a button opening the dialog, or a link to it), beside the badge. */
  purchase?: ReactNode;
  /** The Auto Top-Up section, between the figures and Recent Transactions. */
  autoTopUp?: ReactNode;
  /** What must not be missed, above the balance (a declined auto top-up). */
  notice?: ReactNode;
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

/** The plan's subscription credits that run out at renewal (no rollover), or why none do. */
function RenewalExpiry({ summary, timeZone }: { summary: CreditsSummary; timeZone: string }) {
  const { renewal } = summary;
  const isSubscribed = hasActiveSubscription({ subscriptionStatus: summary.plan.subscriptionStatus });
  return (
    <p
      className="mt-6 rounded-md bg-slate-50 px-3 py-2.5 text-sm text-slate-700 dark:bg-slate-800/60 dark:text-slate-300"
      data-testid="renewal-expiry"
    >
      {renewal && renewal.expiringCredits > 0 ? (
        <>
          <strong className="font-semibold tabular-nums">{formatCredits(renewal.expiringCredits)}</strong>{" "}
          subscription credits expire on{" "}
          <time dateTime={renewal.at} suppressHydrationWarning>
            {formatDate(renewal.at, timeZone)}
          </time>{" "}
          (no rollover).
        </>
      ) : isSubscribed ? (
        "No subscription credits are left to expire at renewal."
      ) : (
        "No active subscription, so no subscription credits expire. A paid plan adds monthly credits and lets owners and admins buy top-ups."
      )}
    </p>
  );
}

/**
 * The Credits card, the same on the Overview and on Credits & Billing: Current balance with the
 * Low Balance badge, its threshold and Purchase Credits beside it, the breakdown by type behind a
 * disclosure, lifetime totals, what expires at renewal, the forecast, auto top-up and Recent
 * Transactions. Figures come from the live summary the page keeps refreshing.
 */
export function CreditsCard({
  summary,
  workspace,
  timeZoneName,
  purchase,
  autoTopUp,
  notice,
}: CreditsCardProps) {
  const ids = useId();
  const headingId = `${ids}-heading`;
  const breakdownId = `${ids}-breakdown`;
  const [isBreakdownOpen, setBreakdownOpen] = useState(false);
  const { balance, isLow, threshold, recent } = summary;

  function onBreakdownKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === "Escape" && isBreakdownOpen) {
      event.preventDefault();
      setBreakdownOpen(false);
    }
  }

  return (
    <Card id="credits" aria-labelledby={headingId} className="scroll-mt-20" data-testid="credits-card">
      <CardHeader>
        <div className="min-w-0">
          <h2 id={headingId} className="text-lg font-semibold text-slate-900 dark:text-white">
            Credits
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Shared by everyone in the workspace. Updates on its own.
          </p>
        </div>
        <Badge tone="accent" data-testid="credits-card-plan">
          {summary.plan.name} plan
        </Badge>
      </CardHeader>

      <CardBody>
        {notice}

        <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-4">
          <dl className="min-w-0">
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
                  <span>credits available to spend</span>
                  {summary.debt.disputed > 0 ? (
                    <span
                      className="font-medium text-amber-800 dark:text-amber-200"
                      data-testid="disputed-credits"
                    >
                      {formatCredits(summary.debt.disputed)} credits held: a payment is disputed
                    </span>
                  ) : null}
                  <span data-testid="low-balance-threshold">
                    Low Balance at {formatCredits(threshold)} credits or less
                    {summary.autoTopUp.isEnabled ? " (the auto top-up threshold)" : ""}
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
                  <BalanceInUsd credits={balance.total} />
                </span>
              }
            />
          </dl>
          {purchase ? <div className="shrink-0">{purchase}</div> : null}
        </div>

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

        <RenewalExpiry summary={summary} timeZone={workspace.timeZone} />

        <div className="mt-6 border-t border-slate-100 pt-5 dark:border-slate-800">
          <h3 className="mb-3 text-sm font-semibold text-slate-900 dark:text-white">Forecast</h3>
          <ForecastList forecast={summary.forecast} timeZone={workspace.timeZone} />
        </div>
      </CardBody>

      {autoTopUp}

      <RecentTransactionsSection
        id={`${ids}-transactions`}
        slug={workspace.slug}
        transactions={recent}
        timeZone={workspace.timeZone}
        timeZoneName={timeZoneName}
      />
    </Card>
  );
}
