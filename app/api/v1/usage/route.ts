// POST /api/v1/usage: charge a finished generation. GET /api/v1/usage: credit totals for a period.
import {
  apiError,
  ledgerFailureResponse,
  MAX_BODY_BYTES,
  memberNotFound,
  parseInput,
  readJson,
} from "@/lib/api/v1/http";
import { chargeMember } from "@/lib/api/v1/members";
import { apiSplit } from "@/lib/api/v1/present";
import { apiRoute } from "@/lib/api/v1/route";
import { usageQuery, usageRequest } from "@/lib/api/v1/schemas";
import { usageTotals } from "@/lib/api/v1/usage-totals";
import { spendValidated } from "@/lib/ledger";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (ctx, request) => {
  const body = await readJson(request, MAX_BODY_BYTES);
  if (!body.ok) return body.response;
  const input = parseInput(usageRequest, body.value);
  if (!input.ok) return input.response;
  const { member: ref, ...generation } = input.data;
  const outcome = await chargeMember(ctx.db, ctx.workspace.id, ref, (membershipId) =>
    spendValidated(ctx, { ...generation, workspaceId: ctx.workspace.id, membershipId }),
  );
  if (!outcome) return memberNotFound(ref);
  if (!outcome.ok) return ledgerFailureResponse(outcome);
  return Response.json(
    {
      id: outcome.usageEventId,
      entryId: outcome.entryId,
      credits: outcome.amount,
      split: apiSplit(outcome.split),
      balance: { total: outcome.balanceAfter },
    },
    { status: outcome.replayed ? 200 : 201 },
  );
});

export const GET = apiRoute(async (ctx, request) => {
  const query = parseInput(usageQuery, Object.fromEntries(new URL(request.url).searchParams));
  if (!query.ok) return query.response;
  if (new Date(query.data.from) >= new Date(query.data.to)) {
    return apiError(400, "invalid_request", "`from` must be before `to`.", {
      fieldErrors: { from: ["Must be before `to`"] },
    });
  }
  return Response.json(await usageTotals(ctx.db, ctx.workspace.id, query.data));
});
