// Delivering credit events: the in-app notification centre, each person's email choices, the
// workspace's webhook endpoint, and the outbox the job queue drains (one row per email or webhook
// to send, written by a trigger in the same transaction as the event, with every attempt logged).
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ownedBy, sameWorkspace, tenantPrimaryKey, tenantRowId } from "./columns";
import { creditEventTypeEnum, creditEvents } from "./payments";
import { users } from "./users";
import { workspaces } from "./workspaces";

/** One per recipient of an event: what the bell shows. */
export const notifications = pgTable(
  "notifications",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    userId: ownedBy(() => users.id),
    eventId: uuid().notNull(),
    type: creditEventTypeEnum().notNull(),
    payload: jsonb().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    tenantPrimaryKey(t),
    sameWorkspace("notifications_event_fk", t.eventId, t.workspaceId, creditEvents),
    uniqueIndex("notifications_event_user_unique").on(t.eventId, t.userId, t.workspaceId),
    index("notifications_user_idx").on(t.userId, t.workspaceId, t.createdAt.desc()),
    index("notifications_unread_idx")
      .on(t.userId, t.workspaceId)
      .where(sql`${t.readAt} IS NULL`),
  ],
);

/** A person's choice not to get one event type by email in one workspace. No row: they get it. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    workspaceId: ownedBy(() => workspaces.id),
    userId: ownedBy(() => users.id),
    type: creditEventTypeEnum().notNull(),
    email: boolean().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId, t.type] })],
);

/** Where the workspace's signed webhooks go (one endpoint per workspace; owners set it). */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  workspaceId: uuid()
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  url: text().notNull(),
  /** Signs every request (HMAC-SHA256). Shown to owners; rotating replaces it at once. */
  secret: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
  secretRotatedAt: timestamp({ withTimezone: true }).notNull(),
});

export const deliveryChannelEnum = pgEnum("delivery_channel", ["email", "webhook"]);
export const deliveryStatusEnum = pgEnum("delivery_status", ["pending", "sent", "failed", "cancelled"]);

/**
 * The outbox: one row per email (per recipient) or webhook (per endpoint) to send. Written in the
 * same transaction as the event; a worker claims a due row with FOR UPDATE SKIP LOCKED, sends it
 * and marks it in the same transaction.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    channel: deliveryChannelEnum().notNull(),
    /** The credit event; null for a webhook test event. */
    eventId: uuid(),
    /** A credit event type, or `test` for "Send test event". */
    eventType: text().notNull(),
    /** The email's recipient. */
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    /** For webhooks: the exact JSON body ({id, type, createdAt, workspace, data}); for email: the event. */
    payload: jsonb().notNull(),
    status: deliveryStatusEnum().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    lastError: text(),
    lastStatusCode: integer(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    sameWorkspace("notification_deliveries_event_fk", t.eventId, t.workspaceId, creditEvents),
    uniqueIndex("notification_deliveries_email_unique")
      .on(t.eventId, t.userId, t.workspaceId)
      .where(sql`${t.channel} = 'email'`),
    uniqueIndex("notification_deliveries_webhook_unique")
      .on(t.eventId, t.workspaceId)
      .where(sql`${t.channel} = 'webhook' AND ${t.eventId} IS NOT NULL`),
    index("notification_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index("notification_deliveries_workspace_idx").on(t.workspaceId, t.channel, t.createdAt.desc()),
    check(
      "notification_deliveries_email_has_recipient",
      sql`${t.channel} <> 'email' OR (${t.userId} IS NOT NULL AND ${t.eventId} IS NOT NULL)`,
    ),
  ],
);

/** Every attempt to send a delivery: the webhook's status code or the error, and how long it took. */
export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    workspaceId: ownedBy(() => workspaces.id),
    deliveryId: uuid().notNull(),
    attempt: integer().notNull(),
    succeeded: boolean().notNull(),
    statusCode: integer(),
    error: text(),
    durationMs: integer().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    sameWorkspace("delivery_attempts_delivery_fk", t.deliveryId, t.workspaceId, notificationDeliveries),
    index("delivery_attempts_delivery_idx").on(t.deliveryId, t.attempt),
  ],
);

/**
 * Emails "sent" while no SMTP server is configured: the local outbox, readable in the app in
 * development and test mode. Written in the same transaction that marks the delivery sent.
 */
export const localEmails = pgTable(
  "local_emails",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    deliveryId: uuid().notNull(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    sameWorkspace("local_emails_delivery_fk", t.deliveryId, t.workspaceId, notificationDeliveries),
    unique("local_emails_delivery_unique").on(t.deliveryId, t.workspaceId),
    index("local_emails_workspace_idx").on(t.workspaceId, t.createdAt.desc()),
  ],
);

export type Notification = typeof notifications.$inferSelect;
export type NotificationPreference = typeof notificationPreferences.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type DeliveryAttempt = typeof deliveryAttempts.$inferSelect;
export type NewDeliveryAttempt = typeof deliveryAttempts.$inferInsert;
export type LocalEmail = typeof localEmails.$inferSelect;
export type NewLocalEmail = typeof localEmails.$inferInsert;
export type DeliveryChannel = (typeof deliveryChannelEnum.enumValues)[number];
