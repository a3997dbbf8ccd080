// The reads behind the Invoices list and receipts: a workspace's credit purchases and auto top-ups
// (every status) and the refunds and disputes recorded against its payments. Read only: purchases
// are written by lib/payments, reversals by the refund and dispute handling.
import "server-only";
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { creditPurchases, paymentReversals, type CreditPurchase, type PaymentReversal } from "@/db/schema";

/** Most payments the Invoices list reads at once (newest first): over 13 years of daily auto top-ups. */
export const MAX_INVOICE_ROWS = 5_000;

export type PurchaseFilter = {
  kinds?: CreditPurchase["kind"][];
  /** Inclusive start and exclusive end of when it was paid (or started, when never paid). */
  from?: Date;
  to?: Date;
};

const paidOrStarted = sql<Date>`coalesce(${creditPurchases.paidAt}, ${creditPurchases.createdAt})`;

/** The workspace's purchases and auto top-ups matching `filter`, newest first (by when paid or started). */
export async function listPurchasesForInvoices(
  db: Executor,
  workspaceId: string,
  filter: PurchaseFilter,
): Promise<CreditPurchase[]> {
  return db
    .select()
    .from(creditPurchases)
    .where(
      and(
        eq(creditPurchases.workspaceId, workspaceId),
        filter.kinds ? inArray(creditPurchases.kind, filter.kinds) : undefined,
        // Raw SQL takes no Date parameter: the instants go as ISO text, cast back.
        filter.from ? sql`${paidOrStarted} >= ${filter.from.toISOString()}::timestamptz` : undefined,
        filter.to ? sql`${paidOrStarted} < ${filter.to.toISOString()}::timestamptz` : undefined,
      ),
    )
    .orderBy(desc(paidOrStarted), desc(creditPurchases.id))
    .limit(MAX_INVOICE_ROWS);
}

/**
 * The refunds and disputes recorded against the workspace's payments: of these purchases, or of
 * these plan invoices. Oldest first, as a receipt lists them.
 */
export async function listReversalsOfPayments(
  db: Executor,
  workspaceId: string,
  payments: { purchaseIds?: string[]; planInvoiceIds?: string[] },
): Promise<PaymentReversal[]> {
  const purchaseIds = payments.purchaseIds ?? [];
  const planInvoiceIds = payments.planInvoiceIds ?? [];
  if (purchaseIds.length === 0 && planInvoiceIds.length === 0) return [];
  return db
    .select()
    .from(paymentReversals)
    .where(
      and(
        eq(paymentReversals.workspaceId, workspaceId),
        or(
          purchaseIds.length > 0 ? inArray(paymentReversals.purchaseId, purchaseIds) : undefined,
          planInvoiceIds.length > 0 ? inArray(paymentReversals.planInvoiceId, planInvoiceIds) : undefined,
        ),
      ),
    )
    .orderBy(asc(paymentReversals.createdAt), asc(paymentReversals.id));
}
