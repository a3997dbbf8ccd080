// The test-mode stand-in's saved cards (test_mode_payment_methods), as a Stripe customer's attached
// PaymentMethods: listed, added, made the default and removed. Only the stand-in reads and writes them.
import "server-only";
import { and, asc, eq, ne } from "drizzle-orm";
import type { Executor } from "@/db";
import { testModePaymentMethods, type TestModePaymentMethod } from "@/db/schema";

/** The workspace's cards, oldest first, so the list stays in place as cards are added. */
export async function listTestModePaymentMethods(
  db: Executor,
  workspaceId: string,
): Promise<TestModePaymentMethod[]> {
  return db
    .select()
    .from(testModePaymentMethods)
    .where(eq(testModePaymentMethods.workspaceId, workspaceId))
    .orderBy(asc(testModePaymentMethods.createdAt), asc(testModePaymentMethods.id));
}

/** One card of the workspace's; null when it is not one of its cards. */
export async function getTestModePaymentMethod(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<TestModePaymentMethod | null> {
  const [method] = await db
    .select()
    .from(testModePaymentMethods)
    .where(and(eq(testModePaymentMethods.workspaceId, workspaceId), eq(testModePaymentMethods.id, id)));
  return method ?? null;
}

/** Attaches a card; it becomes the default when asked to, or when the customer has none yet. */
export async function addTestModePaymentMethod(
  db: Executor,
  card: Omit<TestModePaymentMethod, "isDefault">,
  options: { makeDefault: boolean },
): Promise<void> {
  await db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: testModePaymentMethods.id })
      .from(testModePaymentMethods)
      .where(
        and(
          eq(testModePaymentMethods.workspaceId, card.workspaceId),
          eq(testModePaymentMethods.isDefault, true),
        ),
      )
      .for("update");
    const isDefault = options.makeDefault || existing.length === 0;
    if (isDefault && existing.length > 0) {
      await tx
        .update(testModePaymentMethods)
        .set({ isDefault: false })
        .where(eq(testModePaymentMethods.workspaceId, card.workspaceId));
    }
    await tx.insert(testModePaymentMethods).values({ ...card, isDefault });
  });
}

/** Makes one of the workspace's cards its default; false when the card is not one of its cards. */
export async function setTestModeDefaultPaymentMethod(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const target = await getTestModePaymentMethod(tx, workspaceId, id);
    if (!target) return false;
    await tx
      .update(testModePaymentMethods)
      .set({ isDefault: false })
      .where(and(eq(testModePaymentMethods.workspaceId, workspaceId), ne(testModePaymentMethods.id, id)));
    await tx
      .update(testModePaymentMethods)
      .set({ isDefault: true })
      .where(and(eq(testModePaymentMethods.workspaceId, workspaceId), eq(testModePaymentMethods.id, id)));
    return true;
  });
}

/** Detaches one of the workspace's cards; false when it is not one of its cards. */
export async function deleteTestModePaymentMethod(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<boolean> {
  const deleted = await db
    .delete(testModePaymentMethods)
    .where(and(eq(testModePaymentMethods.workspaceId, workspaceId), eq(testModePaymentMethods.id, id)))
    .returning({ id: testModePaymentMethods.id });
  return deleted.length > 0;
}
