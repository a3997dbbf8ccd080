// GET /api/health/ready: whether this instance should get traffic: 200 when its database answers and
// has every migration of this build, else 503. The scheduler's lag is reported, not gating
// (lib/ops/readiness.ts says why). The body names the checks and nothing secret.
import { observeRequest } from "@/lib/api/observe";
import { getClock } from "@/lib/clock";
import { getDb } from "@/lib/db";
import { checkReadiness } from "@/lib/ops/readiness";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return observeRequest(request, async () => {
    const readiness = await checkReadiness({ db: getDb(), clock: getClock() });
    return Response.json(
      { status: readiness.ready ? "ready" : "not_ready", checks: readiness.checks },
      { status: readiness.ready ? 200 : 503, headers: { "cache-control": "no-store" } },
    );
  });
}
