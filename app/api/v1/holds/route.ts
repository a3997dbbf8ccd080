// POST /api/v1/holds: reserve the worst-case cost before a long generation.
import { apiError, ledgerFailureResponse, MAX_BODY_BYTES, parseInput, readJson } from "@/lib/api/v1/http";
import { resolveMembers } from "@/lib/api/v1/members";
import { apiRoute } from "@/lib/api/v1/route";
import { holdRequest } from "@/lib/api/v1/schemas";
import { hold } from "@/lib/ledger";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (ctx, request) => {
  const body = await readJson(request, MAX_BODY_BYTES);
  if (!body.ok) return body.response;
  const input = parseInput(holdRequest, body.value);
  if (!input.ok) return input.response;
  const member = (await resolveMembers(ctx.db, ctx.workspace.id, [input.data.member])).get(input.data.member);
  if (!member)
    return apiError(
      422,
      "member_not_found",
      `No member ${JSON.stringify(input.data.member)} in this workspace.`,
    );
  const { member: _member, ...generation } = input.data;
  const outcome = await hold(ctx, { ...generation, workspaceId: ctx.workspace.id, membershipId: member.id });
  if (!outcome.ok) return ledgerFailureResponse(outcome);
  return Response.json(
    { id: outcome.holdId, credits: outcome.amount, expiresAt: new Date(outcome.expiresAt).toISOString() },
    { status: outcome.replayed ? 200 : 201 },
  );
});
