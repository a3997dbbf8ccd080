// Refunds: each succeeded refund of a charge takes back its share of what the payment bought, once.
// The charge's refunds are read in the provider's order and each one's credits decided from the
// cents refunded before it, so partial refunds add up exactly, in whatever order their events come.
import "server-only";
import { saveRefund, recordReversalApplied } from "@/db/queries/payment-reversals";
import { takeBackCredits } from "@/lib/ledger";
import { systemKey } from "@/lib/ledger/keys";
import { noticeReversal } from "./reversal-notice";
import { refundCredits } from "./reversal-credits";
import type { ReversalTarget } from "./reversal-target";
import type { ReversalMethods, ProviderRefund } from "./types";
import type { Deps } from "@/lib/deps";

export type RefundsOutcome = { applied: string[]; pending: string[] };

/** Refunds the provider counts as money gone back (a failed or canceled one gave nothing back). */
function isMoneyBack(refund: ProviderRefund): boolean {
  return refund.status === "succeeded";
}

/**
 * Applies every refund of a charge that is not applied yet (each keyed by its id): records it in
 * payment_reversals with its credits, takes them back (from the payment's lots, the rest as debt),
 * and tells owners. Safe to run again with the same or a longer list of refunds.
 */
export async function applyChargeRefunds(
  ctx: Deps,
  target: ReversalTarget,
  refunds: readonly ProviderRefund[],
): Promise<RefundsOutcome> {
  const outcome: RefundsOutcome = { applied: [], pending: [] };
  let centsBefore = 0;
  let creditsBefore = 0;
  for (const refund of refunds) {
    const now = ctx.clock.now();
    const isBack = isMoneyBack(refund);
    const row = await saveRefund(ctx.db, {
      workspaceId: target.workspaceId,
      kind: "refund",
      provider: refund.id.includes("_test_local_") ? "test" : "stripe",
      providerId: refund.id,
      chargeId: refund.chargeId,
      paymentIntentId: refund.paymentIntentId,
      purchaseId: target.purchaseId,
      planInvoiceId: target.planInvoiceId,
      amountCents: refund.amountCents,
      currency: refund.currency,
      status: isBack ? "succeeded" : statusOf(refund.status),
      reason: refund.reason,
      credits: isBack
        ? refundCredits(target, { centsBefore, amountCents: refund.amountCents, creditsBefore })
        : 0,
      createdAt: refund.createdAt,
      updatedAt: now,
    });
    if (row.status !== "succeeded") {
      outcome.pending.push(refund.id);
      continue;
    }
    // What this refund took is decided once (stored on its row); the next one builds on it.
    centsBefore += row.amountCents;
    creditsBefore += row.credits;
    const applied =
      row.credits > 0
        ? await takeBackCredits(ctx, {
            workspaceId: target.workspaceId,
            lotIds: target.lotIds,
            credits: row.credits,
            reason: "refund",
            reference: refund.id,
            idempotencyKey: systemKey("stripe", "refund", refund.id),
            metadata: { purchaseId: target.purchaseId, planInvoiceId: target.planInvoiceId },
          })
        : null;
    if (applied && !applied.ok)
      throw new Error(`could not take back refund ${refund.id}: ${applied.message}`);
    const figures = {
      credits: row.credits,
      taken: applied?.taken ?? 0,
      owed: applied?.owed ?? 0,
      ...(applied ? { debtAfter: applied.debtAfter } : {}),
    };
    const isNew = await ctx.db.transaction(async (tx) => {
      await recordReversalApplied(tx, row.id, {
        taken: figures.taken,
        owed: figures.owed,
        ledgerEntryId: applied?.entryId ?? null,
        at: now,
      });
      return noticeReversal(tx, target, row, figures, now);
    });
    if (isNew) outcome.applied.push(refund.id);
  }
  return outcome;
}

function statusOf(status: string): "pending" | "failed" | "canceled" {
  return status === "failed" ? "failed" : status === "canceled" ? "canceled" : "pending";
}

/** Reads a charge's refunds from the provider and applies them (the webhook and reconciliation share it). */
export async function reconcileChargeRefunds(
  ctx: Deps,
  provider: ReversalMethods,
  target: ReversalTarget,
  charge: Parameters<ReversalMethods["listChargeRefunds"]>[0],
): Promise<RefundsOutcome> {
  const refunds = await provider.listChargeRefunds(charge, ctx);
  return applyChargeRefunds(ctx, target, refunds);
}
