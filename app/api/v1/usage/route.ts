// POST /api/v1/usage: charge a finished generation. GET /api/v1/usage: credit totals for a period.
import { apiError, parseInput } from "@/lib/api/v1/http";
import { chargeRequest } from "@/lib/api/v1/members";
import { apiSplit } from "@/lib/api/v1/present";
import { apiRoute, KEY_CHECKED_BY_LEDGER } from "@/lib/api/v1/route";
import { usageQuery, usageRequest } from "@/lib/api/v1/schemas";
import { usageTotals } from "@/lib/api/v1/usage-totals";
import { spendValidated } from "@/lib/ledger";
import { jsonResponse } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (ctx, request) => {
  const outcome = await chargeRequest(ctx, request, usageRequest, (usage) => spendValidated(ctx, usage));
  if (outcome instanceof Response) return outcome;
  return jsonResponse(
    {
      id: outcome.usageEventId,
      entryId: outcome.entryId,
      credits: outcome.amount,
      split: apiSplit(outcome.split),
      balance: { total: outcome.balanceAfter },
    },
    { status: outcome.replayed ? 200 : 201 },
  );
}, KEY_CHECKED_BY_LEDGER);

export const GET = apiRoute(async (ctx, request) => {
  const query = parseInput(usageQuery, Object.fromEntries(new URL(request.url).searchParams));
  if (!query.ok) return query.response;
  if (new Date(query.data.from) >= new Date(query.data.to)) {
    return apiError(400, "invalid_request", "`from` must be before `to`.", {
      fieldErrors: { from: ["Must be before `to`"] },
    });
  }
  return jsonResponse(await usageTotals(ctx.db, ctx.workspaceId, query.data));
});
