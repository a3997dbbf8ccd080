// Turning confirmed payments into credits, and failed ones into a credit_purchase_failed event.
// Both are safe to run any number of times and in any order: the grant is keyed by the Stripe
// Checkout Session id, and a purchase's status only moves forward (pending/failed -> paid).
import "server-only";
import { recordAudit } from "@/db/queries/audit";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import { findMembership } from "@/db/queries/members";
import {
  findPurchaseByPaymentRef,
  lockPurchase,
  markPurchaseFailed,
  markPurchasePaid,
  notePendingPurchase,
  type PaymentRef,
} from "@/db/queries/purchases";
import { grant } from "@/lib/ledger";
import { recordAutoTopUpFailure, recordAutoTopUpSuccess } from "./auto-top-up";
import { systemKey } from "@/lib/ledger/keys";
import type { Deps } from "@/lib/deps";

export type FulfilOutcome = "granted" | "already_paid" | "unknown_purchase";

/** Adds the purchased credits (top-up credits, never expiring) once Stripe confirms payment. */
export async function fulfilPurchase(
  ctx: Deps,
  ref: PaymentRef,
  options: { source?: "webhook" | "reconciliation" } = {},
): Promise<FulfilOutcome> {
  const purchase = await findPurchaseByPaymentRef(ctx.db, ref);
  if (!purchase) return "unknown_purchase";
  if (purchase.status === "paid") return "already_paid";
  // Keyed by the Checkout Session, or for off-session charges (auto top-up) by the PaymentIntent
  // the event names, so a replayed success adds credits once.
  const sessionKey =
    purchase.checkoutSessionId ?? ref.paymentIntentId ?? purchase.paymentIntentId ?? purchase.id;
  const buyer = purchase.createdByUserId
    ? await findMembership(ctx.db, purchase.workspaceId, purchase.createdByUserId)
    : null;
  // The amount comes from our own record of what was bought, never from the event.
  const granted = await grant(ctx, {
    workspaceId: purchase.workspaceId,
    type: "top_up",
    code: purchase.kind === "auto_top_up" ? "auto_top_up" : "top_up",
    amount: purchase.credits,
    expiresAt: null,
    membershipId: buyer?.id ?? null,
    reference: sessionKey,
    // The same request whoever makes it (webhook or reconciliation), so a replay is recognised.
    metadata: { purchaseId: purchase.id, amountCents: purchase.amountCents, currency: purchase.currency },
    idempotencyKey: systemKey("stripe", sessionKey),
  });
  if (!granted.ok) throw new Error(`could not grant purchase ${purchase.id}: ${granted.message}`);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const flipped = await markPurchasePaid(tx, purchase.id, {
      ledgerEntryId: granted.entryId,
      paymentIntentId: ref.paymentIntentId,
      at: now,
    });
    // Only the call that moved it to paid records it, so concurrent duplicates audit once.
    if (flipped && purchase.kind === "auto_top_up") {
      await recordAutoTopUpSuccess(tx, purchase, {
        paymentIntentId: ref.paymentIntentId ?? purchase.paymentIntentId,
        balanceAfter: granted.balanceAfter,
        at: now,
      });
    }
    if (flipped && purchase.kind === "one_time") {
      await recordAudit(tx, {
        workspaceId: purchase.workspaceId,
        actorUserId: purchase.createdByUserId,
        action: "credits.purchased",
        targetType: "credits",
        targetId: purchase.id,
        targetLabel: `${purchase.credits} credits`,
        after: {
          credits: purchase.credits,
          amountCents: purchase.amountCents,
          currency: purchase.currency,
          // Credits added by reconciliation (the webhook never came) say so in the audit log.
          ...(options.source === "reconciliation" ? { recoveredBy: "reconciliation" } : {}),
        },
        at: now,
      });
    }
  });
  return granted.replayed ? "already_paid" : "granted";
}

export type FailOutcome = "failed" | "ignored" | "unknown_purchase" | "declined_checkout_open";

