// A workspace's subscription: its columns of the workspaces row (plan, billing interval, status, the
// term and the monthly grant's schedule). What a change does to credits is lib/subscriptions/, which
// grants through the ledger; this only reads and writes the row.
import "server-only";
import { and, eq, inArray, isNotNull, lte } from "drizzle-orm";
import type { Executor } from "@/db";
import { workspaces, type NewWorkspace, type Workspace } from "@/db/schema";

/** The statuses whose monthly grants keep coming; the free daily credits are for every other one. */
export const SUBSCRIBED_STATUSES = ["active", "trialing"] as const;

type SubscriptionColumns = Pick<
  NewWorkspace,
  | "plan"
  | "billingInterval"
  | "subscriptionStatus"
  | "stripeSubscriptionId"
  | "billingAnchorAt"
  | "subscriptionPeriodIndex"
  | "nextSubscriptionGrantAt"
  | "currentTermEndsAt"
  | "cancelAtTermEnd"
  | "pendingPlan"
  | "seats"
>;

/** Changes the workspace's subscription columns; the row as it is afterwards (null if it is gone). */
export async function updateSubscription(
  db: Executor,
  workspaceId: string,
  changes: Partial<SubscriptionColumns>,
): Promise<Workspace | null> {
  const [workspace] = await db
    .update(workspaces)
    .set(changes)
    .where(eq(workspaces.id, workspaceId))
    .returning();
  return workspace ?? null;
}

/** The subscription is over: no more monthly grants and nothing left pending. */
export async function endSubscription(db: Executor, workspaceId: string): Promise<void> {
  await db
    .update(workspaces)
    .set({
      subscriptionStatus: "canceled",
      nextSubscriptionGrantAt: null,
      pendingPlan: null,
      cancelAtTermEnd: false,
    })
    .where(eq(workspaces.id, workspaceId));
}

/** Subscribed workspaces whose next monthly grant is due at `now` (all of them, or only `workspaceIds`). */
export async function listDueSubscriptionGrants(
  db: Executor,
  now: Date,
  workspaceIds?: string[],
): Promise<Workspace[]> {
  return db
    .select()
    .from(workspaces)
    .where(
      and(
        inArray(workspaces.subscriptionStatus, [...SUBSCRIBED_STATUSES]),
        isNotNull(workspaces.nextSubscriptionGrantAt),
        lte(workspaces.nextSubscriptionGrantAt, now),
        workspaceIds ? inArray(workspaces.id, workspaceIds) : undefined,
      ),
    );
}
