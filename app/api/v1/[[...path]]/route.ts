// Any path under /api/v1 no route answers (a typo, an old version's path, a probe): the API's own JSON
// 404, as every metering error is worded, instead of the site's HTML page. So every answer under
// /api/v1 is JSON, and the API's security headers (next.config.ts) fit them all. A known path with a
// method its route does not export is still Next.js's 405. Served by Next.js, not the lean path
// (lib/http/lean-routes.ts): its router is what lets the specific routes win over this one.
import { observeRequest } from "@/lib/api/observe";
import { apiError } from "@/lib/api/v1/http";
import { finishApiResponse } from "@/lib/api/v1/route";

export const dynamic = "force-dynamic";

function notFound(request: Request): Promise<Response> {
  // The path is not echoed: whatever a caller sends stays out of the answer.
  return observeRequest(request, async () =>
    finishApiResponse(
      apiError(
        404,
        "not_found",
        "No such endpoint. The metering API's endpoints are listed in /api/v1/openapi.json.",
      ),
    ),
  );
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
