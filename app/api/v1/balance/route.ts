// GET /api/v1/balance[?member=]: the workspace's balance, and a member's monthly allowance.
import { z } from "zod";
import { apiError, parseInput } from "@/lib/api/v1/http";
import { resolveMembers } from "@/lib/api/v1/members";
import { apiRoute } from "@/lib/api/v1/route";
import { memberRef as memberRefSchema } from "@/lib/api/v1/schemas";
import { getBalance, getMemberAllowance } from "@/lib/ledger";
import { jsonResponse } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (ctx, request) => {
  const query = parseInput(
    z.object({ member: memberRefSchema.optional() }),
    Object.fromEntries(new URL(request.url).searchParams),
  );
  if (!query.ok) return query.response;
  const memberRef = query.data.member ?? null;
  const balance = await getBalance(ctx, ctx.workspaceId);
  if (!balance) return apiError(401, "unauthorized", "This API key's workspace no longer exists.");
  let member;
  if (memberRef !== null) {
    const found = (await resolveMembers(ctx.db, ctx.workspaceId, [memberRef])).get(memberRef);
    if (!found)
      return apiError(422, "member_not_found", `No member ${JSON.stringify(memberRef)} in this workspace.`);
    const allowance = await getMemberAllowance(ctx, ctx.workspaceId, found.id);
    if (!allowance)
      return apiError(422, "member_not_found", `No member ${JSON.stringify(memberRef)} in this workspace.`);
    member = {
      id: found.id,
      email: found.email,
      monthlyLimit: allowance.limit,
      used: allowance.used,
      notCounted: allowance.notCounted,
      remaining: allowance.remaining,
      resetsAt: allowance.resetsAt,
    };
  }
  return jsonResponse({
    total: balance.total,
    byType: {
      free: balance.byType.free,
      subscription: balance.byType.subscription,
      topUp: {
        amount: balance.byType.top_up.amount + balance.byType.adjustment.amount,
        nextExpiry: balance.byType.top_up.nextExpiry ?? balance.byType.adjustment.nextExpiry,
      },
    },
    held: balance.held,
    lifetimeAdded: balance.lifetimeAdded,
    lifetimeSpent: balance.lifetimeSpent,
    ...(member ? { member } : {}),
  });
});
