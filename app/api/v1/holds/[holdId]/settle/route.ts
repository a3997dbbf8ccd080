// POST /api/v1/holds/:holdId/settle: charge the actual cost (at most what was held), free the rest.
import { z } from "zod";
import { apiError, ledgerFailureResponse, MAX_BODY_BYTES, parseInput, readJson } from "@/lib/api/v1/http";
import { apiSplit } from "@/lib/api/v1/present";
import { apiRoute } from "@/lib/api/v1/route";
import { settleRequest } from "@/lib/api/v1/schemas";
import { settleValidated } from "@/lib/ledger";
import { jsonResponse } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ holdId: string }>(async (ctx, request, params) => {
  if (!z.uuid().safeParse(params.holdId).success) return apiError(404, "hold_not_found", "No such hold.");
  const body =
    request.headers.get("content-length") === "0"
      ? { ok: true as const, value: {} }
      : await readJson(request, MAX_BODY_BYTES);
  if (!body.ok) return body.response;
  const input = parseInput(settleRequest, body.value ?? {});
  if (!input.ok) return input.response;
  const outcome = await settleValidated(ctx, {
    workspaceId: ctx.workspaceId,
    holdId: params.holdId,
    ...input.data,
  });
  if (!outcome.ok) return ledgerFailureResponse(outcome);
  return jsonResponse({
    id: outcome.usageEventId,
    holdId: outcome.holdId,
    credits: outcome.amount,
    released: outcome.released,
    split: apiSplit(outcome.split),
    balance: { total: outcome.balanceAfter },
  });
});
