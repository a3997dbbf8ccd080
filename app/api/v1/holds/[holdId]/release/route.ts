// POST /api/v1/holds/:holdId/release: free a hold in full (the generation was abandoned).
import { z } from "zod";
import { apiError, ledgerFailureResponse } from "@/lib/api/v1/http";
import { apiRoute } from "@/lib/api/v1/route";
import { release } from "@/lib/ledger";
import { jsonResponse } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ holdId: string }>(async (ctx, _request, params) => {
  if (!z.uuid().safeParse(params.holdId).success) return apiError(404, "hold_not_found", "No such hold.");
  const outcome = await release(ctx, { workspaceId: ctx.workspaceId, holdId: params.holdId });
  if (!outcome.ok) return ledgerFailureResponse(outcome);
  return jsonResponse({ holdId: outcome.holdId, released: outcome.released, status: outcome.status });
});
