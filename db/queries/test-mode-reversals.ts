// The test-mode stand-in's record of refunds and disputes (test_mode_reversals), as Stripe's account
// would hold them: written before the stand-in sends the event, read back through the payments
// provider by the webhook handling (a charge's refunds) and by reconciliation.
import "server-only";
import { and, asc, eq, gte } from "drizzle-orm";
import type { Executor } from "@/db";
import { testModeReversals, type TestModeReversal } from "@/db/schema";

/** Records a refund or dispute, or a dispute's later status (won, lost). */
export async function saveTestModeReversal(db: Executor, reversal: TestModeReversal): Promise<void> {
  await db
    .insert(testModeReversals)
    .values(reversal)
    .onConflictDoUpdate({
      target: [testModeReversals.id, testModeReversals.workspaceId],
      set: { status: reversal.status, updatedAt: reversal.updatedAt },
    });
}

/** Every refund and dispute of one charge, oldest first (Stripe's order of creation). */
export async function listTestModeReversalsOfCharge(
  db: Executor,
  chargeId: string,
  kind?: TestModeReversal["kind"],
): Promise<TestModeReversal[]> {
  return db
    .select()
    .from(testModeReversals)
    .where(and(eq(testModeReversals.chargeId, chargeId), kind ? eq(testModeReversals.kind, kind) : undefined))
    .orderBy(asc(testModeReversals.createdAt), asc(testModeReversals.id));
}

/** Refunds and disputes created or changed since then, oldest first (as they were made). */
export async function listTestModeReversalsSince(db: Executor, since: Date): Promise<TestModeReversal[]> {
  return db
    .select()
    .from(testModeReversals)
    .where(gte(testModeReversals.updatedAt, since))
    .orderBy(asc(testModeReversals.createdAt), asc(testModeReversals.id));
}

/** A workspace's refunds and disputes in the stand-in, for the test portal's rows. */
export async function listTestModeReversalsOfWorkspace(
  db: Executor,
  workspaceId: string,
): Promise<TestModeReversal[]> {
  return db
    .select()
    .from(testModeReversals)
    .where(eq(testModeReversals.workspaceId, workspaceId))
    .orderBy(asc(testModeReversals.createdAt), asc(testModeReversals.id));
}
