// GET /api/workspaces/:workspaceId/notifications: the caller's own notifications and unread count (the bell polls it).
import { listOpenLimitRequestIds } from "@/db/queries/member-limit-requests";
import { countUnreadNotifications, listNotifications } from "@/db/queries/notifications";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { can } from "@/lib/auth/permissions";
import { presentNotification } from "@/lib/notifications/present";

export const dynamic = "force-dynamic";

export const GET = workspaceRoute("notifications:view-own", async (ctx) => {
  const scope = { workspaceId: ctx.workspace.id, userId: ctx.user.id };
  const [rows, unread, openRequestIds] = await Promise.all([
    listNotifications(ctx.db, scope),
    countUnreadNotifications(ctx.db, scope),
    // Requests still open get Approve and Deny in the bell, for those who may answer them.
    can(ctx.role, "members:manage") ? listOpenLimitRequestIds(ctx.db, ctx.workspace.id) : [],
  ]);
  const viewer = { userId: ctx.user.id, openRequestIds: new Set(openRequestIds) };
  return Response.json(
    { unread, items: rows.map((row) => presentNotification(row, ctx.workspace.slug, viewer)) },
    { headers: { "cache-control": "no-store" } },
  );
});
