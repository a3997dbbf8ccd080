// Turning confirmed payments into credits, and failed ones into a credit_purchase_failed event.
// Both are safe to run any number of times and in any order: the grant is keyed by the Stripe
// Checkout Session id, and a purchase's status only moves forward (pending/failed -> paid).
import "server-only";
import { and, eq, inArray, or } from "drizzle-orm";
import type { Database } from "@/db";
import { creditPurchases, memberships, type CreditPurchase } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit";
import { grant } from "@/lib/ledger";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import { recordAutoTopUpFailure, recordAutoTopUpSuccess } from "./auto-top-up";
import { systemKey } from "@/lib/ledger/keys";
import type { Deps } from "@/lib/deps";

export type PaymentRef = {
  checkoutSessionId?: string | null;
  purchaseId?: string | null;
  paymentIntentId?: string | null;
};

async function findPurchase(db: Database, ref: PaymentRef): Promise<CreditPurchase | null> {
  const conditions = [
    ref.purchaseId ? eq(creditPurchases.id, ref.purchaseId) : undefined,
    ref.checkoutSessionId ? eq(creditPurchases.checkoutSessionId, ref.checkoutSessionId) : undefined,
    ref.paymentIntentId ? eq(creditPurchases.paymentIntentId, ref.paymentIntentId) : undefined,
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) return null;
  const [purchase] = await db
    .select()
    .from(creditPurchases)
    .where(or(...conditions));
  return purchase ?? null;
}

export type FulfilOutcome = "granted" | "already_paid" | "unknown_purchase";

/** Adds the purchased credits (top-up credits, never expiring) once Stripe confirms payment. */
export async function fulfilPurchase(
  ctx: Deps,
  ref: PaymentRef,
  options: { source?: "webhook" | "reconciliation" } = {},
): Promise<FulfilOutcome> {
  const purchase = await findPurchase(ctx.db, ref);
  if (!purchase) return "unknown_purchase";
  if (purchase.status === "paid") return "already_paid";
  // Keyed by the Checkout Session, or for off-session charges (auto top-up) by the PaymentIntent
  // the event names, so a replayed success adds credits once.
  const sessionKey =
    purchase.checkoutSessionId ?? ref.paymentIntentId ?? purchase.paymentIntentId ?? purchase.id;
  const [buyer] = purchase.createdByUserId
    ? await ctx.db
        .select({ id: memberships.id })
        .from(memberships)
        .where(
          and(
            eq(memberships.workspaceId, purchase.workspaceId),
            eq(memberships.userId, purchase.createdByUserId),
          ),
        )
    : [];
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
    const flipped = await tx
      .update(creditPurchases)
      .set({
        status: "paid",
        ledgerEntryId: granted.entryId,
        paidAt: now,
        updatedAt: now,
        failureCode: null,
        failureMessage: null,
        ...(ref.paymentIntentId ? { paymentIntentId: ref.paymentIntentId } : {}),
      })
      .where(
        and(
          eq(creditPurchases.id, purchase.id),
          inArray(creditPurchases.status, ["pending", "failed", "expired"]),
        ),
      )
      .returning({ id: creditPurchases.id });
    // Only the call that moved it to paid records it, so concurrent duplicates audit once.
    if (flipped.length > 0 && purchase.kind === "auto_top_up") {
      await recordAutoTopUpSuccess(tx, purchase, {
        paymentIntentId: ref.paymentIntentId ?? purchase.paymentIntentId,
        balanceAfter: granted.balanceAfter,
        at: now,
      });
    }
    if (flipped.length > 0 && purchase.kind === "one_time") {
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

export type FailOutcome = "failed" | "ignored" | "unknown_purchase";

/**
 * Records a failed, declined or expired payment: nothing is added, the purchase shows why, and
 * owners and admins get credit_purchase_failed. A purchase that was already paid stays paid.
 */
export async function failPurchase(
  ctx: Deps,
  ref: PaymentRef,
  failure: { status: "failed" | "expired"; code: string; message: string; eventId: string },
): Promise<FailOutcome> {
  const purchase = await findPurchase(ctx.db, ref);
  if (!purchase) return "unknown_purchase";
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // Lock the purchase so concurrent deliveries of one failure see each other.
    const [current] = await tx
      .select({ status: creditPurchases.status })
      .from(creditPurchases)
      .where(eq(creditPurchases.id, purchase.id))
      .for("update");
    // An auto top-up attempt fails once: a replay, or a later failure while its owner tries to
    // authenticate, is not another failed attempt (it would count towards switching off).
    if (purchase.kind === "auto_top_up" && current?.status !== "pending") return "ignored";
    const changed = await tx
      .update(creditPurchases)
      .set({
        status: failure.status,
        failureCode: failure.code,
        failureMessage: failure.message,
        updatedAt: now,
        ...(ref.paymentIntentId ? { paymentIntentId: ref.paymentIntentId } : {}),
      })
      .where(and(eq(creditPurchases.id, purchase.id), inArray(creditPurchases.status, ["pending", "failed"])))
      .returning({ id: creditPurchases.id });
    if (changed.length === 0) return "ignored";
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
