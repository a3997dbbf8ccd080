import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/page-access";
import { can } from "@/lib/auth/permissions";
import { hasActiveSubscription, type PlanId } from "@/lib/billing/plans";
import { describePlanChange } from "@/lib/billing/subscriptions";
import { getClock } from "@/lib/clock";
import { env } from "@/lib/env";
import { isTestMode } from "@/lib/payments";
import { formatLocalDate } from "@/lib/format";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { CurrentPlanCard } from "./current-plan-card";
import { HowCreditsArrive } from "./how-credits-arrive";
import type { CurrentSubscription, PlanChangePreview } from "./plan-change";
import { PAID_PLANS } from "@/components/plans/plan-format";
import { PlanPicker } from "./plan-picker";
import { TestModeNote } from "./test-mode-note";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Plan & billing" };
// The plan changes with every subscription event: never prerender.
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

/** The day of the month `at` falls on in `timeZone`. */
function dayOfMonth(at: Date, timeZone: string): number {
  return Number(formatLocalDate(at, timeZone).slice(-2));
}

export default async function PlanPage({ params }: Props) {
  const { slug } = await params;
  const { allowed, access } = await requirePageAccess(slug, "credits:view", `/w/${slug}/settings/plan`);
  if (!allowed) return <ForbiddenNotice slug={slug} title="Plan & billing" role={access.role} />;

  const { workspace } = access;
  const now = getClock().now();
  const testMode = isTestMode();
  const canManage = can(access.role, "credits:purchase");
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
    <>
      <PageHeader
        title="Plan & billing"
        description={`${workspace.name}'s plan, its billing period and when credits arrive.`}
      />
      <div className="space-y-8">
        {testMode ? (
          <TestModeNote>
            Stripe is not configured, so no real payment happens. Plan changes apply at once, through the same
            webhook handling Stripe&apos;s events go through.
          </TestModeNote>
        ) : null}

        <CurrentPlanCard workspace={workspace} now={now} canManage={canManage} isTestMode={testMode} />

        <Card aria-labelledby="choose-plan-heading">
          <CardHeader>
            <div>
              <h2 id="choose-plan-heading" className="text-base font-semibold text-slate-900 dark:text-white">
                {isSubscribed ? "Change plan" : "Choose a plan"}
              </h2>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {canPickPlan
                  ? "You see what a change does to this month's credits before you confirm it."
                  : canManage
                    ? "Update the payment method above before changing plans."
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
                isTestMode={testMode}
                publishableKey={testMode ? null : (env.STRIPE_PUBLISHABLE_KEY ?? null)}
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
      </div>
    </>
  );
}
