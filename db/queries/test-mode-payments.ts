// The test-mode stand-in's record of payments (test_mode_payments), as Stripe's account would hold
// them: written before the stand-in sends its webhook event, and read by reconciliation through the
// payments provider, exactly as it reads Stripe.
import "server-only";
import { desc, eq, gte, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { testModePayments, type NewTestModePayment, type TestModePayment } from "@/db/schema";

/**
 * Records a payment, or a later outcome of the same one (an authenticated charge, a retried
 * checkout), whose status and failure replace the earlier ones.
 */
export async function saveTestModePayment(
  db: Executor,
  payment: NewTestModePayment & Pick<TestModePayment, "failureCode" | "failureMessage">,
): Promise<void> {
  const { status, failureCode, failureMessage, updatedAt } = payment;
  await db
    .insert(testModePayments)
    .values(payment)
    .onConflictDoUpdate({
      target: [testModePayments.id, testModePayments.workspaceId],
      set: { status, failureCode, failureMessage, updatedAt },
      // Money taken stays taken: a repeated charge request (same idempotency key) changes nothing.
      setWhere: sql`${testModePayments.status} <> 'paid'`,
    });
}

/** Payments made since `since`, newest first, as Stripe lists them. */
export async function listTestModePaymentsSince(db: Executor, since: Date): Promise<TestModePayment[]> {
  return db
    .select()
    .from(testModePayments)
    .where(gte(testModePayments.createdAt, since))
    .orderBy(desc(testModePayments.createdAt), desc(testModePayments.id));
}

/** One payment by its id (the Checkout Session's or the PaymentIntent's); null if unknown. */
export async function getTestModePayment(db: Executor, id: string): Promise<TestModePayment | null> {
  const [payment] = await db.select().from(testModePayments).where(eq(testModePayments.id, id));
  return payment ?? null;
}
