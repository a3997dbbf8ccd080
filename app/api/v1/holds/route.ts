// POST /api/v1/holds: reserve the worst-case cost before a long generation.
import { chargeRequest } from "@/lib/api/v1/members";
import { apiRoute, KEY_CHECKED_BY_LEDGER } from "@/lib/api/v1/route";
import { holdRequest } from "@/lib/api/v1/schemas";
import { holdValidated } from "@/lib/ledger";
import { jsonResponse } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (ctx, request) => {
  const outcome = await chargeRequest(ctx, request, holdRequest, (hold) => holdValidated(ctx, hold));
  if (outcome instanceof Response) return outcome;
  return jsonResponse(
    { id: outcome.holdId, credits: outcome.amount, expiresAt: new Date(outcome.expiresAt).toISOString() },
    { status: outcome.replayed ? 200 : 201 },
  );
}, KEY_CHECKED_BY_LEDGER);
