// A notification as the browser gets it: the words, the link and the times, nothing internal.
import { describeCreditEvent } from "./messages";

export type NotificationView = {
  id: string;
  type: string;
  title: string;
  body: string;
  href: string;
  createdAt: string;
  readAt: string | null;
};

export type NotificationFeed = { unread: number; items: NotificationView[] };

export function presentNotification(
  row: { id: string; type: string; payload: unknown; createdAt: Date; readAt: Date | null },
  slug: string,
): NotificationView {
  const payload =
    row.payload && typeof row.payload === "object" ? (row.payload as Record<string, unknown>) : {};
  const message = describeCreditEvent(row.type, payload);
  return {
    id: row.id,
    type: row.type,
    title: message.title,
    body: message.body,
    href: `/w/${slug}${message.path}`,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}
