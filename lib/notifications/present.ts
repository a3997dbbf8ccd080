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
  /** A member's request the viewer may still answer from the bell (member_limit_requested, still open). */
  openRequestId?: string;
};

export type NotificationFeed = { unread: number; items: NotificationView[] };

type Viewer = {
  userId: string;
  /** The requests still open that the viewer may decide (empty for someone who can't). */
  openRequestIds: ReadonlySet<string>;
};

export function presentNotification(
  row: { id: string; type: string; payload: unknown; createdAt: Date; readAt: Date | null },
  slug: string,
  viewer?: Viewer,
): NotificationView {
  const payload =
    row.payload && typeof row.payload === "object" ? (row.payload as Record<string, unknown>) : {};
  const message = describeCreditEvent(row.type, payload, viewer?.userId);
  const requestId = typeof payload.requestId === "string" ? payload.requestId : null;
  const isOpenRequest =
    row.type === "member_limit_requested" && requestId !== null && viewer?.openRequestIds.has(requestId);
  return {
    id: row.id,
    type: row.type,
    title: message.title,
    body: message.body,
    href: `/w/${slug}${message.path}`,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
    ...(isOpenRequest && requestId ? { openRequestId: requestId } : {}),
  };
}
