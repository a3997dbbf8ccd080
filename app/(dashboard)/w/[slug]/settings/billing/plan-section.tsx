import Link from "next/link";
import type { Workspace } from "@/db/schema/workspaces";
import { hasActiveSubscription, type PlanId } from "@/lib/billing/plans";
import { describePlanChange } from "@/lib/billing/subscriptions";
import { formatLocalDate } from "@/lib/format";
import { PAID_PLANS } from "@/components/plans/plan-format";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CurrentPlanCard } from "./current-plan-card";
import { HowCreditsArrive } from "./how-credits-arrive";
import type { CurrentSubscription, PlanChangePreview } from "./plan-change";
import { PlanPicker } from "./plan-picker";
import { SectionHeading } from "./section-heading";
import { TestModeNote } from "./test-mode-note";

type Props = {
  workspace: Workspace;
  now: Date;
  canManage: boolean;
  isTestMode: boolean;
  publishableKey: string | null;
};

/** The day of the month `at` falls on in `timeZone`. */
function dayOfMonth(at: Date, timeZone: string): number {
  return Number(formatLocalDate(at, timeZone).slice(-2));
}

/**
 * The Plan section of Credits & Billing: the plan as it stands, the plans to change to (each says
 * what it does to this month's credits before you confirm) and how credits arrive.
 */
export function PlanSection({ workspace, now, canManage, isTestMode, publishableKey }: Props) {
  const isSubscribed = hasActiveSubscription(workspace);
  const previews: Partial<Record<PlanId, PlanChangePreview>> = Object.fromEntries(
    PAID_PLANS.map((plan) => [plan.id, describePlanChange(workspace, plan.id)]),
  );
  const current: CurrentSubscription = {
    planId: workspace.plan as PlanId,
    interval: workspace.billingInterval,
    isSubscribed,
    pendingPlanId: (workspace.pendingPlan as PlanId | null) ?? null,
    cancelAtTermEnd: workspace.cancelAtTermEnd,
    termEndsAt: workspace.currentTermEndsAt?.toISOString() ?? null,
    nextGrantAt: workspace.nextSubscriptionGrantAt?.toISOString() ?? null,
  };
  // A past-due subscription is settled through the payment method, not by picking a plan.
  const canPickPlan = canManage && workspace.subscriptionStatus !== "past_due";

  return (
    <section id="plan" aria-labelledby="plan-heading" className="scroll-mt-20 space-y-6">
      <SectionHeading id="plan-heading" title="Plan">
        {workspace.name}&apos;s plan, its billing period and when credits arrive.
      </SectionHeading>
      {isTestMode ? (
        <TestModeNote>
          Stripe is not configured, so no real payment happens. Plan changes apply at once, through the same
          webhook handling Stripe&apos;s events go through.
        </TestModeNote>
      ) : null}

      <CurrentPlanCard workspace={workspace} now={now} canManage={canManage} isTestMode={isTestMode} />

      <Card aria-labelledby="choose-plan-heading">
        <CardHeader>
          <div>
            <h3 id="choose-plan-heading" className="text-base font-semibold text-slate-900 dark:text-white">
              {isSubscribed ? "Change plan" : "Choose a plan"}
            </h3>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {canPickPlan
                ? "You see what a change does to this month's credits before you confirm it."
                : canManage
                  ? "Update the card under Payment methods & invoices before changing plans."
                  : "Only owners and admins can change the plan."}
            </p>
          </div>
        </CardHeader>
        <CardBody>
          {canPickPlan ? (
            <PlanPicker
              workspaceId={workspace.id}
              current={current}
              previews={previews}
              timeZone={workspace.timeZone}
              isTestMode={isTestMode}
              publishableKey={publishableKey}
            />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              The plans and their prices are on the{" "}
              <Link
                href="/pricing"
                className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
              >
                Pricing page
              </Link>
              .
            </p>
          )}
        </CardBody>
      </Card>

      <HowCreditsArrive
        anchorDay={
          isSubscribed && workspace.billingAnchorAt
            ? dayOfMonth(workspace.billingAnchorAt, workspace.timeZone)
            : null
        }
        timeZone={workspace.timeZone}
      />
    </section>
  );
}
