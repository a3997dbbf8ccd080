// Reads and writes of the notification centre and the email choices. Plain functions over a database
// handle, scoped to one workspace (and one person where it is theirs).
import "server-only";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import {
  creditEventTypeEnum,
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
