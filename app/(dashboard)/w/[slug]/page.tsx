import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/page-access";
import { can } from "@/lib/auth/permissions";
import { getAutoTopUpStatus } from "@/lib/credits/auto-top-up-status";
import { getClock } from "@/lib/clock";
import { getDb } from "@/lib/db";
import { getBalance, getMemberAllowance, listTransactions } from "@/lib/ledger";
import { OverviewCreditsCard } from "./overview-credits-card";
import { AllowanceSummary } from "./allowance-summary";
import { PageHeader } from "@/components/shell/page-header";
import { AutoTopUpDeclinedBanner } from "@/components/credits/auto-top-up-declined-banner";

export const metadata: Metadata = { title: "Overview" };
// Balances change with every generation: never prerender this page.
export const dynamic = "force-dynamic";

const RECENT_TRANSACTIONS = 5;

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
    const [balance, page, autoTopUp] = await Promise.all([
      getBalance(ctx, workspace.id),
      listTransactions(ctx.db, workspace.id, { limit: RECENT_TRANSACTIONS }),
      getAutoTopUpStatus({ db: ctx.db, now }, workspace),
    ]);
    return (
      <>
        <PageHeader title="Overview" description="The workspace's shared credits and its latest activity." />
        <AutoTopUpDeclinedBanner
          status={autoTopUp}
          workspace={{ id: workspace.id, slug: workspace.slug, timeZone: workspace.timeZone }}
          canManage={can(access.role, "auto-top-up:manage")}
        />
        <OverviewCreditsCard
          workspace={workspace}
          role={access.role}
          balance={balance}
          transactions={page.items}
          now={now}
        />
      </>
    );
  }

  const allowance = await getMemberAllowance(ctx, workspace.id, access.membershipId);
  return (
    <>
      <PageHeader title="Overview" description={`Your credits in ${workspace.name} this month.`} />
      <AllowanceSummary
        allowance={allowance}
        timeZone={workspace.timeZone}
        usageHref={`/w/${workspace.slug}/usage`}
      />
    </>
  );
}
