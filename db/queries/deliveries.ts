// The outbox (notification_deliveries): emails and webhooks waiting to be sent, each with its log of
// attempts (delivery_attempts), and the local outbox of emails kept when no SMTP server is set
// (local_emails). lib/notifications/deliver.ts sends them.
import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import {
  deliveryAttempts,
  localEmails,
  notificationDeliveries,
  type NewDeliveryAttempt,
  type NewLocalEmail,
  type NotificationDelivery,
} from "@/db/schema";

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

/** A delivery being sent, with what sending it needs: the recipient, or the endpoint and its secret. */
export type ClaimedDelivery = {
  id: string;
  channel: "email" | "webhook";
  eventId: string | null;
  eventType: string;
  payload: Record<string, unknown>;
  attempts: number;
  workspaceId: string;
  workspaceName: string;
  workspaceSlug: string;
  toAddress: string | null;
  toUserId: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
};

/** Claims the next due delivery (skipping any another worker holds) in the caller's transaction. */
export async function claimNextDelivery(
  tx: Executor,
  now: Date,
  workspaceId?: string,
): Promise<ClaimedDelivery | null> {
  const scope = workspaceId ? sql`AND d.workspace_id = ${workspaceId}::uuid` : sql``;
  const rows = await tx.execute<ClaimedDelivery>(sql`
    SELECT d.id, d.channel, d.event_id AS "eventId", d.event_type AS "eventType", d.payload, d.attempts,
           d.workspace_id AS "workspaceId", w.name AS "workspaceName", w.slug AS "workspaceSlug",
           u.email AS "toAddress", d.user_id AS "toUserId", e.url AS "webhookUrl", e.secret AS "webhookSecret"
      FROM notification_deliveries d
      JOIN workspaces w ON w.id = d.workspace_id
      LEFT JOIN users u ON u.id = d.user_id
      LEFT JOIN webhook_endpoints e ON e.workspace_id = d.workspace_id AND d.channel = 'webhook'
     WHERE d.status = 'pending' AND d.next_attempt_at <= ${now.toISOString()}::timestamptz ${scope}
     ORDER BY d.next_attempt_at, d.created_at, d.id
     LIMIT 1
       FOR UPDATE OF d SKIP LOCKED`);
  return rows[0] ?? null;
}

export async function recordDeliveryAttempt(db: Executor, attempt: NewDeliveryAttempt): Promise<void> {
  await db.insert(deliveryAttempts).values(attempt);
}

/** Records how a delivery went: sent, cancelled, failed, or pending again for a later retry. */
export async function updateDelivery(
  db: Executor,
  deliveryId: string,
  changes: Partial<
    Pick<
      NotificationDelivery,
      "status" | "attempts" | "lastStatusCode" | "lastError" | "sentAt" | "nextAttemptAt"
    >
  >,
): Promise<void> {
  await db.update(notificationDeliveries).set(changes).where(eq(notificationDeliveries.id, deliveryId));
}

/** Keeps an email in the local outbox instead of sending it (no SMTP server configured). */
export async function recordLocalEmail(db: Executor, email: NewLocalEmail): Promise<void> {
  await db.insert(localEmails).values(email);
}

/** When the next pending delivery falls due (null: none pending). */
export async function nextDeliveryDueAt(db: Executor): Promise<Date | null> {
  const rows = await db.execute<{ ms: string | number | null }>(
    sql`SELECT (extract(epoch FROM min(next_attempt_at)) * 1000)::bigint AS ms
          FROM notification_deliveries WHERE status = 'pending'`,
  );
  const ms = rows[0]?.ms;
  return ms == null ? null : new Date(Number(ms));
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
          .where(
            and(eq(deliveryAttempts.workspaceId, workspaceId), inArray(deliveryAttempts.deliveryId, ids)),
          )
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

/** The outbox's backlog for metrics: pending deliveries by channel and when the oldest was queued. */
export async function readOutboxBacklog(
  db: Executor,
): Promise<{ channel: "email" | "webhook"; pending: number; oldestCreatedAt: Date | null }[]> {
  const rows = await db
    .select({
      channel: notificationDeliveries.channel,
      pending: sql<number>`count(*)::int`,
      oldestCreatedAt: sql<string | null>`min(${notificationDeliveries.createdAt})`,
    })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.status, "pending"))
    .groupBy(notificationDeliveries.channel);
  return rows.map((row) => ({
    channel: row.channel,
    pending: Number(row.pending),
    oldestCreatedAt: row.oldestCreatedAt === null ? null : new Date(row.oldestCreatedAt),
  }));
}
