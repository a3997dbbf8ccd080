// GET /api/health/live: the process answers (for a load balancer's or orchestrator's liveness probe).
// Touches nothing else, the database included: a database outage must not get every instance restarted.
import { observeRequest } from "@/lib/api/observe";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return observeRequest(request, async () =>
    Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }),
  );
}
