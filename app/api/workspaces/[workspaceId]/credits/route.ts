// GET /api/workspaces/:workspaceId/credits: the Credits card's figures, for live refresh.
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getCreditsSummary } from "@/lib/credits/summary";

export const dynamic = "force-dynamic";

export const GET = workspaceRoute("credits:view", async (ctx) => {
  const summary = await getCreditsSummary(ctx, ctx.workspace);
  return Response.json(summary, { headers: { "cache-control": "no-store" } });
});
