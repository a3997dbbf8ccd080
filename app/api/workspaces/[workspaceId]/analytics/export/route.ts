// GET /api/workspaces/:workspaceId/analytics/export?range&from&to&member&model&feature&stack&sort&dir: the Analytics page's figures as CSV.
import { stringify } from "csv-stringify/sync";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { ANALYTICS_CSV_COLUMNS, analyticsCsvRows } from "@/lib/analytics/csv";
import { localToday } from "@/lib/analytics/range";
import { loadAnalyticsReport } from "@/lib/analytics/report";
import { parseAnalyticsParams } from "@/lib/analytics/search-params";

export const dynamic = "force-dynamic";

export const GET = workspaceRoute("analytics:view", async (ctx, request) => {
  const url = new URL(request.url);
  const today = localToday(ctx.clock.now(), ctx.workspace.timeZone);
  const state = parseAnalyticsParams(Object.fromEntries(url.searchParams), today);
  const report = await loadAnalyticsReport(ctx.db, ctx.workspace.id, state);
  // A report is a few hundred rows at most (days × series + breakdowns): built in one go.
  const csv = stringify(analyticsCsvRows(report, state), { header: true, columns: ANALYTICS_CSV_COLUMNS });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.workspace.slug}-usage-${state.range.from}-to-${state.range.to}.csv"`,
      "cache-control": "no-store",
    },
  });
});
