// Credits on a clock: monthly subscription grants (monthly, quarterly and annual plans alike), free
// daily credits for workspaces without a subscription, expiries and hold timeouts. Every step is
// idempotent (grants are keyed by workspace and period) and catches up after downtime: a period
// that is over is not granted late (its credits would already have expired), the current one is.
import "server-only";
import { listDueSubscriptionGrants } from "@/db/queries/subscriptions";
import { listDueFreeCredits } from "@/db/queries/workspaces";
import { expire, expireAllDue, releaseTimedOutHolds } from "@/lib/ledger";
import { grantDueFreeCredits } from "@/lib/subscriptions/free-credits";
import { grantDueSubscriptionCredits } from "@/lib/subscriptions/monthly-grant";
import type { Deps } from "@/lib/deps";

export type CycleReport = {
  subscriptionGrants: number;
  subscriptionsEnded: number;
  freeGrants: number;
  expired: number;
  holdsReleased: number;
};

/**
 * Everything due as of the clock's now, for every workspace (or only `workspaceIds`). Safe to run
 * any number of times.
 */
export async function runDueCycles(
  ctx: Deps,
  options: { workspaceIds?: string[] } = {},
): Promise<CycleReport> {
  const now = ctx.clock.now();
  const only = options.workspaceIds;
  const report: CycleReport = {
    subscriptionGrants: 0,
    subscriptionsEnded: 0,
    freeGrants: 0,
    expired: 0,
    holdsReleased: 0,
  };

  // Expiries and hold timeouts first, so the report counts what expired; grants then start clean.
  if (only) {
    for (const workspaceId of only) {
      const expired = await expire(ctx, workspaceId);
      if (expired.ok) report.expired += expired.expired;
      report.holdsReleased += (await releaseTimedOutHolds(ctx, { workspaceId })).released;
    }
  } else {
    report.expired = (await expireAllDue(ctx)).expired;
    report.holdsReleased = (await releaseTimedOutHolds(ctx)).released;
  }
  const dueSubscriptions = await listDueSubscriptionGrants(ctx.db, now, only);
  for (const workspace of dueSubscriptions) {
    const result = await grantDueSubscriptionCredits(ctx, workspace);
    if (result === "granted") report.subscriptionGrants += 1;
    if (result === "ended") report.subscriptionsEnded += 1;
  }

  // Workspaces without a subscription whose local "today" has no free credits yet.
  const dueFree = await listDueFreeCredits(ctx.db, now, only);
  for (const workspace of dueFree) if (await grantDueFreeCredits(ctx, workspace)) report.freeGrants += 1;

  return report;
}
