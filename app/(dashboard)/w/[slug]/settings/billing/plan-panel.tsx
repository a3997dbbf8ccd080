"use client";

import type { CreditsSummary } from "@/lib/credits/summary";
import { getPlan, hasActiveSubscription } from "@/lib/billing/plans";
import { formatCredits, formatDate } from "@/lib/format";
import { SUBSCRIPTION_STATUS_LABELS } from "@/components/credits/labels";
import { BillingPortalButton } from "@/components/plans/billing-portal-button";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

type Props = {
  summary: CreditsSummary;
  workspace: { id: string; slug: string; timeZone: string };
  canManageBilling: boolean;
  isTestMode: boolean;
};

const STATUS_TONES: Record<string, BadgeTone> = {
  active: "success",
  trialing: "accent",
  past_due: "warning",
  canceled: "warning",
  none: "neutral",
};

/**
 * The plan next to the Credits card: its status, when it renews and which subscription credits
 * run out then. It is also where the Purchase Credits dialog's "Upgrade" link lands (#plan).
 */
export function PlanPanel({ summary, workspace, canManageBilling, isTestMode }: Props) {
  const plan = getPlan(summary.plan.id);
  const status = summary.plan.subscriptionStatus;
  const isSubscribed = hasActiveSubscription({ subscriptionStatus: status });
  const { renewal } = summary;

  return (
    <Card id="plan" aria-labelledby="plan-heading" className="scroll-mt-20" data-testid="plan-panel">
      <CardHeader className="py-3.5">
        <h2 id="plan-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          Plan
        </h2>
        {isTestMode ? <Badge tone="warning">Test mode</Badge> : null}
      </CardHeader>
      <CardBody className="space-y-4">
        <div className="flex flex-wrap items-center gap-2">
          <p className="text-xl font-semibold text-slate-900 dark:text-white" data-testid="plan-name">
            {summary.plan.name}
          </p>
          <Badge tone={STATUS_TONES[status] ?? "neutral"}>
            {SUBSCRIPTION_STATUS_LABELS[status] ?? status}
          </Badge>
        </div>

        {isSubscribed ? (
          <dl className="space-y-3 text-sm">
            <div>
              <dt className="text-slate-600 dark:text-slate-400">Monthly credits</dt>
              <dd className="font-medium text-slate-900 tabular-nums dark:text-white">
                {formatCredits(plan.monthlyCredits)} a month
              </dd>
            </div>
            <div>
              <dt className="text-slate-600 dark:text-slate-400">Renews</dt>
              <dd className="font-medium text-slate-900 dark:text-white" data-testid="plan-renewal">
                {renewal ? (
                  <time dateTime={renewal.at} suppressHydrationWarning>
                    {formatDate(renewal.at, workspace.timeZone)}
                  </time>
                ) : (
                  "With the next monthly grant"
                )}
              </dd>
            </div>
          </dl>
        ) : null}

        <p
          className="rounded-md bg-slate-50 px-3 py-2.5 text-sm text-slate-700 dark:bg-slate-800/60 dark:text-slate-300"
          data-testid="renewal-expiry"
        >
          {renewal && renewal.expiringCredits > 0 ? (
            <>
              <strong className="font-semibold tabular-nums">{formatCredits(renewal.expiringCredits)}</strong>{" "}
              subscription credits expire on{" "}
              <time dateTime={renewal.at} suppressHydrationWarning>
                {formatDate(renewal.at, workspace.timeZone)}
              </time>{" "}
              (no rollover).
            </>
          ) : isSubscribed ? (
            "No subscription credits are left to expire at renewal."
          ) : (
            "No active subscription, so no subscription credits expire. A paid plan adds monthly credits and lets owners and admins buy top-ups."
          )}
        </p>

        {canManageBilling ? (
          <div className="space-y-1.5">
            <BillingPortalButton workspaceId={workspace.id} page="billing" className="w-full" />
            <p className="text-xs text-slate-600 dark:text-slate-400">
              {isTestMode
                ? "Test mode: shows this workspace's purchases as invoices."
                : "Cards and invoices, in Stripe's customer portal."}
            </p>
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
