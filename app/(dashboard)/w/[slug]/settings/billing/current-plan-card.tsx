import type { ReactNode } from "react";
import type { Workspace } from "@/db/schema/workspaces";
import { FREE_DAILY_CREDITS, getPlan, hasActiveSubscription } from "@/lib/billing/plans";
import { localDay } from "@/lib/billing/schedule";
import { formatCredits, formatDate, formatTimeZoneName, formatTimestampWithZone } from "@/lib/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { INTERVAL_LABELS, describeTermPrice } from "@/components/plans/plan-format";
import { SubscriptionActions } from "./subscription-actions";

type Props = {
  workspace: Pick<
    Workspace,
    | "id"
    | "plan"
    | "seats"
    | "timeZone"
    | "billingInterval"
    | "subscriptionStatus"
    | "currentTermEndsAt"
    | "nextSubscriptionGrantAt"
    | "pendingPlan"
    | "cancelAtTermEnd"
    | "freeCreditsGrantedFor"
  >;
  /** The clock's now, for "today" in the workspace's time zone. */
  now: Date;
  canManage: boolean;
  isTestMode: boolean;
};

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-sm font-medium text-slate-900 dark:text-white" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function Instant({ at, timeZone, dateOnly = false }: { at: Date; timeZone: string; dateOnly?: boolean }) {
  const iso = at.toISOString();
  return (
    <time dateTime={iso}>
      {dateOnly ? formatDate(iso, timeZone) : formatTimestampWithZone(iso, timeZone)}
    </time>
  );
}

function statusOf(workspace: Props["workspace"]): { label: string; tone: BadgeTone } {
  switch (workspace.subscriptionStatus) {
    case "active":
    case "trialing":
      if (workspace.cancelAtTermEnd) return { label: "Cancels at the end of the term", tone: "warning" };
      return workspace.subscriptionStatus === "active"
        ? { label: "Active", tone: "success" }
        : { label: "Trialing", tone: "accent" };
    case "past_due":
      return { label: "Past due", tone: "warning" };
    default:
      return { label: "No subscription", tone: "neutral" };
  }
}

/**
 * The workspace's plan as it stands: for a subscription its billing period, renewal and the next
 * monthly credit grant (in the workspace's time zone); without one, the free daily credits.
 */
