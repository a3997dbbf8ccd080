import "server-only";
import { and, count, desc, eq, gt } from "drizzle-orm";
import type { Executor } from "@/db";
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
