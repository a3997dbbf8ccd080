// GET /api/workspaces/:workspaceId/notifications: the caller's own notifications and unread count (the bell polls it).
import { countUnreadNotifications, listNotifications } from "@/db/queries/notifications";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { presentNotification } from "@/lib/notifications/present";

export const dynamic = "force-dynamic";

export const GET = workspaceRoute("notifications:view-own", async (ctx) => {
  const scope = { workspaceId: ctx.workspace.id, userId: ctx.user.id };
  const [rows, unread] = await Promise.all([
    listNotifications(ctx.db, scope),
    countUnreadNotifications(ctx.db, scope),
  ]);
  return Response.json(
    { unread, items: rows.map((row) => presentNotification(row, ctx.workspace.slug)) },
    { headers: { "cache-control": "no-store" } },
  );
});
