// Purchases as the buyer sees them in the page: a card-on-file purchase made once per request, the
// PaymentIntent charging it, the decline (or cancel) noted on a checkout still open, and the checkouts
// left open that the Credits card offers to resume or cancel.
import "server-only";
import { and, desc, eq, gt, isNotNull, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { creditPurchases, type CreditPurchase, type NewCreditPurchase } from "@/db/schema";

/**
 * Records the purchase of one buyer's request (a purchase with the card on file), or finds the one
 * an earlier or concurrent repeat of the same request made: `created` says which.
 */
export async function createPurchaseForRequest(
  db: Executor,
  values: NewCreditPurchase & { requestId: string },
): Promise<{ purchase: CreditPurchase; created: boolean }> {
  const [inserted] = await db.insert(creditPurchases).values(values).onConflictDoNothing().returning();
  if (inserted) return { purchase: inserted, created: true };
  const [existing] = await db
    .select()
    .from(creditPurchases)
    .where(
      and(
        eq(creditPurchases.workspaceId, values.workspaceId),
        eq(creditPurchases.requestId, values.requestId),
      ),
    );
  if (!existing) throw new Error("purchase request conflicted but is not there");
  return { purchase: existing, created: false };
}

/** Links a purchase to the PaymentIntent charging it (the first one stays). */
export async function setPurchasePaymentIntent(db: Executor, purchaseId: string, paymentIntentId: string) {
  await db
    .update(creditPurchases)
    .set({ paymentIntentId })
    .where(and(eq(creditPurchases.id, purchaseId), isNull(creditPurchases.paymentIntentId)));
}

/** One-time checkouts still waiting for payment, started after `since`, newest first. */
export async function listOpenCheckouts(db: Executor, workspaceId: string, since: Date) {
  return db
    .select()
    .from(creditPurchases)
    .where(
      and(
        eq(creditPurchases.workspaceId, workspaceId),
        eq(creditPurchases.status, "pending"),
        eq(creditPurchases.kind, "one_time"),
        isNotNull(creditPurchases.checkoutSessionId),
        gt(creditPurchases.createdAt, since),
      ),
    )
    .orderBy(desc(creditPurchases.createdAt), desc(creditPurchases.id))
    .limit(5);
}
