// The figures of a receipt and of an Invoices row, from what was paid and what went back: pure, so
// the numbering, the refunds and the net are unit tested without a database.
import { TZDate } from "@date-fns/tz";

export type ReceiptKind = "purchase" | "auto_top_up" | "plan";

/** A refund or dispute against a payment, as payment_reversals records it. */
export type ReversalFigures = {
  kind: "refund" | "dispute";
  status: string;
  amountCents: number;
  credits: number;
};

/** How a payment stands, as the Invoices list shows and filters it. */
export type InvoiceStatus =
  "paid" | "partially_refunded" | "refunded" | "disputed" | "open" | "failed" | "cancelled";

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  paid: "Paid",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
  disputed: "Disputed",
  open: "Open",
  failed: "Failed",
  cancelled: "Cancelled",
};

export const RECEIPT_KIND_LABELS: Record<ReceiptKind, string> = {
  purchase: "Credit purchase",
  auto_top_up: "Auto top-up",
  plan: "Plan payment",
};

/**
 * Money that went back for good: succeeded refunds and lost disputes. Pending or failed refunds and
 * open or won disputes take nothing off the receipt.
 */
export function isMoneyBack(reversal: Pick<ReversalFigures, "kind" | "status">): boolean {
  return (
    (reversal.kind === "refund" && reversal.status === "succeeded") ||
    (reversal.kind === "dispute" && reversal.status === "lost")
  );
}

export type ReceiptTotals = {
  paidCents: number;
  refundedCents: number;
  /** Never below zero, whatever the provider reported. */
  netCents: number;
  creditsTakenBack: number;
  /** Tax collected: none in test mode or without Stripe Tax. */
  taxCents: number;
};

export function receiptTotals(amountCents: number, reversals: ReversalFigures[]): ReceiptTotals {
  const back = reversals.filter(isMoneyBack);
  const refundedCents = Math.min(
    amountCents,
    back.reduce((sum, r) => sum + r.amountCents, 0),
  );
  return {
    paidCents: amountCents,
    refundedCents,
    netCents: amountCents - refundedCents,
    creditsTakenBack: back.reduce((sum, r) => sum + r.credits, 0),
    taxCents: 0,
  };
}

/** A paid payment's status from its reversals: refunded in full, in part, or disputed right now. */
export function paidStatus(amountCents: number, reversals: ReversalFigures[]): InvoiceStatus {
  const { refundedCents } = receiptTotals(amountCents, reversals);
  if (refundedCents > 0 && refundedCents >= amountCents) return "refunded";
  if (reversals.some((r) => r.kind === "dispute" && r.status === "open")) return "disputed";
  if (refundedCents > 0) return "partially_refunded";
  return "paid";
}

/**
 * A receipt's number: CP-<year paid, in the workspace's time zone>-<the ledger entry that granted
 * its credits, six digits or more>. Ledger entry ids are unique and never reused, so the number is
 * stable (the same every time it is printed) and unique across purchases, auto top-ups and plan
 * payments alike, without a counter to keep.
 */
export function receiptNumber(paidAt: Date, timeZone: string, ledgerEntryId: number): string {
  const year = new TZDate(paidAt.getTime(), timeZone).getFullYear();
  return `CP-${year}-${String(ledgerEntryId).padStart(6, "0")}`;
}
