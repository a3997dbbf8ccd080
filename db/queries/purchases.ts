import "server-only";
import { and, count, desc, eq, gt, inArray, isNotNull, lt, or, type SQL } from "drizzle-orm";
import type { Database, Executor, Transaction } from "@/db";
import { creditPurchases, type CreditPurchase, type NewCreditPurchase } from "@/db/schema";

export async function createPurchase(db: Executor, values: NewCreditPurchase): Promise<CreditPurchase> {
  const [purchase] = await db.insert(creditPurchases).values(values).returning();
  if (!purchase) throw new Error("purchase insert returned nothing");
  return purchase;
}

/** Records a purchase unless one with its checkout session is already there (null then). */
export async function createPurchaseOnce(db: Executor, values: NewCreditPurchase) {
  const [purchase] = await db.insert(creditPurchases).values(values).onConflictDoNothing().returning();
  return purchase ?? null;
}

/** Links a purchase to the checkout opened for it. */
export async function setPurchaseCheckoutSession(
  db: Executor,
  purchaseId: string,
  checkoutSessionId: string,
) {
  await db.update(creditPurchases).set({ checkoutSessionId }).where(eq(creditPurchases.id, purchaseId));
}

/** What a payment event names its purchase by: our id, the Checkout Session or the PaymentIntent. */
export type PaymentRef = {
  checkoutSessionId?: string | null;
  purchaseId?: string | null;
  paymentIntentId?: string | null;
};

/** The purchase a payment event is about, by any of the ids it carries; null if none. */
export async function findPurchaseByPaymentRef(
  db: Executor,
  ref: PaymentRef,
): Promise<CreditPurchase | null> {
  const [purchase] = await findPurchasesByPaymentRefs(db, {
    checkoutSessionIds: ref.checkoutSessionId ? [ref.checkoutSessionId] : [],
    purchaseIds: ref.purchaseId ? [ref.purchaseId] : [],
    paymentIntentIds: ref.paymentIntentId ? [ref.paymentIntentId] : [],
  });
  return purchase ?? null;
}

/**
 * Every purchase matching any of the ids, in one query (reconciliation matches a batch of provider
 * payments at once). Purchase ids must be UUIDs.
 */
export async function findPurchasesByPaymentRefs(
  db: Executor,
  refs: { checkoutSessionIds: string[]; paymentIntentIds: string[]; purchaseIds: string[] },
): Promise<CreditPurchase[]> {
  const conditions = [
    refs.purchaseIds.length ? inArray(creditPurchases.id, refs.purchaseIds) : undefined,
    refs.checkoutSessionIds.length
      ? inArray(creditPurchases.checkoutSessionId, refs.checkoutSessionIds)
      : undefined,
    refs.paymentIntentIds.length
      ? inArray(creditPurchases.paymentIntentId, refs.paymentIntentIds)
      : undefined,
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) return [];
  return db
    .select()
    .from(creditPurchases)
    .where(or(...conditions));
}

/**
 * Moves a purchase to paid (from pending, failed or expired) with the ledger entry that added its
 * credits; false when it was already paid, so concurrent duplicates record it once.
 */
export async function markPurchasePaid(
  db: Executor,
  purchaseId: string,
  paid: { ledgerEntryId: number; paymentIntentId?: string | null; at: Date },
): Promise<boolean> {
  const flipped = await db
    .update(creditPurchases)
    .set({
      status: "paid",
      ledgerEntryId: paid.ledgerEntryId,
      paidAt: paid.at,
      updatedAt: paid.at,
      failureCode: null,
      failureMessage: null,
      ...(paid.paymentIntentId ? { paymentIntentId: paid.paymentIntentId } : {}),
    })
    .where(
      and(
        eq(creditPurchases.id, purchaseId),
        inArray(creditPurchases.status, ["pending", "failed", "expired"]),
      ),
    )
    .returning({ id: creditPurchases.id });
  return flipped.length > 0;
}

/** Locks a purchase until the transaction ends and reads its status as of the lock. */
export async function lockPurchase(tx: Transaction, purchaseId: string) {
  const [current] = await tx
    .select({ status: creditPurchases.status })
    .from(creditPurchases)
    .where(eq(creditPurchases.id, purchaseId))
    .for("update");
  return current ?? null;
}

/** Records why a pending (or failed) purchase failed or expired; false when it had moved on. */
export async function markPurchaseFailed(
  db: Executor,
  purchaseId: string,
  failure: {
    status: "failed" | "expired";
    code: string;
    message: string;
    paymentIntentId?: string | null;
    at: Date;
  },
): Promise<boolean> {
  const changed = await db
    .update(creditPurchases)
    .set({
      status: failure.status,
      failureCode: failure.code,
      failureMessage: failure.message,
      updatedAt: failure.at,
      ...(failure.paymentIntentId ? { paymentIntentId: failure.paymentIntentId } : {}),
    })
    .where(and(eq(creditPurchases.id, purchaseId), inArray(creditPurchases.status, ["pending", "failed"])))
    .returning({ id: creditPurchases.id });
  return changed.length > 0;
}

