// A member's requests for more credits, the extra allowance an approval gives for a month, and the
// owners and admins who chose to get the members' limit alerts. Every read is scoped to one workspace.
import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import {
  memberAlertSubscriptions,
  memberLimitRequests,
  memberships,
  users,
  type LimitRequestGrant,
  type MemberLimitRequest,
} from "@/db/schema";

/**
 * Opens a request; null when the member already has one open (the partial unique index
 * member_limit_requests_one_open decides, so two at once still leave one).
 */
export async function openLimitRequest(
  db: Executor,
  values: {
    workspaceId: string;
    membershipId: string;
    amount: number;
    reason: string;
    limitWhenAsked: number | null;
    at: Date;
  },
): Promise<MemberLimitRequest | null> {
  const [row] = await db
    .insert(memberLimitRequests)
    .values({
      workspaceId: values.workspaceId,
      membershipId: values.membershipId,
      amount: values.amount,
      reason: values.reason,
      limitWhenAsked: values.limitWhenAsked,
      createdAt: values.at,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The member's latest request (open or answered), or null. */
export async function getLatestLimitRequest(db: Executor, workspaceId: string, membershipId: string) {
  const [row] = await db
    .select()
    .from(memberLimitRequests)
    .where(
      and(
        eq(memberLimitRequests.workspaceId, workspaceId),
        eq(memberLimitRequests.membershipId, membershipId),
      ),
    )
    .orderBy(desc(memberLimitRequests.createdAt), desc(memberLimitRequests.id))
    .limit(1);
  return row ?? null;
}

/** One request of the workspace with the member it is from, or null. */
export async function getLimitRequest(db: Executor, workspaceId: string, requestId: string) {
  const [row] = await db
    .select({ request: memberLimitRequests, membership: memberships, user: users })
    .from(memberLimitRequests)
    .innerJoin(memberships, eq(memberships.id, memberLimitRequests.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberLimitRequests.workspaceId, workspaceId), eq(memberLimitRequests.id, requestId)));
  return row ?? null;
}

export type OpenLimitRequest = {
  id: string;
  membershipId: string;
  name: string;
  email: string;
  amount: number;
  reason: string;
  monthlyLimit: number | null;
  createdAt: Date;
};

/** The workspace's open requests from current members, oldest first (the order to answer them in). */
export async function listOpenLimitRequests(db: Executor, workspaceId: string): Promise<OpenLimitRequest[]> {
  return db
    .select({
      id: memberLimitRequests.id,
      membershipId: memberLimitRequests.membershipId,
      name: users.name,
      email: users.email,
      amount: memberLimitRequests.amount,
      reason: memberLimitRequests.reason,
      monthlyLimit: memberships.monthlyLimit,
      createdAt: memberLimitRequests.createdAt,
    })
    .from(memberLimitRequests)
    .innerJoin(memberships, eq(memberships.id, memberLimitRequests.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberLimitRequests.workspaceId, workspaceId),
        eq(memberLimitRequests.status, "open"),
        sql`${memberships.removedAt} IS NULL`,
      ),
    )
    .orderBy(memberLimitRequests.createdAt, memberLimitRequests.id)
    .limit(200);
}

/**
 * Closes an open request (approved, denied or withdrawn). A conditional UPDATE: of two decisions at
 * once, the second waits for the first and then finds the request no longer open, so exactly one wins;
 * it gets null. `membershipId` limits it to one member's own request (withdrawing).
 */
export async function closeLimitRequest(
  db: Executor,
  input: {
    workspaceId: string;
    requestId: string;
    membershipId?: string;
    status: "approved" | "denied" | "withdrawn";
    grant?: LimitRequestGrant;
    decidedByUserId: string;
    note?: string | null;
    at: Date;
  },
): Promise<MemberLimitRequest | null> {
  const [row] = await db
    .update(memberLimitRequests)
    .set({
      status: input.status,
      grant: input.grant ?? null,
      decidedByUserId: input.decidedByUserId,
      decisionNote: input.note ?? null,
      decidedAt: input.at,
    })
    .where(
      and(
        eq(memberLimitRequests.workspaceId, input.workspaceId),
        eq(memberLimitRequests.id, input.requestId),
        eq(memberLimitRequests.status, "open"),
        input.membershipId ? eq(memberLimitRequests.membershipId, input.membershipId) : undefined,
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * Adds credits to the member's allowance for the current month (the workspace's time zone at `at`),
 * which the ledger's limit check reads (cp_limit_with_extra). Returns the month and its extra now.
 */
export async function addLimitExtra(
  db: Executor,
  input: { workspaceId: string; membershipId: string; extra: number; at: Date },
): Promise<{ periodStart: string; extra: number }> {
  const rows = await db.execute<{ period_start: string; extra: string }>(sql`
    insert into member_limit_extras (membership_id, period_start, workspace_id, extra)
      select ${input.membershipId}::uuid,
             date_trunc('month', ${input.at.toISOString()}::timestamptz at time zone w.time_zone)::date,
             w.id, ${input.extra}::bigint
        from workspaces w where w.id = ${input.workspaceId}::uuid
    on conflict (membership_id, period_start, workspace_id)
      do update set extra = member_limit_extras.extra + excluded.extra
    returning period_start::text, extra`);
  const row = rows[0];
  if (!row) throw new Error("workspace not found for the extra allowance");
  return { periodStart: row.period_start, extra: Number(row.extra) };
}

/** Raises a member's monthly limit by `amount`; null when it is Unlimited (nothing to raise). */
export async function raiseMemberLimit(
  db: Executor,
  workspaceId: string,
  membershipId: string,
  amount: number,
): Promise<number | null> {
  const [row] = await db
    .update(memberships)
    .set({ monthlyLimit: sql`${memberships.monthlyLimit} + ${amount}` })
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(memberships.id, membershipId),
        sql`${memberships.monthlyLimit} IS NOT NULL`,
      ),
    )
    .returning({ monthlyLimit: memberships.monthlyLimit });
  return row?.monthlyLimit ?? null;
}

/** Whether this owner or admin chose to get the members' 80% and 100% alerts. */
export async function getsMemberAlerts(db: Executor, workspaceId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: memberAlertSubscriptions.userId })
    .from(memberAlertSubscriptions)
    .where(
      and(eq(memberAlertSubscriptions.workspaceId, workspaceId), eq(memberAlertSubscriptions.userId, userId)),
    );
  return Boolean(row);
}

export async function setGetsMemberAlerts(
  db: Executor,
  input: { workspaceId: string; userId: string; on: boolean; at: Date },
): Promise<void> {
  if (input.on) {
    await db
      .insert(memberAlertSubscriptions)
      .values({ workspaceId: input.workspaceId, userId: input.userId, createdAt: input.at })
      .onConflictDoNothing();
    return;
  }
  await db
    .delete(memberAlertSubscriptions)
    .where(
      and(
        eq(memberAlertSubscriptions.workspaceId, input.workspaceId),
        eq(memberAlertSubscriptions.userId, input.userId),
      ),
    );
}

/** The ids of the workspace's open requests (the bell offers Approve and Deny on these only). */
export async function listOpenLimitRequestIds(db: Executor, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ id: memberLimitRequests.id })
    .from(memberLimitRequests)
    .where(and(eq(memberLimitRequests.workspaceId, workspaceId), eq(memberLimitRequests.status, "open")))
    .limit(500);
  return rows.map((row) => row.id);
}
