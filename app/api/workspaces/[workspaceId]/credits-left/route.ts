// GET /api/workspaces/:workspaceId/credits-left: the profile menu's Credits Left, as the caller's role may see it.
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getCreditsLeft } from "@/lib/credits/credits-left";

export const dynamic = "force-dynamic";

export const GET = workspaceRoute("usage:view-own", async (ctx) => {
  const creditsLeft = await getCreditsLeft(ctx, ctx);
  if (!creditsLeft)
    return Response.json({ error: { code: "not_found", message: "No credits yet." } }, { status: 404 });
  return Response.json(creditsLeft, { headers: { "cache-control": "no-store" } });
});