export async function getPurchaseBySession(db: Executor, workspaceId: string, checkoutSessionId: string) {
  const [purchase] = await db
    .select()
    .from(creditPurchases)
    .where(
      and(
        eq(creditPurchases.workspaceId, workspaceId),
        eq(creditPurchases.checkoutSessionId, checkoutSessionId),
      ),
    );
  return purchase ?? null;
}

export async function getPurchase(db: Executor, workspaceId: string, purchaseId: string) {
  const [purchase] = await db
    .select()
    .from(creditPurchases)
    .where(and(eq(creditPurchases.workspaceId, workspaceId), eq(creditPurchases.id, purchaseId)));
  return purchase ?? null;
}

/** One-time purchases started after `since` that are still waiting for payment. */
export async function countPendingPurchasesSince(db: Executor, workspaceId: string, since: Date) {
  const [row] = await db
    .select({ n: count() })
    .from(creditPurchases)
    .where(
      and(
        eq(creditPurchases.workspaceId, workspaceId),
        eq(creditPurchases.status, "pending"),
        // Auto top-ups in flight show in the Credits card's Auto Top-Up section instead.
        eq(creditPurchases.kind, "one_time"),
        gt(creditPurchases.createdAt, since),
      ),
    );
  return row?.n ?? 0;
}

export async function listPurchases(db: Executor, workspaceId: string, limit = 50) {
  return db
    .select()
    .from(creditPurchases)
    .where(eq(creditPurchases.workspaceId, workspaceId))
    .orderBy(desc(creditPurchases.createdAt), desc(creditPurchases.id))
    .limit(limit);
}

/**
 * Pending purchases that also match `where`: all of them, or one workspace's. The payment backstops
 * (reconciliation, the auto top-up sweep) each narrow it to the ones they mend.
 */
export async function listPendingPurchases(
  db: Executor,
  workspaceId: string | undefined,
  where: SQL | undefined,
): Promise<CreditPurchase[]> {
  return db
    .select()
    .from(creditPurchases)
    .where(
      and(
        workspaceId ? eq(creditPurchases.workspaceId, workspaceId) : undefined,
        eq(creditPurchases.status, "pending"),
        where,
      ),
    );
}

/**
 * Purchases still pending that were last changed before `updatedBefore` and that the provider can be
 * asked about (they have a Checkout Session or a PaymentIntent): all of them, or one workspace's.
 */
export async function listStalePendingPurchases(
  db: Executor,
  options: { updatedBefore: Date; workspaceId?: string },
): Promise<CreditPurchase[]> {
  return listPendingPurchases(
    db,
    options.workspaceId,
    and(
      lt(creditPurchases.updatedAt, options.updatedBefore),
      or(isNotNull(creditPurchases.checkoutSessionId), isNotNull(creditPurchases.paymentIntentId)),
    ),
  );
}

/** Changes a purchase only while it is still pending; false when it had moved on. */
async function updatePendingPurchase(
  db: Executor,
  purchaseId: string,
  changes: Partial<NewCreditPurchase>,
): Promise<boolean> {
  const updated = await db
    .update(creditPurchases)
    .set(changes)
    .where(and(eq(creditPurchases.id, purchaseId), eq(creditPurchases.status, "pending")))
    .returning({ id: creditPurchases.id });
  return updated.length > 0;
}

/** Gives up a purchase that is still pending, saying why; false when it had moved on. */
export async function expirePendingPurchase(
  db: Executor,
  purchaseId: string,
  expiry: { code: string; message: string; at: Date },
): Promise<boolean> {
  return updatePendingPurchase(db, purchaseId, {
    status: "expired",
    failureCode: expiry.code,
    failureMessage: expiry.message,
    updatedAt: expiry.at,
  });
}

/**
 * Notes why a card was declined inside a checkout that is still open (the buyer may try another
 * card), or that the buyer chose to cancel it: the purchase stays pending. False when it had moved on.
 */
export async function notePendingPurchase(
  db: Executor,
  purchaseId: string,
  note: { code: string; message: string; at: Date },
): Promise<boolean> {
  return updatePendingPurchase(db, purchaseId, {
    failureCode: note.code,
    failureMessage: note.message,
    updatedAt: note.at,
  });
}

/**
 * Runs `work` holding the reconciliation lock of one scope (a workspace, or all of them when
 * `workspaceId` is undefined), so two reconciliations never ask the provider for the same charge at
 * once. Null, without running `work`, when another reconciliation holds it. A session lock on a
 * reserved connection, so no transaction stays open while `work` reads the provider.
 */
export async function withReconciliationLock<T>(
  db: Database,
  workspaceId: string | undefined,
  work: () => Promise<T>,
): Promise<T | null> {
  const connection = await db.$client.reserve();
  try {
    const scope = `creditpool:reconcile:${workspaceId ?? "all"}`;
    const [lock] = await connection<
      { locked: boolean }[]
    >`SELECT pg_try_advisory_lock(hashtext(${scope})) AS locked`;
    if (!lock?.locked) return null;
    try {
      return await work();
    } finally {
      await connection`SELECT pg_advisory_unlock(hashtext(${scope}))`;
    }
  } finally {
    connection.release();
  }
}
