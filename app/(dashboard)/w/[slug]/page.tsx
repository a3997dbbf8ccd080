import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { requirePageAccess } from "@/lib/auth/page-access";
import { can } from "@/lib/auth/permissions";
import { getClock } from "@/lib/clock";
import { getCreditsSummary } from "@/lib/credits/summary";
import { getDb } from "@/lib/db";
import { formatTimeZoneName } from "@/lib/format";
import { getMemberAllowance, readDebt } from "@/lib/ledger";
import { SpendingPausedNotice } from "@/components/credits/debt-banner";
import { listLimitSettingsThisMonth } from "@/db/queries/audit";
import { OverviewCreditsCard } from "./overview-credits-card";
import { AllowanceSummary } from "./allowance-summary";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Overview" };
// Balances change with every generation: never prerender this page.
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

/**
 * Owners and admins see the workspace's Credits card; members see only their own allowance (the
 * workspace's balance is not theirs to see, and is never read for them).
 */
export default async function WorkspaceOverviewPage({ params }: Props) {
  const { slug } = await params;
  const { allowed: canSeeCredits, access } = await requirePageAccess(slug, "credits:view");
  const ctx = { db: getDb(), clock: getClock() };
  const now = ctx.clock.now();
  const { workspace } = access;

  if (canSeeCredits) {
    const summary = await getCreditsSummary(ctx, workspace);
    return (
      <>
        <PageHeader
          title="Overview"
          description={`${workspace.name}'s shared credits and their latest activity.`}
        />
        <OverviewCreditsCard
          initial={summary}
          renderId={randomUUID()}
          workspace={{ id: workspace.id, slug: workspace.slug, timeZone: workspace.timeZone }}
          timeZoneName={formatTimeZoneName(workspace.timeZone, now)}
          canPurchase={can(access.role, "credits:purchase")}
          canManageAutoTopUp={can(access.role, "auto-top-up:manage")}
        />
      </>
    );
  }

  const [allowance, debt, [limitSet]] = await Promise.all([
    getMemberAllowance(ctx, workspace.id, access.membershipId),
    readDebt(ctx.db, workspace.id),
    listLimitSettingsThisMonth(ctx.db, workspace.id, now, [access.membershipId]),
  ]);
  return (
    <>
      <PageHeader title="Overview" description={`Your credits in ${workspace.name} this month.`} />
      {/* Whether spending is paused, never by how much: the workspace's figures are not a member's to see. */}
      {debt.owed > 0 ? <SpendingPausedNotice /> : null}
      <AllowanceSummary
        allowance={allowance}
        limitSet={limitSet ?? null}
        timeZone={workspace.timeZone}
        usageHref={`/w/${workspace.slug}/usage`}
      />
    </>
  );
}
