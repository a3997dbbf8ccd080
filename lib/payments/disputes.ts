// Disputes: a cardholder's bank takes the money back until the dispute is decided. Opened: what is
// left of the payment's credits is held (not spendable, visibly). Closed: won releases them; lost
// takes back the disputed share (held credits first, then what is left, the rest as debt). Events may
// come in any order and any number of times: the row remembers the first outcome, the ledger is keyed.
import "server-only";
import {
  closeDispute,
  recordReversalApplied,
  saveDisputeOnce,
  sumCreditsTakenBack,
} from "@/db/queries/payment-reversals";
import type { PaymentReversal } from "@/db/schema";
import { closeDisputedCredits, holdDisputedCredits } from "@/lib/ledger";
import { systemKey } from "@/lib/ledger/keys";
import { noticeReversal } from "./reversal-notice";
import { lostDisputeCredits } from "./reversal-credits";
import type { ReversalTarget } from "./reversal-target";
import type { ProviderDispute } from "./types";
import type { Deps } from "@/lib/deps";

/** Stripe's dispute statuses that mean it is over: won (or an inquiry closed), or lost. */
export function disputeOutcome(status: string): "won" | "lost" | null {
  if (status === "lost") return "lost";
  if (status === "won" || status === "warning_closed") return "won";
  return null;
}

export type DisputeOutcome = "held" | "won" | "lost" | "already_applied" | "already_closed";

function saveDispute(ctx: Deps, target: ReversalTarget, dispute: ProviderDispute) {
  const now = ctx.clock.now();
  return saveDisputeOnce(ctx.db, {
    workspaceId: target.workspaceId,
    kind: "dispute",
    provider: dispute.id.includes("_test_local_") ? "test" : "stripe",
    providerId: dispute.id,
    chargeId: dispute.chargeId,
    paymentIntentId: dispute.paymentIntentId,
    purchaseId: target.purchaseId,
    planInvoiceId: target.planInvoiceId,
    amountCents: dispute.amountCents,
    currency: dispute.currency,
    status: "open",
    reason: dispute.reason,
    createdAt: dispute.createdAt,
    updatedAt: now,
  });
}

async function notice(
  ctx: Deps,
  target: ReversalTarget,
  row: PaymentReversal,
  figures: Parameters<typeof noticeReversal>[3] & { ledgerEntryId: number | null; closedAt?: Date },
): Promise<boolean> {
  const now = ctx.clock.now();
  const { ledgerEntryId, closedAt, ...shown } = figures;
  return ctx.db.transaction(async (tx) => {
    await recordReversalApplied(tx, row.id, {
      credits: shown.credits,
      taken: shown.taken,
      owed: shown.owed,
      ledgerEntryId,
      closedAt,
      at: now,
    });
    return noticeReversal(tx, target, row, shown, now);
  });
}

/** charge.dispute.created (or reconciliation finding an open dispute): hold what is left of the payment. */
export async function openDispute(
  ctx: Deps,
  target: ReversalTarget,
  dispute: ProviderDispute,
): Promise<DisputeOutcome> {
  const row = await saveDispute(ctx, target, dispute);
  // Closed already (its closed event came first): holding now would hold credits for good.
  if (row.status !== "open") return "already_closed";
  const held = await holdDisputedCredits(ctx, {
    workspaceId: target.workspaceId,
    lotIds: target.lotIds,
    reference: dispute.id,
    idempotencyKey: systemKey("stripe", "dispute", dispute.id, "hold"),
    metadata: { purchaseId: target.purchaseId, planInvoiceId: target.planInvoiceId },
  });
  if (!held.ok) throw new Error(`could not hold dispute ${dispute.id}: ${held.message}`);
  const isNew = await notice(ctx, target, row, {
    credits: held.held,
    held: held.held,
    taken: 0,
    owed: 0,
    ledgerEntryId: held.entryId,
  });
  return isNew ? "held" : "already_applied";
}

/** charge.dispute.closed: won releases the hold, lost takes back the disputed share (with debt). */
export async function closeDisputeOf(
  ctx: Deps,
  target: ReversalTarget,
  dispute: ProviderDispute,
  outcome: "won" | "lost",
): Promise<DisputeOutcome> {
  const now = ctx.clock.now();
  await saveDispute(ctx, target, dispute);
  const payment = { purchaseId: target.purchaseId, planInvoiceId: target.planInvoiceId };
  const credits =
    outcome === "lost"
      ? lostDisputeCredits(target, {
          amountCents: dispute.amountCents,
          creditsAlreadyTaken: await sumCreditsTakenBack(ctx.db, target.workspaceId, payment, dispute.id),
        })
      : 0;
  // The first outcome recorded stands (and its credits): a replay decides nothing anew.
  const row = await closeDispute(ctx.db, target.workspaceId, dispute.id, {
    status: outcome,
    credits,
    at: now,
  });
  if (row.status !== "won" && row.status !== "lost") return "already_closed";
  const closed = await closeDisputedCredits(ctx, {
    workspaceId: target.workspaceId,
    lotIds: target.lotIds,
    reference: dispute.id,
    outcome: row.status,
    credits: row.status === "lost" ? row.credits : 0,
    idempotencyKey: systemKey("stripe", "dispute", dispute.id, "close"),
    metadata: payment,
  });
  if (!closed.ok) throw new Error(`could not close dispute ${dispute.id}: ${closed.message}`);
  const isNew = await notice(ctx, target, row, {
    credits: row.status === "lost" ? row.credits : closed.released,
    released: closed.released,
    taken: closed.taken,
    owed: closed.owed,
    debtAfter: closed.debtAfter,
    ledgerEntryId: closed.entryId,
    closedAt: now,
  });
  return isNew ? row.status : "already_applied";
}
