// Reads and writes of the notification centre, email choices, webhook log and local outbox. Plain
// functions over a database handle, scoped to one workspace (and one person where it is theirs).
import "server-only";
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import {
  creditEventTypeEnum,
  deliveryAttempts,
  localEmails,
  notificationDeliveries,
  notificationPreferences,
  notifications,
  type CreditEventType,
} from "@/db/schema";

type Scope = { workspaceId: string; userId: string };

/** The person's own notifications in the workspace. */
function ownedBy(scope: Scope) {
  return and(eq(notifications.workspaceId, scope.workspaceId), eq(notifications.userId, scope.userId));
}

export async function listNotifications(db: Executor, scope: Scope, limit = 20) {
  return db
    .select({
      id: notifications.id,
      type: notifications.type,
      payload: notifications.payload,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(ownedBy(scope))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnreadNotifications(db: Executor, scope: Scope): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(ownedBy(scope), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the person's own notifications read; false when it is not theirs (or not there). */
export async function markNotificationRead(db: Executor, scope: Scope & { id: string; at: Date }) {
  const rows = await db
    .update(notifications)
    .set({ readAt: scope.at })
    .where(and(eq(notifications.id, scope.id), ownedBy(scope), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  if (rows.length > 0) return true;
  const [mine] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.id, scope.id), ownedBy(scope)));
  return Boolean(mine);
}

export async function markAllNotificationsRead(db: Executor, scope: Scope & { at: Date }): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: scope.at })
    .where(and(ownedBy(scope), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Whether the person gets each event by email (on unless they turned it off). */
export async function getEmailPreferences(
  db: Executor,
  scope: Scope,
): Promise<Record<CreditEventType, boolean>> {
  const rows = await db
    .select({ type: notificationPreferences.type, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.workspaceId, scope.workspaceId),
        eq(notificationPreferences.userId, scope.userId),
      ),
    );
  const chosen = new Map(rows.map((row) => [row.type, row.email]));
  return Object.fromEntries(
    creditEventTypeEnum.enumValues.map((type) => [type, chosen.get(type) ?? true]),
  ) as Record<CreditEventType, boolean>;
}

export async function setEmailPreference(
  db: Executor,
  scope: Scope & { type: CreditEventType; email: boolean; at: Date },
): Promise<void> {
  await db
    .insert(notificationPreferences)
    .values({
      workspaceId: scope.workspaceId,
      userId: scope.userId,
      type: scope.type,
      email: scope.email,
      updatedAt: scope.at,
    })
    .onConflictDoUpdate({
      target: [
        notificationPreferences.workspaceId,
        notificationPreferences.userId,
        notificationPreferences.type,
      ],
      set: { email: scope.email, updatedAt: scope.at },
    });
}

/**
 * Queues a webhook for the workspace's endpoint (delivered, retried and logged like any other) and
 * wakes the delivery worker when the transaction commits.
 */
export async function queueWebhookDelivery(
  db: Executor,
  delivery: { workspaceId: string; eventType: string; payload: Record<string, unknown>; at: Date },
): Promise<string> {
  const [row] = await db
    .insert(notificationDeliveries)
    .values({
      workspaceId: delivery.workspaceId,
      channel: "webhook",
      eventType: delivery.eventType,
      payload: delivery.payload,
      nextAttemptAt: delivery.at,
      createdAt: delivery.at,
    })
    .returning({ id: notificationDeliveries.id });
  if (!row) throw new Error("webhook delivery was not queued");
  await db.execute(sql`SELECT pg_notify('creditpool_outbox', ${delivery.workspaceId})`);
  return row.id;
}

/** Cancels the workspace's webhooks still waiting to be sent, saying why; how many. */
export async function cancelPendingWebhookDeliveries(
  db: Executor,
  workspaceId: string,
  reason: string,
): Promise<number> {
  const cancelled = await db
    .update(notificationDeliveries)
    .set({ status: "cancelled", lastError: reason })
    .where(
      and(
        eq(notificationDeliveries.workspaceId, workspaceId),
        eq(notificationDeliveries.channel, "webhook"),
        eq(notificationDeliveries.status, "pending"),
      ),
    )
    .returning({ id: notificationDeliveries.id });
  return cancelled.length;
}

/** The webhook delivery log: newest first, each with its attempts. */
export async function listWebhookDeliveries(db: Executor, workspaceId: string, limit = 25) {
  const deliveries = await db
    .select()
    .from(notificationDeliveries)
    .where(
      and(eq(notificationDeliveries.workspaceId, workspaceId), eq(notificationDeliveries.channel, "webhook")),
    )
    .orderBy(desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id))
    .limit(limit);
  const ids = deliveries.map((delivery) => delivery.id);
  const attempts =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(deliveryAttempts)
          .where(inArray(deliveryAttempts.deliveryId, ids))
          .orderBy(desc(deliveryAttempts.attempt));
  return deliveries.map((delivery) => ({
    ...delivery,
    attemptLog: attempts.filter((attempt) => attempt.deliveryId === delivery.id),
  }));
}

export async function listLocalEmails(db: Executor, workspaceId: string, limit = 50) {
  return (
    db
      .select()
      .from(localEmails)
      .where(eq(localEmails.workspaceId, workspaceId))
      // Emails sent in one go share an instant: then by recipient and subject, so the list reads the
      // same on every load (the reference screenshots rely on it).
      .orderBy(
        desc(localEmails.createdAt),
        asc(localEmails.toAddress),
        asc(localEmails.subject),
        desc(localEmails.id),
      )
      .limit(limit)
  );
}
