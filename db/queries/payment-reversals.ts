// Money that went back (payment_reversals): one row per refund or dispute, keyed by the provider's
// id. The row is written before its credits move, so a replay or a retry reuses the credits it
// decided first; the ledger entry and the taken / owed split are added once the ledger applied it.
import "server-only";
import { and, eq, ne, or, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { paymentReversals, type NewPaymentReversal, type PaymentReversal } from "@/db/schema";

async function getReversal(db: Executor, workspaceId: string, providerId: string) {
  const [row] = await db
    .select()
    .from(paymentReversals)
    .where(and(eq(paymentReversals.workspaceId, workspaceId), eq(paymentReversals.providerId, providerId)));
  if (!row) throw new Error(`payment reversal ${providerId} vanished`);
  return row;
}

/**
 * Records a refund as the provider reported it and returns the stored row. A refund not yet applied
 * takes the reported status and credits (a pending refund that succeeded since); one already applied
 * keeps what it had.
 */
export async function saveRefund(db: Executor, values: NewPaymentReversal): Promise<PaymentReversal> {
  await db
    .insert(paymentReversals)
    .values(values)
    .onConflictDoUpdate({
      target: [paymentReversals.workspaceId, paymentReversals.providerId],
      set: { status: values.status, credits: values.credits ?? 0, updatedAt: values.updatedAt },
      setWhere: sql`${paymentReversals.ledgerEntryId} IS NULL AND ${paymentReversals.status} <> 'succeeded'`,
    });
  return getReversal(db, values.workspaceId, values.providerId);
}

/** Records a dispute the first time it is seen (open, or already closed) and returns the stored row. */
export async function saveDisputeOnce(db: Executor, values: NewPaymentReversal): Promise<PaymentReversal> {
  await db.insert(paymentReversals).values(values).onConflictDoNothing();
  return getReversal(db, values.workspaceId, values.providerId);
}

/**
 * Closes an open dispute (won or lost) with the credits it takes back; a dispute already closed keeps
 * its first outcome and credits. Returns the stored row.
 */
export async function closeDispute(
  db: Executor,
  workspaceId: string,
  providerId: string,
  close: { status: "won" | "lost"; credits: number; at: Date },
): Promise<PaymentReversal> {
  await db
    .update(paymentReversals)
    .set({
      status: close.status,
      credits: close.credits,
      creditsTaken: 0,
      creditsOwed: 0,
      updatedAt: close.at,
    })
    .where(
      and(
        eq(paymentReversals.workspaceId, workspaceId),
        eq(paymentReversals.providerId, providerId),
        eq(paymentReversals.status, "open"),
      ),
    );
  return getReversal(db, workspaceId, providerId);
}

/** What the ledger did for a reversal: its entry, and the split of its credits. */
export async function recordReversalApplied(
  db: Executor,
  id: string,
  applied: {
    credits?: number;
    taken: number;
    owed: number;
    ledgerEntryId: number | null;
    closedAt?: Date;
    at: Date;
  },
): Promise<void> {
  await db
    .update(paymentReversals)
    .set({
      ...(applied.credits === undefined ? {} : { credits: applied.credits }),
      creditsTaken: applied.taken,
      creditsOwed: applied.owed,
      ...(applied.ledgerEntryId === null ? {} : { ledgerEntryId: applied.ledgerEntryId }),
      ...(applied.closedAt ? { closedAt: applied.closedAt } : {}),
      updatedAt: applied.at,
    })
    .where(eq(paymentReversals.id, id));
}

/** One payment: a credit purchase (or auto top-up) by its id, or a plan payment by its invoice. */
export type ReversedPayment = { purchaseId: string | null; planInvoiceId: string | null };

/** Credits already taken back from a payment by its refunds (and by a lost dispute other than `except`). */
export async function sumCreditsTakenBack(
  db: Executor,
  workspaceId: string,
  payment: ReversedPayment,
  except: string,
): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${paymentReversals.credits}), 0)` })
    .from(paymentReversals)
    .where(
      and(
        eq(paymentReversals.workspaceId, workspaceId),
        payment.purchaseId
          ? eq(paymentReversals.purchaseId, payment.purchaseId)
          : eq(paymentReversals.planInvoiceId, payment.planInvoiceId ?? ""),
        ne(paymentReversals.providerId, except),
        or(
          and(eq(paymentReversals.kind, "refund"), eq(paymentReversals.status, "succeeded")),
          and(eq(paymentReversals.kind, "dispute"), eq(paymentReversals.status, "lost")),
        ),
      ),
    );
  return Number(row?.total ?? 0);
}
