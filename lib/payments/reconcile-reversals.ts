// Reconciliation of refunds and disputes: the provider's refunds and disputes since a time, each
// applied through the same code the webhooks use (keyed by its id), so one whose webhook was lost is
// applied once and one already applied changes nothing.
import "server-only";
import { closeDisputeOf, disputeOutcome, openDispute } from "./disputes";
import { reconcileChargeRefunds } from "./refunds";
import { findReversalTarget, type ReversalTarget } from "./reversal-target";
import type { ReversalMethods } from "./types";
import type { Deps } from "@/lib/deps";

export type ReversalsReport = {
  /** Refunds and disputes the provider listed (in scope). */
  checked: number;
  /** Their provider ids, where this run applied something (the webhook had not). */
  applied: string[];
};

/** Finds and applies refunds and disputes made since `since` that the webhooks did not apply. */
export async function reconcileReversals(
  ctx: Deps,
  provider: ReversalMethods,
  since: Date,
  options: { workspaceId?: string } = {},
): Promise<ReversalsReport> {
  const report: ReversalsReport = { checked: 0, applied: [] };
  // A charge's refunds are applied together: one pass per charge is enough.
  const chargesDone = new Set<string>();
  const targets = new Map<string, ReversalTarget | null>();
  const targetOf = async (paymentIntentId: string | null) => {
    if (!paymentIntentId) return null;
    if (!targets.has(paymentIntentId))
      targets.set(paymentIntentId, await findReversalTarget(ctx, provider, paymentIntentId));
    return targets.get(paymentIntentId) ?? null;
  };
  for await (const reversal of provider.listReversals(since, ctx)) {
    const target = await targetOf(reversal.paymentIntentId);
    if (!target || (options.workspaceId && target.workspaceId !== options.workspaceId)) continue;
    report.checked += 1;
    if (reversal.kind === "refund") {
      if (chargesDone.has(reversal.chargeId)) continue;
      chargesDone.add(reversal.chargeId);
      const outcome = await reconcileChargeRefunds(ctx, provider, target, { id: reversal.chargeId });
      report.applied.push(...outcome.applied);
      continue;
    }
    const outcome = disputeOutcome(reversal.status);
    const result = outcome
      ? await closeDisputeOf(ctx, target, reversal, outcome)
      : await openDispute(ctx, target, reversal);
    if (result === "held" || result === "won" || result === "lost") report.applied.push(reversal.id);
  }
  return report;
}
