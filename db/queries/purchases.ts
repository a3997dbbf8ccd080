import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { creditPurchases } from "@/db/schema";

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

export async function listPurchases(db: Executor, workspaceId: string, limit = 50) {
  return db
    .select()
    .from(creditPurchases)
    .where(eq(creditPurchases.workspaceId, workspaceId))
    .orderBy(desc(creditPurchases.createdAt), desc(creditPurchases.id))
    .limit(limit);
}
