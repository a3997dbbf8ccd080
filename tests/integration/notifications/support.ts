// Helpers for the notification tests: spend a workspace down, read its credit events and outbox.
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { creditEvents, notificationDeliveries, notifications } from "@/db/schema";
import type { ManualClock } from "@/lib/clock";
import type { Deps } from "@/lib/deps";
import { spend } from "@/lib/ledger";
import { testDb, unitGeneration } from "../../support/db";

/** Spends exactly `credits` as the given member and fails the test if it is refused. */
export async function spendExactly(
  ctx: Deps & { clock: ManualClock },
  workspaceId: string,
  membershipId: string,
  credits: number,
) {
  const outcome = await spend(ctx, {
    workspaceId,
    membershipId,
    ...unitGeneration(credits),
    idempotencyKey: randomUUID(),
  });
  if (!outcome.ok) throw new Error(`spend refused: ${outcome.code}`);
  return outcome;
}

export async function eventsOf(workspaceId: string) {
  return testDb()
    .select()
    .from(creditEvents)
    .where(eq(creditEvents.workspaceId, workspaceId))
    .orderBy(asc(creditEvents.createdAt), asc(creditEvents.id));
}

export async function eventTypes(workspaceId: string) {
  return (await eventsOf(workspaceId)).map((event) => event.type);
}

export async function deliveriesOf(workspaceId: string, channel?: "email" | "webhook") {
  return testDb()
    .select()
    .from(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.workspaceId, workspaceId),
        channel ? eq(notificationDeliveries.channel, channel) : undefined,
      ),
    );
}

export async function notificationsOf(workspaceId: string) {
  return testDb().select().from(notifications).where(eq(notifications.workspaceId, workspaceId));
}
