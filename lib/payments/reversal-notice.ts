// Telling owners and admins that money went back: the credit event (bell, email, signed webhooks)
// and the audit log entry, written together and once per refund or dispute step.
import "server-only";
import type { Executor } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import type { PaymentReversal } from "@/db/schema";
import type { ReversalTarget } from "./reversal-target";

export type ReversalFigures = {
  credits: number;
  taken: number;
  owed: number;
  held?: number;
  released?: number;
  debtAfter?: number;
};

/**
 * Raises `credit_purchase_refunded` (a refund) or `credit_purchase_disputed` (a dispute opened, won
 * or lost) and records it in the audit log. The event's dedupe key is the reversal and its status,
 * so a replay raises and audits nothing more.
 */
export async function noticeReversal(
  tx: Executor,
  target: ReversalTarget,
  reversal: PaymentReversal,
  figures: ReversalFigures,
  at: Date,
): Promise<boolean> {
  const isRefund = reversal.kind === "refund";
  const payload = {
    ...(isRefund ? { refundId: reversal.providerId } : { disputeId: reversal.providerId }),
    status: reversal.status,
    kind: target.kind,
    purchaseId: target.purchaseId,
    planInvoiceId: target.planInvoiceId,
    amountCents: reversal.amountCents,
    currency: reversal.currency,
    reason: reversal.reason,
    ...figures,
  };
  const type = isRefund ? "credit_purchase_refunded" : "credit_purchase_disputed";
  const raised = await raiseCreditEvent(tx, {
    workspaceId: target.workspaceId,
    type,
    dedupeKey: `${type}:${reversal.providerId}:${reversal.status}`,
    payload,
    at,
  });
  if (!raised) return false;
  await recordAudit(tx, {
    workspaceId: target.workspaceId,
    // The provider did it (Stripe, a cardholder's bank): no person in this workspace.
    actorUserId: null,
    action: isRefund ? "credits.refunded" : "credits.disputed",
    targetType: "credits",
    targetId: target.purchaseId ?? target.planInvoiceId,
    targetLabel:
      target.kind === "plan" ? `Plan invoice ${target.planInvoiceId}` : `${target.credits} credits`,
    after: payload,
    at,
  });
  return true;
}
