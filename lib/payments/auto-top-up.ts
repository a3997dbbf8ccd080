// What an auto top-up's outcome does to its settings, in the same transaction as the webhook
// handling that records the outcome: a success resets the failure count and raises
// credit_auto_recharge_triggered; a failure counts, and the third in a row switches auto top-up off.
import "server-only";
import type { Executor } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { countAutoTopUpFailure, updateAutoTopUpSettings } from "@/db/queries/auto-top-up";
import { setAutoTopUpThreshold } from "@/db/queries/credit-accounts";
import { getWorkspace } from "@/db/queries/workspaces";
import type { CreditPurchase } from "@/db/schema";
import { MAX_CONSECUTIVE_FAILURES, SWITCHED_OFF_AFTER_FAILURES } from "@/lib/billing/auto-top-up";
import { defaultLowBalanceThreshold } from "@/lib/billing/plans";
import { raiseCreditEvent } from "@/db/queries/credit-events";

/** The page where owners finish a payment their bank wants to authenticate. */
export function authenticationPath(slug: string, purchaseId: string): string {
  return `/w/${slug}/settings/billing/auto-top-up/${purchaseId}`;
}

/** A paid auto top-up: reset the failure count and tell owners and admins. */
export async function recordAutoTopUpSuccess(
  tx: Executor,
  purchase: CreditPurchase,
  paid: { paymentIntentId: string | null; balanceAfter: number; at: Date },
): Promise<void> {
  await updateAutoTopUpSettings(tx, purchase.workspaceId, { consecutiveFailures: 0 });
  await raiseCreditEvent(tx, {
    workspaceId: purchase.workspaceId,
    type: "credit_auto_recharge_triggered",
    dedupeKey: `credit_auto_recharge_triggered:${purchase.id}`,
    payload: {
      purchaseId: purchase.id,
      paymentIntentId: paid.paymentIntentId,
      credits: purchase.credits,
      amountCents: purchase.amountCents,
      currency: purchase.currency,
      balanceAfter: paid.balanceAfter,
    },
    at: paid.at,
  });
}

export type AutoTopUpFailure = {
  consecutiveFailures: number;
  switchedOff: boolean;
  /** Where owners finish the payment, when the bank asked for authentication. */
  actionPath: string | null;
};

/**
 * A failed auto top-up charge (declined, or needing authentication): count it, and after
 * MAX_CONSECUTIVE_FAILURES in a row switch auto top-up off (audited, and said on the card).
 */
export async function recordAutoTopUpFailure(
  tx: Executor,
  purchase: CreditPurchase,
  failure: { code: string; at: Date },
): Promise<AutoTopUpFailure> {
  const counted = await countAutoTopUpFailure(tx, purchase.workspaceId);
  const workspace = await getWorkspace(tx, purchase.workspaceId);
  const actionPath =
    failure.code === "authentication_required" && workspace
      ? authenticationPath(workspace.slug, purchase.id)
      : null;
  const consecutiveFailures = counted?.consecutiveFailures ?? 1;
  const switchedOff = Boolean(counted?.isEnabled) && consecutiveFailures >= MAX_CONSECUTIVE_FAILURES;
  if (switchedOff) {
    await updateAutoTopUpSettings(tx, purchase.workspaceId, {
      isEnabled: false,
      disabledReason: SWITCHED_OFF_AFTER_FAILURES,
      disabledAt: failure.at,
    });
    // A workspace that is gone took its credit account with it.
    if (workspace) await setAutoTopUpThreshold(tx, workspace.id, null, defaultLowBalanceThreshold(workspace));
    await recordAudit(tx, {
      workspaceId: purchase.workspaceId,
      actorUserId: null,
      action: "auto_top_up.changed",
      targetType: "auto_top_up",
      targetId: purchase.workspaceId,
      targetLabel: workspace?.name ?? null,
      before: { enabled: true },
      after: { enabled: false, reason: SWITCHED_OFF_AFTER_FAILURES, consecutiveFailures },
      at: failure.at,
    });
  }
  return { consecutiveFailures, switchedOff, actionPath };
}
