// Reconciliation's matching: which purchase a provider payment is for, and whether they disagree
// (a payment that matches no purchase, or differs in amount, currency or workspace, is never granted).
import "server-only";
import { z } from "zod";
import type { Database } from "@/db";
import { findPurchasesByPaymentRefs } from "@/db/queries/purchases";
import type { CreditPurchase } from "@/db/schema";
import type { ProviderPayment } from "./types";

const UUID = z.uuid();

export type Mismatch = {
  paymentId: string;
  purchaseId: string | null;
  amountCents: number;
  currency: string;
  reason: "unknown_purchase" | "amount_differs" | "workspace_differs";
};

export function mismatchOf(
  payment: ProviderPayment,
  purchase: CreditPurchase | null,
): Mismatch["reason"] | null {
  if (!purchase) return "unknown_purchase";
  if (payment.workspaceId && payment.workspaceId !== purchase.workspaceId) return "workspace_differs";
  if (payment.amountCents !== purchase.amountCents || payment.currency.toLowerCase() !== purchase.currency)
    return "amount_differs";
  return null;
}

/**
 * The purchases a batch of payments is for, in one query: by Checkout Session, by PaymentIntent, or
 * (an off-session charge whose PaymentIntent id never reached us: a crash right after the charge)
 * by the purchase id in its metadata.
 */
export async function purchasesFor(
  db: Database,
  payments: ProviderPayment[],
): Promise<(payment: ProviderPayment) => CreditPurchase | null> {
  const rows = await findPurchasesByPaymentRefs(db, {
    checkoutSessionIds: payments.filter((p) => p.object === "checkout_session").map((p) => p.id),
    paymentIntentIds: payments.flatMap((p) => (p.paymentIntentId ? [p.paymentIntentId] : [])),
    // Only UUIDs: one malformed metadata value would make the whole batch's query fail.
    purchaseIds: payments.flatMap((p) => {
      const id = UUID.safeParse(p.purchaseId);
      return id.success ? [id.data] : [];
    }),
  });
  const index = (key: (row: CreditPurchase) => string | null) =>
    new Map(
      rows.flatMap((row) => {
        const value = key(row);
        return value ? [[value, row] as const] : [];
      }),
    );
  const bySession = index((row) => row.checkoutSessionId);
  const byIntent = index((row) => row.paymentIntentId);
  const byId = index((row) => row.id);
  return (payment) =>
    (payment.object === "checkout_session" ? bySession.get(payment.id) : undefined) ??
    (payment.paymentIntentId ? byIntent.get(payment.paymentIntentId) : undefined) ??
    (payment.purchaseId ? byId.get(payment.purchaseId) : undefined) ??
    null;
}
