// POST /api/v1/holds: reserve the worst-case cost before a long generation.
import {
  ledgerFailureResponse,
  MAX_BODY_BYTES,
  memberNotFound,
  parseInput,
  readJson,
} from "@/lib/api/v1/http";
import { chargeMember } from "@/lib/api/v1/members";
import { apiRoute } from "@/lib/api/v1/route";
import { holdRequest } from "@/lib/api/v1/schemas";
import { holdValidated } from "@/lib/ledger";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (ctx, request) => {
  const body = await readJson(request, MAX_BODY_BYTES);
  if (!body.ok) return body.response;
  const input = parseInput(holdRequest, body.value);
  if (!input.ok) return input.response;
  const { member: ref, ...generation } = input.data;
  const outcome = await chargeMember(ctx.db, ctx.workspace.id, ref, (membershipId) =>
    holdValidated(ctx, { ...generation, workspaceId: ctx.workspace.id, membershipId }),
  );
  if (!outcome) return memberNotFound(ref);
  if (!outcome.ok) return ledgerFailureResponse(outcome);
  return Response.json(
    { id: outcome.holdId, credits: outcome.amount, expiresAt: new Date(outcome.expiresAt).toISOString() },
    { status: outcome.replayed ? 200 : 201 },
  );
});
