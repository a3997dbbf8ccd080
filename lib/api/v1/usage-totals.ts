import "server-only";
import type { Database } from "@/db";
import { listUsageTotals } from "@/db/queries/usage";

/** GET /api/v1/usage's answer: the groups of listUsageTotals, and their sum. */
export async function usageTotals(
  db: Database,
  workspaceId: string,
  query: { from: string; to: string; groupBy: "model" | "feature" | "member" | "apiKey"; apiKey?: string },
) {
  const groups = await listUsageTotals(db, workspaceId, query);
  return {
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    apiKey: query.apiKey ?? null,
    total: {
      credits: groups.reduce((s, g) => s + g.credits, 0),
      generations: groups.reduce((s, g) => s + g.generations, 0),
    },
    groups,
  };
}