/** A failure as its reporter (webhook, reconciliation, the purchase's own charge) saw it. */
type ReportedFailure = {
  status: "failed" | "expired";
  code: string;
  message: string;
  eventId: string;
  /** False when the buyer was in the page and was told: no credit_purchase_failed. */
  notify?: boolean;
};

/** Why a checkout ended unpaid because its buyer cancelled it (no failure to report). */
export const CHECKOUT_CANCELLED = {
  code: "checkout_cancelled",
  message: "You cancelled this checkout. Nothing was charged.",
} as const;

/**
 * A card declined inside a Checkout that is still open: the buyer may try another card, so the
 * purchase stays pending and nobody is told of a failure yet; the decline is kept as the reason if
 * the checkout later ends unpaid.
 */
export async function noteCheckoutDecline(
  ctx: Deps,
  ref: PaymentRef,
  decline: { code: string; message: string },
): Promise<FailOutcome> {
  const purchase = await findPurchaseByPaymentRef(ctx.db, ref);
  if (!purchase) return "unknown_purchase";
  const noted = await notePendingPurchase(ctx.db, purchase.id, { ...decline, at: ctx.clock.now() });
  return noted ? "declined_checkout_open" : "ignored";
}

/**
 * Records a failed, declined or expired payment: nothing is added, the purchase shows why, and
 * owners and admins get credit_purchase_failed (unless `notify` is false: the buyer was in the page
 * and was told). A checkout its buyer cancelled ends quietly, and one that expires after a decline
 * names the decline. A purchase that was already paid stays paid.
 */
export async function failPurchase(
  ctx: Deps,
  ref: PaymentRef,
  reported: ReportedFailure,
): Promise<FailOutcome> {
  const purchase = await findPurchaseByPaymentRef(ctx.db, ref);
  if (!purchase) return "unknown_purchase";
  const failure = outcomeOf(purchase, reported);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // Lock the purchase so concurrent deliveries of one failure see each other.
    const current = await lockPurchase(tx, purchase.id);
    // An auto top-up attempt fails once: a replay, or a later failure while its owner tries to
    // authenticate, is not another failed attempt (it would count towards switching off).
    if (purchase.kind === "auto_top_up" && current?.status !== "pending") return "ignored";
    const changed = await markPurchaseFailed(tx, purchase.id, {
      status: failure.status,
      code: failure.code,
      message: failure.message,
      paymentIntentId: ref.paymentIntentId,
      at: now,
    });
    if (!changed) return "ignored";
    if (!failure.notify) return "failed";
    const autoTopUp =
      purchase.kind === "auto_top_up"
        ? await recordAutoTopUpFailure(tx, purchase, { code: failure.code, at: now })
        : null;
    await raiseCreditEvent(tx, {
      workspaceId: purchase.workspaceId,
      type: "credit_purchase_failed",
      dedupeKey: `credit_purchase_failed:${purchase.id}:${failure.eventId}`,
      payload: {
        purchaseId: purchase.id,
        credits: purchase.credits,
        amountCents: purchase.amountCents,
        currency: purchase.currency,
        kind: purchase.kind,
        reason: failure.code,
        message: failure.message,
        ...(autoTopUp
          ? {
              consecutiveFailures: autoTopUp.consecutiveFailures,
              autoTopUpSwitchedOff: autoTopUp.switchedOff,
              actionPath: autoTopUp.actionPath,
            }
          : {}),
      },
      at: now,
    });
    return "failed";
  });
}

/** What an unpaid ending means for this purchase: the decline noted while its checkout was open, or its buyer's cancel. */
function outcomeOf(
  purchase: { status: string; failureCode: string | null; failureMessage: string | null },
  reported: ReportedFailure,
) {
  const notify = reported.notify ?? true;
  if (purchase.status !== "pending" || reported.status !== "expired" || !purchase.failureCode)
    return { ...reported, notify };
  if (purchase.failureCode === CHECKOUT_CANCELLED.code)
    return { ...reported, ...CHECKOUT_CANCELLED, notify: false };
  return {
    ...reported,
    code: purchase.failureCode,
    message: purchase.failureMessage ?? reported.message,
    notify,
  };
}
