// Credit events for owners and admins (credit_events); triggers fan them out to the notification
// centre and the outbox.
import "server-only";
import type { Executor } from "@/db";
import { creditEvents, type CreditEventType } from "@/db/schema";

/**
 * Raises a credit event for the workspace's owners and admins. Write it in the same transaction as
 * what caused it; the dedupe key makes raising it twice a no-op.
 */
export async function raiseCreditEvent(
  db: Executor,
  event: {
    workspaceId: string;
    type: CreditEventType;
    dedupeKey: string;
    payload: Record<string, unknown>;
    at: Date;
    /** The member a member_limit_* event is about: who gets it follows from it (outbox.sql). */
    membershipId?: string;
  },
): Promise<boolean> {
  const rows = await db
    .insert(creditEvents)
    .values({
      workspaceId: event.workspaceId,
      type: event.type,
      dedupeKey: event.dedupeKey,
      payload: event.payload,
      membershipId: event.membershipId ?? null,
      createdAt: event.at,
    })
    .onConflictDoNothing()
    .returning({ id: creditEvents.id });
  return rows.length > 0;
}