export function CurrentPlanCard({ workspace, now, canManage, isTestMode }: Props) {
  const tz = workspace.timeZone;
  const tzName = formatTimeZoneName(tz, now);
  const isSubscribed = hasActiveSubscription(workspace);
  const isPastDue = workspace.subscriptionStatus === "past_due";
  const subscribedPlan = getPlan(workspace.plan);
  // Without an active subscription the workspace has what Free allows, whatever it paid for before.
  const plan = isSubscribed || isPastDue ? subscribedPlan : getPlan("free");
  const pendingPlan = workspace.pendingPlan ? getPlan(workspace.pendingPlan) : null;
  const status = statusOf(workspace);
  const termEnd = workspace.currentTermEndsAt;
  const nextGrant = workspace.nextSubscriptionGrantAt;
  // A subscription that ends at its term's end gets no grant at or after that instant.
  const grantsEnd =
    workspace.cancelAtTermEnd && termEnd !== null && nextGrant !== null && nextGrant >= termEnd;
  const today = localDay(now, tz);
  const hasTodaysFreeCredits =
    workspace.freeCreditsGrantedFor !== null && workspace.freeCreditsGrantedFor >= today.date;

  return (
    <Card aria-labelledby="current-plan-heading" data-testid="current-plan">
      <CardHeader>
        <h3 id="current-plan-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          Current plan
        </h3>
      </CardHeader>
      <CardBody className="space-y-5">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <p
            className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white"
            data-testid="plan-name"
          >
            {plan.name}
          </p>
          <Badge tone={status.tone} data-testid="plan-status">
            {status.label}
          </Badge>
        </div>

        {isSubscribed ? (
          <>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-5 lg:grid-cols-3">
              <Item label="Monthly credits" testId="plan-monthly-credits">
                {formatCredits(plan.monthlyCredits)} every month
              </Item>
              <Item label="Billing period" testId="plan-interval">
                {workspace.billingInterval ? (
                  <>
                    {INTERVAL_LABELS[workspace.billingInterval]}
                    <span className="font-normal text-slate-600 dark:text-slate-400">
                      {" "}
                      · {describeTermPrice(plan, workspace.billingInterval)}
                    </span>
                  </>
                ) : (
                  "—"
                )}
              </Item>
              <Item label={workspace.cancelAtTermEnd ? "Ends on" : "Renews on"} testId="plan-term-end">
                {termEnd ? <Instant at={termEnd} timeZone={tz} dateOnly /> : "—"}
              </Item>
              <Item label="Next credit grant" testId="next-grant">
                {grantsEnd || !nextGrant ? (
                  <span className="font-normal text-slate-700 dark:text-slate-300">
                    None: the subscription ends first
                  </span>
                ) : (
                  <>
                    {formatCredits((pendingPlan ?? plan).monthlyCredits)} credits
                    <span className="block font-normal text-slate-600 dark:text-slate-400">
                      on <Instant at={nextGrant} timeZone={tz} />
                    </span>
                  </>
                )}
              </Item>
              <Item label="Seats">{workspace.seats}</Item>
              <Item label="Pro models">{plan.allowsProModels ? "Included" : "Not included"}</Item>
            </dl>

            {pendingPlan && nextGrant && !grantsEnd ? (
              <p
                className="rounded-md bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-amber-600/20 ring-inset dark:bg-amber-500/10 dark:text-amber-100 dark:ring-amber-400/30"
                data-testid="pending-downgrade"
              >
                <strong className="font-semibold">Downgrade scheduled:</strong> {pendingPlan.name} starts with
                the next monthly grant on <Instant at={nextGrant} timeZone={tz} dateOnly />, with{" "}
                {formatCredits(pendingPlan.monthlyCredits)} credits a month. This month&apos;s credits are not
                touched. {canManage ? `To stay on ${plan.name}, choose Keep ${plan.name} below.` : null}
              </p>
            ) : null}

            {workspace.cancelAtTermEnd ? (
              <p className="rounded-md bg-slate-50 px-3 py-2.5 text-sm text-slate-700 dark:bg-slate-800/60 dark:text-slate-300">
                {plan.name} ends
                {termEnd ? (
                  <>
                    {" "}
                    on <Instant at={termEnd} timeZone={tz} dateOnly />
                  </>
                ) : null}
                . Credits already granted stay until they expire; top-up credits stay spendable on what the
                Free plan allows.
              </p>
            ) : null}
          </>
        ) : (
          <>
            {isPastDue ? (
              <p className="rounded-md bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-amber-600/20 ring-inset dark:bg-amber-500/10 dark:text-amber-100 dark:ring-amber-400/30">
                The last payment for {subscribedPlan.name} failed, so no monthly credits are granted until it
                is paid. Update the card under{" "}
                <a href="#payment-methods" className="font-medium underline underline-offset-2">
                  Payment methods &amp; invoices
                </a>{" "}
                to continue.
              </p>
            ) : workspace.subscriptionStatus === "canceled" && subscribedPlan.id !== "free" ? (
              <p className="rounded-md bg-slate-50 px-3 py-2.5 text-sm text-slate-700 dark:bg-slate-800/60 dark:text-slate-300">
                Your {subscribedPlan.name} subscription has ended. Top-up credits you still have can be spent
                on what the Free plan allows (no Pro models).
              </p>
            ) : null}
            <div>
              <p
                className="text-sm font-medium text-slate-900 dark:text-white"
                data-testid="free-daily-credits"
              >
                Free: {formatCredits(FREE_DAILY_CREDITS)} free credits every day, expiring at midnight (
                {tzName})
              </p>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="free-credits-today">
                {hasTodaysFreeCredits
                  ? `Today's ${formatCredits(FREE_DAILY_CREDITS)} have arrived. They expire at midnight, when tomorrow's arrive: `
                  : `Today's ${formatCredits(FREE_DAILY_CREDITS)} arrive within a minute and expire at midnight: `}
                <Instant at={today.end} timeZone={tz} />.
              </p>
            </div>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-5 sm:grid-cols-3">
              <Item label="Seats">{workspace.seats}</Item>
              <Item label="Pro models">Need a paid plan</Item>
              <Item label="Top-ups">Need an active subscription</Item>
            </dl>
          </>
        )}
      </CardBody>
      {canManage && isSubscribed ? (
        <div className="flex flex-wrap items-start gap-3 border-t border-slate-200 bg-slate-50 px-6 py-4 dark:border-slate-800 dark:bg-slate-900/60">
          <SubscriptionActions
            workspaceId={workspace.id}
            planName={plan.name}
            termEndsAt={termEnd?.toISOString() ?? null}
            cancelAtTermEnd={workspace.cancelAtTermEnd}
            hasAutoTopUp={plan.allowsAutoTopUp}
            timeZone={tz}
            isTestMode={isTestMode}
          />
        </div>
      ) : null}
    </Card>
  );
}
