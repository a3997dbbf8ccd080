// Reconciliation's repairs: what the provider says about a payment, applied to its purchase through
// the same fulfilPurchase / failPurchase the webhooks use (so a late webhook adds nothing more).
import "server-only";
import type { CreditPurchase } from "@/db/schema";
import type { Deps } from "@/lib/deps";
import { failPurchase, fulfilPurchase } from "./fulfilment";
import type { PaymentsProvider, ProviderPayment } from "./types";

export type ReconcileContext = Deps & { provider?: PaymentsProvider };

export type Repair = {
  purchaseId: string;
  workspaceId: string;
  paymentId: string | null;
  /** granted: paid, credits were missing and are added now; marked_paid: the grant existed, the purchase said otherwise. */
  action: "granted" | "marked_paid" | "recorded_failure" | "expired" | "charged";
  credits: number;
  detail: string;
};

/** Applies what the provider says about one payment to its purchase. Returns the repair made, if any. */
export async function settle(
  ctx: ReconcileContext,
  purchase: CreditPurchase,
  payment: ProviderPayment,
): Promise<Repair | null> {
  const base = {
    purchaseId: purchase.id,
    workspaceId: purchase.workspaceId,
    paymentId: payment.id,
    credits: purchase.credits,
  };
  if (payment.status === "paid") {
    if (purchase.status === "paid" && purchase.ledgerEntryId !== null) return null;
    const outcome = await fulfilPurchase(
      { db: ctx.db, clock: ctx.clock },
      {
        purchaseId: purchase.id,
        checkoutSessionId: payment.object === "checkout_session" ? payment.id : null,
        paymentIntentId: payment.paymentIntentId,
      },
      { source: "reconciliation" },
    );
    if (outcome === "unknown_purchase") return null;
    return {
      ...base,
      action: outcome === "granted" ? "granted" : "marked_paid",
      detail:
        outcome === "granted"
          ? `paid at the provider with no grant (purchase was ${purchase.status}): credits added`
          : `the grant existed but the purchase was ${purchase.status}: marked paid`,
    };
  }
  if (purchase.status !== "pending") return null;
  if (payment.status === "failed" || payment.status === "expired") {
    const outcome = await failPurchase(
      { db: ctx.db, clock: ctx.clock },
      { purchaseId: purchase.id, paymentIntentId: payment.paymentIntentId },
      {
        status: payment.status,
        code: payment.failure?.code ?? (payment.status === "expired" ? "checkout_expired" : "payment_failed"),
        message:
          payment.failure?.message ||
          (payment.status === "expired"
            ? "The checkout expired without payment."
            : "The payment provider reports this payment failed."),
        eventId: `reconcile:${payment.id}`,
      },
    );
    if (outcome !== "failed") return null;
    return {
      ...base,
      action: payment.status === "expired" ? "expired" : "recorded_failure",
      detail: `${payment.status} at the provider; the purchase was still pending`,
    };
  }
  return null;
}

/** Expires a pending checkout the provider has no record of, once no buyer can still pay it. */
export async function abandonUnknownCheckout(
  ctx: ReconcileContext,
  purchase: CreditPurchase,
): Promise<Repair | null> {
  const outcome = await failPurchase(
    { db: ctx.db, clock: ctx.clock },
    { purchaseId: purchase.id },
    {
      status: "expired",
      code: "checkout_expired",
      message: "The checkout expired without payment.",
      eventId: `reconcile:${purchase.checkoutSessionId ?? purchase.id}`,
    },
  );
  if (outcome !== "failed") return null;
  return {
    purchaseId: purchase.id,
    workspaceId: purchase.workspaceId,
    paymentId: purchase.checkoutSessionId,
    credits: purchase.credits,
    action: "expired",
    detail: "the provider has no such checkout and it is past its lifetime",
  };
}
