// GET /api/metrics: Prometheus metrics of this instance (prom-client's text format), for a scraper
// holding METRICS_TOKEN (`Authorization: Bearer <token>`). Without METRICS_TOKEN set the route is off (404).
import { observeRequest } from "@/lib/api/observe";
import { getClock } from "@/lib/clock";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { renderMetrics } from "@/lib/ops/metrics-endpoint";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return observeRequest(request, () =>
    renderMetrics(
      { db: getDb(), clock: getClock() },
      request.headers.get("authorization"),
      env.METRICS_TOKEN,
    ),
  );
}
