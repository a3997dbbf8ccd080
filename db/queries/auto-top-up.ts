import "server-only";
import { and, desc, eq, gte, inArray, or, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { autoTopUpSettings, creditPurchases, type Workspace } from "@/db/schema";
import { monthStartIn } from "@/lib/billing/auto-top-up";

export async function getAutoTopUpSettings(
  db: Executor,
  workspaceId: string,
  options: { forUpdate?: boolean } = {},
) {
  const query = db.select().from(autoTopUpSettings).where(eq(autoTopUpSettings.workspaceId, workspaceId));
  const [settings] = options.forUpdate ? await query.for("update") : await query;
  return settings ?? null;
}

/** Auto top-up charges this month (workspace time zone) that count against the cap, in cents. */
export async function autoTopUpSpendThisMonth(
  db: Executor,
  workspace: Pick<Workspace, "id" | "timeZone">,
  now: Date,
): Promise<number> {
  const [row] = await db
    .select({ cents: sql<string>`coalesce(sum(${creditPurchases.amountCents}), 0)` })
    .from(creditPurchases)
    .where(
      and(
        eq(creditPurchases.workspaceId, workspace.id),
        eq(creditPurchases.kind, "auto_top_up"),
        gte(creditPurchases.createdAt, monthStartIn(workspace.timeZone, now)),
        // The same rule as the trigger: paid, in flight, or waiting for the owner to authenticate.
        or(
          inArray(creditPurchases.status, ["pending", "paid"]),
          and(
            eq(creditPurchases.status, "failed"),
            eq(creditPurchases.failureCode, "authentication_required"),
          ),
        ),
      ),
    );
  return Number(row?.cents ?? 0);
}

export async function getLastAutoTopUp(db: Executor, workspaceId: string) {
  const [purchase] = await db
    .select()
    .from(creditPurchases)
    .where(and(eq(creditPurchases.workspaceId, workspaceId), eq(creditPurchases.kind, "auto_top_up")))
    .orderBy(desc(creditPurchases.createdAt), desc(creditPurchases.id))
    .limit(1);
  return purchase ?? null;
}
